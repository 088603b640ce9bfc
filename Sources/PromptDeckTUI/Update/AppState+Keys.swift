import PromptDeckCore

/// Key routing: who takes the keys is derived once (`keyTarget`), and each target's own handler runs.
extension AppState {
    /// Who takes the keys now: the overlay, then what the mode says.
    public var keyTarget: KeyTarget {
        if let overlay { return .overlay(overlay) }
        switch mode {
        case .history(let browser):
            if let question = browser.question { return .historyQuestion(question) }
            return browser.isTyping ? .historySearch : .history
        case .compare(let comparison):
            if case .editing(let edit) = comparison.activity { return edit == nil ? .columnEditor : .inlineEdit }
            return .compare
        case .playground(.tokenCursor): return .tokenCursor
        case .playground(.editing): return .inlineEdit
        case .playground(.editingTemplate): return .templateEditor
        case .playground(.filtering): return .filter
        case .playground(.panes):
            return replay.map { !$0.isFinished } ?? false ? .replay(focus) : .pane(focus)
        case .evaluation(let evaluation):
            if case .askingDataset = evaluation.phase { return .evaluationDataset }
            return .evaluation
        }
    }

    /// Global commands that work over every screen (history, the token cursor): help, messages, suspend.
    static let globalsEverywhere: Set<Command> = [.help, .quit, .forceQuit, .suspend, .showMessages]

    /// Routes a key to the handler of whoever takes it.
    mutating func handleKey(_ key: Key) -> [Effect] {
        let target = keyTarget
        // Esc and a key typed within the escape delay read as Alt-key: where the chord means nothing,
        // it is the two keys, so it never starts something the bare key would not.
        if case .alt(let character) = key, Keymap.command(for: key, in: target.contexts) == nil {
            return handleKey(.escape) + handleKey(.char(character))
        }
        if Keymap.command(for: key, in: [.global]) == .forceQuit {
            overlay = nil
            return cancelEverything() + [.quit]
        }
        switch target {
        case .overlay: return handleOverlayKey(key)
        case .historyQuestion(let question): return handleHistoryQuestion(question, key: key)
        case .historySearch, .history: return handleHistoryKey(key)
        case .tokenCursor: return handleTokenCursorKey(key)
        case .inlineEdit: return handleInlineEditKey(key)
        case .templateEditor: return handleTemplateEditorKey(key)
        case .filter: return handleFilterKey(key)
        case .columnEditor: return handleColumnEditorKey(key)
        case .compare:
            guard let command = Keymap.command(for: key, in: target.contexts) else { return [] }
            return performCompare(command)
        case .replay:
            if let command = Keymap.command(for: key, in: [.replay]) { return performReplay(command) }
            return performPaneKey(key, contexts: target.contexts)
        case .pane:
            return performPaneKey(key, contexts: target.contexts)
        case .evaluation, .evaluationDataset: return handleEvaluationKey(key)
        }
    }

    private mutating func performPaneKey(_ key: Key, contexts: [KeyContext]) -> [Effect] {
        guard let command = Keymap.command(for: key, in: contexts) else { return [] }
        return perform(command)
    }
}
