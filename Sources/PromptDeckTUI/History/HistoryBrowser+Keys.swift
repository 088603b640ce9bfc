import PromptDeckCore

/// The history browser's own keys: the search box, filters, marks and motion. What it cannot do alone
/// (close, replay, re-run, fork, compare, export, delete) it hands back to the playground.
extension HistoryBrowser {
    /// What a key did.
    public enum Outcome: Equatable, Sendable {
        /// The browser changed (or not); these effects answer it.
        case stay([Effect])
        case close
        /// An action on the selected run (or the marked ones) for the playground to carry out.
        case action(Command)
        /// A global command (help, suspend, messages) for the playground.
        case global(Command)
    }

    /// The lines the detail pane holds at `layout`, and how many of them it shows.
    func detailExtent(in layout: HistoryLayout) -> (lines: Int, visible: Int) {
        let inner = layout.detail.inner
        guard let detail else { return (0, max(1, inner.height)) }
        return (HistoryDetailLines.lines(detail, width: inner.width, timeZone: timeZone).count, max(1, inner.height))
    }

    /// Rows of the list that fit at `layout`.
    func listPage(in layout: HistoryLayout) -> Int {
        let perRow = rows.contains { $0.snippet != nil } ? 2 : 1
        return max(1, layout.list.inner.height / perRow)
    }

    /// Handles a key outside any question.
    public mutating func handle(_ key: Key, layout: HistoryLayout) -> Outcome {
        if isTyping {
            if let command = Keymap.command(for: key, in: [.historySearch]) { return move(command, layout: layout) }
            switch query.handle(key) {
            case .committed:
                isTyping = false
                return .stay([])
            case .abandoned:
                isTyping = false
                query = TextField()
                return .stay(send())
            case .edited:
                return .stay(send())
            case .ignored:
                return .stay([])
            }
        }
        guard let command = Keymap.command(for: key, in: [.history]) else {
            if let global = Keymap.command(for: key, in: [.global]), AppState.globalsEverywhere.contains(global) {
                return .global(global)
            }
            return .stay([])
        }
        switch command {
        case .close: return .close
        case .filter:
            isTyping = true
            detailFocused = false
        case .focusNext:
            detailFocused.toggle()
        case _ where ScrollMotion.isMotion(command):
            return move(command, layout: layout)
        case .mark:
            guard let id = selected?.id else { return .stay([]) }
            if let index = marked.firstIndex(of: id) {
                marked.remove(at: index)
            } else {
                marked.append(id)
            }
            return move(.moveDown, layout: layout)
        case .cycleStatus: statusFilter = Self.cycle(statusFilter)
        case .cycleModel: modelFilter = Self.cycle(modelFilter, in: knownModels)
        case .cyclePrompt: promptFilter = Self.cycle(promptFilter, in: knownPrompts)
        case .cycleProfile: profileFilter = Self.cycle(profileFilter, in: knownProfiles)
        case .clearFilters:
            statusFilter = nil
            modelFilter = nil
            promptFilter = nil
            profileFilter = nil
            query = TextField()
        default:
            return .action(command)
        }
        switch command {
        case .cycleStatus, .cycleModel, .cyclePrompt, .cycleProfile, .clearFilters: return .stay(send())
        default: return .stay([])
        }
    }

    /// Moves in the list, or scrolls the detail pane when it has focus (within its lines, so ↑ and PgUp
    /// always come back from the bottom).
    mutating func move(_ command: Command, layout: HistoryLayout) -> Outcome {
        if detailFocused {
            let extent = detailExtent(in: layout)
            let limit = max(0, extent.lines - extent.visible)
            detailScroll =
                ScrollMotion.apply(command, to: min(detailScroll, limit), page: extent.visible - 1, maximum: limit)
                ?? detailScroll
            return .stay([])
        }
        let page = listPage(in: layout)
        cursor = ScrollMotion.apply(command, to: cursor, page: page, maximum: max(0, rows.count - 1)) ?? cursor
        return .stay(loadSelected())
    }

    /// Sends the current query with a new sequence number (older answers are then ignored).
    mutating func send() -> [Effect] {
        sequence += 1
        loading = true
        error = nil
        return [.queryHistory(currentQuery, sequence: sequence)]
    }

    /// Reads the selected run unless its detail is already shown.
    mutating func loadSelected() -> [Effect] {
        guard let id = selected?.id else {
            detail = nil
            return []
        }
        if detail?.record.id == id { return [] }
        return [.loadHistoryRun(id: id)]
    }

    /// Takes in the rows of the newest query (older answers are dropped); keeps the selected run selected.
    mutating func receive(_ newRows: [HistoryRow], sequence answered: Int) -> [Effect] {
        guard answered == sequence else { return [] }
        let selectedID = selected?.id
        rows = newRows.map { row in
            var safe = row
            safe.summary.firstLine = TerminalSafeText.make(row.summary.firstLine)
            safe.snippet = row.snippet.map { TerminalSafeText.make($0.replacingOccurrences(of: "\n", with: " ")) }
            return safe
        }
        loading = false
        learn(from: rows)
        cursor = selectedID.flatMap { id in rows.firstIndex { $0.summary.id == id } } ?? 0
        scroll = min(scroll, cursor)
        return loadSelected()
    }

    /// Keys while the browser asks something: the delete question, or the export path and format.
    /// Returns the effects, and whether the question is over.
    public mutating func answer(_ question: Question, key: Key) -> [Effect] {
        switch question {
        case .delete(let id):
            switch Keymap.command(for: key, in: [.confirm]) {
            case .confirm?:
                self.question = nil
                return [.deleteRun(id: id)]
            case .deny?:
                self.question = nil
            default:
                break
            }
            return []
        case .export(let id, let format, var path):
            if Keymap.command(for: key, in: [.exportForm]) == .switchFormat {
                let next = format.next
                if path.text.hasSuffix("." + format.fileExtension) {
                    path = TextField(String(path.text.dropLast(format.fileExtension.count)) + next.fileExtension)
                }
                self.question = .export(runID: id, format: next, path: path)
                return []
            }
            switch path.handle(key) {
            case .committed(let text):
                self.question = nil
                let target = text.trimmingCharacters(in: .whitespaces)
                return target.isEmpty ? [] : [.exportRun(id: id, format: format, path: target)]
            case .abandoned:
                self.question = nil
            case .edited, .ignored:
                self.question = .export(runID: id, format: format, path: path)
            }
            return []
        }
    }
}
