import PromptDeckCore

/// The history browser: opening, searching as you type, filters, moving, and the answers from history.
extension AppState {
    mutating func openHistory() -> [Effect] {
        var browser = history ?? closedHistory ?? HistoryBrowser()
        browser.question = nil
        browser.isTyping = false
        browser.detail = nil
        history = browser
        return queryHistory()
    }

    /// Closes the browser, keeping it to reopen where it was.
    mutating func closeHistory() {
        closedHistory = history
        history = nil
    }

    /// Sends the current query with a new sequence number (older answers are then ignored).
    mutating func queryHistory() -> [Effect] {
        guard var browser = history else { return [] }
        browser.sequence += 1
        browser.loading = true
        browser.error = nil
        history = browser
        return [.queryHistory(browser.currentQuery, sequence: browser.sequence)]
    }

    mutating func receiveHistoryRows(_ rows: [HistoryRow], sequence: Int) -> [Effect] {
        guard var browser = history, browser.sequence == sequence else { return [] }
        let selectedID = browser.selected?.id
        browser.rows = rows.map { row in
            var safe = row
            safe.summary.firstLine = TerminalSafeText.make(row.summary.firstLine)
            safe.snippet = row.snippet.map { TerminalSafeText.make($0.replacingOccurrences(of: "\n", with: " ")) }
            return safe
        }
        browser.loading = false
        browser.learn(from: browser.rows)
        browser.cursor = selectedID.flatMap { id in browser.rows.firstIndex { $0.summary.id == id } } ?? 0
        browser.scroll = min(browser.scroll, browser.cursor)
        history = browser
        return loadSelectedRun()
    }

    /// Reads the selected run unless its detail is already shown.
    mutating func loadSelectedRun() -> [Effect] {
        guard let browser = history else { return [] }
        guard let id = browser.selected?.id else {
            history?.detail = nil
            return []
        }
        if browser.detail?.record.id == id { return [] }
        return [.loadHistoryRun(id: id)]
    }

    mutating func handleHistoryKey(_ key: Key) -> [Effect] {
        guard var browser = history else { return [] }
        if let question = browser.question { return handleHistoryQuestion(question, key: key) }
        if browser.isTyping {
            if let command = Keymap.command(for: key, in: [.textField]) {
                switch command {
                case .commit:
                    browser.isTyping = false
                    history = browser
                    return []
                case .abandon:
                    browser.isTyping = false
                    browser.query = TextField()
                    history = browser
                    return queryHistory()
                default:
                    guard browser.query.apply(command) else { return [] }
                }
            } else if case .char(let c) = key {
                browser.query.insert(String(c))
            } else if key == .up || key == .down {
                history = browser
                return moveInHistory(key == .up ? .moveUp : .moveDown)
            } else {
                return []
            }
            history = browser
            return queryHistory()
        }
        guard let command = Keymap.command(for: key, in: [.history]) else {
            if let global = Keymap.command(for: key, in: [.global]), global == .forceQuit { return perform(global) }
            return []
        }
        return performHistory(command)
    }

    mutating func performHistory(_ command: Command) -> [Effect] {
        guard var browser = history else { return [] }
        switch command {
        case .close:
            closeHistory()
            return []
        case .filter:
            browser.isTyping = true
            browser.detailFocused = false
        case .focusNext:
            browser.detailFocused.toggle()
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            return moveInHistory(command)
        case .mark:
            guard let id = browser.selected?.id else { return [] }
            if let index = browser.marked.firstIndex(of: id) {
                browser.marked.remove(at: index)
            } else {
                browser.marked.append(id)
            }
            history = browser
            return moveInHistory(.moveDown)
        case .cycleStatus: browser.statusFilter = HistoryBrowser.cycle(browser.statusFilter)
        case .cycleModel: browser.modelFilter = HistoryBrowser.cycle(browser.modelFilter, in: browser.knownModels)
        case .cyclePrompt: browser.promptFilter = HistoryBrowser.cycle(browser.promptFilter, in: browser.knownPrompts)
        case .cycleProfile:
            browser.profileFilter = HistoryBrowser.cycle(browser.profileFilter, in: browser.knownProfiles)
        case .clearFilters:
            browser.statusFilter = nil
            browser.modelFilter = nil
            browser.promptFilter = nil
            browser.profileFilter = nil
            browser.query = TextField()
        default:
            return performHistoryAction(command)
        }
        history = browser
        switch command {
        case .cycleStatus, .cycleModel, .cyclePrompt, .cycleProfile, .clearFilters: return queryHistory()
        default: return []
        }
    }

    mutating func moveInHistory(_ command: Command) -> [Effect] {
        guard var browser = history else { return [] }
        let page = max(1, HistoryLayout(size: size).list.height - 3)
        if browser.detailFocused {
            let delta: Int
            switch command {
            case .moveUp: delta = -1
            case .moveDown: delta = 1
            case .pageUp: delta = -page
            case .pageDown: delta = page
            case .top: delta = -Int.max / 2
            default: delta = Int.max / 2
            }
            browser.detailScroll = max(0, browser.detailScroll + delta)
            history = browser
            return []
        }
        let last = max(0, browser.rows.count - 1)
        switch command {
        case .moveUp: browser.cursor -= 1
        case .moveDown: browser.cursor += 1
        case .pageUp: browser.cursor -= page
        case .pageDown: browser.cursor += page
        case .top: browser.cursor = 0
        default: browser.cursor = last
        }
        browser.cursor = min(max(0, browser.cursor), last)
        history = browser
        return loadSelectedRun()
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
