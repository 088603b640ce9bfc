/// What a key does. The keymap maps keys to commands per context; `update` carries commands out.
public enum Command: String, Sendable, CaseIterable {
    case run, cancel, focusNext, focusPrevious, help, quit, forceQuit, toggleStream, preview, pickTheme
    case pickModel, pickProfile, zoom
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case filter, select, edit, toggle, externalEditor, resetValue, stepDown, stepUp
    case saveOutput, nextChoice, previousChoice
    case confirm, deny, close, suspend, copy, showMessages, nextField, previousField
    // Compare mode
    case toggleCompare, cancelAll, nextColumn, previousColumn, addColumn, duplicateColumn, removeColumn
    case editColumn, toggleDiff, sweep, read, reopenComparison
    // History, replay and logprobs
    case openHistory, mark, compareMarked, replay, rerun, fork, export, delete
    case cycleStatus, cycleModel, cyclePrompt, cycleProfile, clearFilters, switchFormat
    case pauseReplay, stepReplay, replaySpeed, tokenCursor, nextToken, previousToken
    // Editing the prompt: drafts, saving, versions
    case addMessage, removeMessage, cycleRole, moveMessageUp, moveMessageDown, revertDraft, saveDraft
    case compareDraft, newPrompt, showVersions, toggleReasoning, continueConversation, regenerate
    case startOver, pushDraft, togglePrettyJSON
    // Text fields
    case cursorLeft, cursorRight, cursorUp, cursorDown, lineStart, lineEnd, wordLeft, wordRight
    case deleteBackward, deleteForward, deleteWord, deleteToStart, deleteToEnd, commit, abandon, newline
    // Evaluation mode, and the checks in the output pane
    case evaluate, rerunFailed, showCheckFailures
}

/// Where a binding applies. Lookups try the most specific context first, then `global`.
public enum KeyContext: String, Sendable, CaseIterable {
    case global = "anywhere"
    case prompts = "prompt list"
    case template = "template"
    case variables = "variables"
    case parameters = "parameters"
    case output = "output"
    case compare = "compare mode"
    case history = "history"
    case replay = "replay"
    case logprobs = "token cursor"
    case textField = "text field"
    case editor = "multi-line editor"
    case overlay = "overlay"
    case picker = "picker"
    case confirm = "question"
    case sweepForm = "sweep form"
    case sweepQuestion = "sweep question"
    case exportForm = "export form"
    case historySearch = "history search"
    case columnEditor = "column editor"
    case reopenForm = "reopen form"
    case saveMenu = "save menu"
    case versionList = "version list"
    case evaluation = "evaluation mode"
}

/// One row of the keymap: keys, the command they run, where, and the help text.
public struct Binding: Sendable {
    public var keys: [Key]
    public var command: Command
    public var context: KeyContext
    public var help: String
    /// A short label for the key-hint line; nil keeps it out of the hint line.
    public var hint: String?

    /// Creates a binding.
    public init(_ keys: [Key], _ command: Command, _ context: KeyContext, _ help: String, hint: String? = nil) {
        self.keys = keys
        self.command = command
        self.context = context
        self.help = help
        self.hint = hint
    }

    /// The keys joined for display: `F5 / Ctrl-R`.
    public var keyLabel: String { keys.map(\.label).joined(separator: " / ") }
}
