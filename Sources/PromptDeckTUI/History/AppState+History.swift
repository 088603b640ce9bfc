import PromptDeckCore

/// The history browser: opening, searching as you type, filters, moving, and the answers from history.
extension AppState {
    /// The history browser's answers (nil: not one of them).
    mutating func receiveHistoryMessage(_ msg: Msg) -> [Effect]? {
        switch msg {
        case .historyListed(let sequence, let rows): return receiveHistoryRows(rows, sequence: sequence)
        case .historyListFailed(let sequence, let message):
            guard history?.sequence == sequence else { return [] }
            history?.loading = false
            history?.error = TerminalSafeText.make(message)
        case .historyRunLoaded(let detail):
            guard history?.selected?.id == detail.record.id else { return [] }
            history?.detail = detail
            history?.detailScroll = 0
        case .historyRunDeleted(let id): return receiveDeletion(id)
        case .runExported(let path):
            statusMessage = StatusMessage(.info, "exported to \(TerminalSafeText.make(path))")
        default: return nil
        }
        return []
    }

    mutating func openHistory() -> [Effect] {
        var browser = history ?? keptHistory ?? HistoryBrowser()
        browser.question = nil
        browser.isTyping = false
        browser.detail = nil
        keptHistory = nil
        browser.returnsToComparison = isComparing
        if isComparing { leaveComparison() }
        mode = .history(browser)
        return queryHistory()
    }

    /// Closes the browser, keeping it to reopen where it was.
    mutating func closeHistory() {
        guard let browser = history else { return }
        keptHistory = browser
        mode = .playground(.panes)
        if browser.returnsToComparison, let comparison = keptComparison { showComparison(comparison) }
    }

    /// Sends the current query with a new sequence number (older answers are then ignored).
    mutating func queryHistory() -> [Effect] { history?.send() ?? [] }

    mutating func receiveHistoryRows(_ rows: [HistoryRow], sequence: Int) -> [Effect] {
        history?.receive(rows, sequence: sequence) ?? []
    }

    /// Reads the selected run unless its detail is already shown.
    mutating func loadSelectedRun() -> [Effect] { history?.loadSelected() ?? [] }

    mutating func handleHistoryKey(_ key: Key) -> [Effect] {
        guard var browser = history else { return [] }
        let outcome = browser.handle(key, layout: HistoryLayout(size: size))
        history = browser
        switch outcome {
        case .stay(let effects): return effects
        case .close:
            closeHistory()
            return []
        case .action(let command): return performHistoryAction(command)
        case .global(let command): return perform(command)
        }
    }

    mutating func receiveDeletion(_ id: String) -> [Effect] {
        statusMessage = StatusMessage(.info, "deleted run \(id)")
        guard var browser = history else { return [] }
        browser.rows.removeAll { $0.summary.id == id }
        browser.marked.removeAll { $0 == id }
        browser.cursor = min(browser.cursor, max(0, browser.rows.count - 1))
        if browser.detail?.record.id == id { browser.detail = nil }
        history = browser
        return loadSelectedRun()
    }
}
