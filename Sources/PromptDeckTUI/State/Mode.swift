/// What the screen shows: one value. Overlays (`AppState.overlay`) sit on top of any mode.
/// The payloads make impossible states unbuildable: the history view always has its browser, compare
/// mode always has its columns, and an inline edit or the token cursor belongs to the screen it is on.
/// `indirect` keeps `AppState` small: the payloads live on the heap, so copies of the state stay cheap
/// and deep call chains in debug builds do not run out of stack.
public indirect enum Mode: Equatable, Sendable {
    /// The five panes, and what in them takes the keys.
    case playground(PlaygroundActivity)
    /// The comparison's columns, and what in them takes the keys.
    case compare(CompareState)
    /// The history browser.
    case history(HistoryBrowser)
    /// The open prompt over its dataset × the variants, as a grid.
    case evaluation(EvaluationState)
}

/// What takes the keys in the playground's panes.
public enum PlaygroundActivity: Equatable, Sendable {
    /// The focused pane (and, while one plays, the replay).
    case panes
    /// Typing into the prompt filter.
    case filtering
    /// A variable or parameter edited in place.
    case editing(InlineEdit)
    /// The token cursor over the heatmap, at this token of the selected choice.
    case tokenCursor(Int)
    /// The template (or a chat message) edited in the Template pane.
    case editingTemplate(TemplateEditor)
}

/// Who takes the keys now. Derived from the mode and the overlay in one place (`AppState.keyTarget`);
/// key handling and the hint line both read it.
public enum KeyTarget: Equatable, Sendable {
    case overlay(Overlay)
    case historyQuestion(HistoryBrowser.Question)
    case historySearch
    case history
    case tokenCursor
    case inlineEdit
    /// The template editor in the Template pane.
    case templateEditor
    case filter
    /// The compare column's parameters panel.
    case columnEditor
    case compare
    /// The focused pane while a replay plays: replay keys first.
    case replay(Pane)
    case pane(Pane)
    /// The evaluation grid (and its cell reader).
    case evaluation
    /// The evaluation's dataset path, typed.
    case evaluationDataset

    /// The keymap contexts that apply, most specific first.
    public var contexts: [KeyContext] {
        switch self {
        case .overlay(let overlay):
            switch overlay {
            case .help, .preview, .messages: return [.overlay]
            case .picker: return [.picker, .textField]
            case .confirmQuit: return [.confirm]
            case .confirmSweep: return [.sweepQuestion]
            case .editor: return [.editor, .textField]
            case .save: return [.textField]
            case .reopen: return [.reopenForm, .textField]
            case .saveDraft(let menu): return menu.saveAs == nil ? [.saveMenu] : [.textField]
            case .newPrompt: return [.textField]
            case .versions: return [.versionList, .overlay]
            case .confirmDraft: return [.confirm]
            case .say: return [.editor, .textField]
            case .sweep: return [.sweepForm, .textField]
            }
        case .historyQuestion(.delete): return [.confirm]
        case .historyQuestion(.export): return [.exportForm, .textField]
        case .historySearch: return [.historySearch, .textField]
        case .history: return [.history]
        case .tokenCursor: return [.logprobs]
        case .inlineEdit: return [.textField]
        case .templateEditor: return [.editor, .textField]
        case .filter: return [.textField]
        case .columnEditor: return [.columnEditor, .parameters, .global]
        case .compare: return [.compare, .global]
        case .replay(let pane): return [.replay, pane.keyContext, .global]
        case .pane(let pane): return [pane.keyContext, .global]
        case .evaluation: return [.evaluation]
        case .evaluationDataset: return [.textField]
        }
    }
}
