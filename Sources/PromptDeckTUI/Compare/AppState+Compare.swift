import PromptDeckCore

extension AppState {
    /// Where compare mode puts things for the current size and number of columns.
    public var compareLayout: CompareLayout { CompareLayout(size: size, count: compare?.columns.count ?? 2) }

    /// `c`: into compare mode (two columns with the playground's settings the first time) and out again.
    mutating func toggleCompare() -> [Effect] {
        if isComparing {
            if compare?.isEditing ?? false { closeColumnEditor() }
            leaveComparison()
            focus = .output
            statusMessage = nil
            relayout()
            return []
        }
        guard detail != nil else {
            statusMessage = StatusMessage(.warning, "pick a prompt first")
            return []
        }
        var comparison = compare ?? CompareState(variants: [], textWidth: 1)
        if comparison.columns.isEmpty {
            let layout = CompareLayout(size: size, count: 2)
            comparison = CompareState(
                variants: [ComparisonVariant(position: 0, number: 1), ComparisonVariant(position: 1, number: 2)],
                textWidth: layout.textWidth)
        }
        showComparison(comparison)
        statusMessage = StatusMessage(.info, "compare: e edits a column · a adds · S sweeps · F5 runs all")
        relayout()
        return []
    }

    /// Keys in the column editor: the parameters panel for the focused column, and its pickers.
    mutating func handleColumnEditorKey(_ key: Key) -> [Effect] {
        guard let command = Keymap.command(for: key, in: KeyTarget.columnEditor.contexts) else { return [] }
        return handleColumnEditorCommand(command)
    }

    /// A command in the column editor: its own keys, the parameters panel's, and a few global ones.
    mutating func handleColumnEditorCommand(_ command: Command) -> [Effect] {
        switch command {
        case .close:
            closeColumnEditor()
            return []
        case .focusNext, .focusPrevious, .zoom, .filter:
            return []  // the panel stays on the column until Esc
        case _ where ScrollMotion.isMotion(command):
            focus = .parameters
            return move(command)
        default:
            focus = .parameters
            return perform(command)
        }
    }

    /// Opens the parameters panel for the focused column, starting at its first row.
    mutating func openColumnEditor() {
        guard var compare, compare.columns.indices.contains(compare.focused) else { return }
        compare.playgroundParameterCursor = parameterCursor
        compare.activity = .editing(nil)
        self.compare = compare
        parameterCursor = 0
        focus = .parameters
        statusMessage = StatusMessage(.info, "editing \(compare.columns[compare.focused].variant.label): Esc done")
    }

    /// Closes the column editor: the playground's parameter row comes back, and so does the status line.
    mutating func closeColumnEditor() {
        guard var compare, compare.isEditing else { return }
        compare.activity = .columns
        parameterCursor = compare.playgroundParameterCursor
        self.compare = compare
        parameterError = nil
        statusMessage = nil
    }

    /// Carries out a command in compare mode.
    mutating func performCompare(_ command: Command) -> [Effect] {
        guard var compare else { return perform(command) }
        switch command {
        case .run: return runAll()
        case .cancel:
            if compare.reading != nil {
                compare.reading = nil
                self.compare = compare
                return []
            }
            return cancelFocusedColumn()
        case .cancelAll: return cancelComparison()
        case .nextColumn, .focusNext, .previousColumn, .focusPrevious:
            let step = command == .nextColumn || command == .focusNext ? 1 : -1
            let count = compare.columns.count
            compare.focused = (compare.focused + step + count) % max(1, count)
            if compare.reading != nil { compare.reading = compare.focused }
            compare.readScroll = 0
        case .addColumn, .duplicateColumn: return addColumn(duplicating: command == .duplicateColumn)
        case .removeColumn: return removeColumn()
        case .editColumn:
            openColumnEditor()
            return []
        case .toggleDiff:
            compare.showsDiff.toggle()
            compare.refreshDiffs(at: compare.now, force: true)
            statusMessage = StatusMessage(.info, compare.showsDiff ? "word diff against #1" : "plain output")
        case .read, .zoom:
            compare.reading = compare.reading == nil ? compare.focused : nil
            compare.readScroll = 0
        case .nextChoice, .previousChoice:
            compare.selectChoice(command == .nextChoice ? 1 : -1)
        case .copy:
            let text = compare.columns.indices.contains(compare.focused) ? compare.columns[compare.focused].output : ""
            return copy(text, what: compare.columns[compare.focused].variant.label)
        case _ where ScrollMotion.isMotion(command):
            compare.move(command, layout: compareLayout)
        case .toggleCompare: return toggleCompare()
        case .filter: return []  // the prompt list is not on screen
        default: return perform(command)
        }
        self.compare = compare
        return []
    }

    /// `a` adds a column with the playground's settings; `D` copies the focused one.
    mutating func addColumn(duplicating: Bool, source: PromptSource? = nil, hostedVersion: Int? = nil) -> [Effect] {
        guard var compare, refuseWhileComparing() else { return [] }
        guard compare.columns.count < CompareState.maximumColumns else {
            statusMessage = StatusMessage(.warning, "at most \(CompareState.maximumColumns) columns")
            return []
        }
        var variant =
            duplicating ? compare.columns[compare.focused].variant : ComparisonVariant(position: 0, number: 0)
        variant.origins = [:]
        if let source {
            variant.source = source
            variant.specText = "version=\(source.label)"
        } else if let hostedVersion {
            variant.version = .number(hostedVersion)
            variant.specText = "version=\(hostedVersion)"
        }
        var column = CompareColumn(variant: variant, width: compare.textWidth)
        column.isEdited = true
        compare.madeBySweep = false
        let index = duplicating ? compare.focused + 1 : compare.columns.count
        compare.columns.insert(column, at: index)
        compare.focused = index
        compare.renumber()
        self.compare = compare
        relayout()
        return []
    }

    /// `x` removes the focused column (one always stays).
    mutating func removeColumn() -> [Effect] {
        guard var compare, refuseWhileComparing() else { return [] }
        guard compare.columns.count > 1 else {
            statusMessage = StatusMessage(.warning, "a comparison keeps at least one column (c leaves compare mode)")
            return []
        }
        compare.columns.remove(at: compare.focused)
        compare.focused = min(compare.focused, compare.columns.count - 1)
        compare.renumber()
        compare.reading = nil
        if compare.focused == 0 || compare.columns.count == 1 {
            for index in compare.columns.indices { compare.columns[index].diff = nil }
        }
        compare.refreshDiffs(at: compare.now, force: true)
        self.compare = compare
        relayout()
        return []
    }

    /// Columns cannot change while their runs are going (positions tie them to the runs).
    private mutating func refuseWhileComparing() -> Bool {
        guard compare?.isRunning ?? false else { return true }
        statusMessage = StatusMessage(.warning, "the comparison is running: wait, or X cancels it")
        return false
    }

    /// F5 in compare mode: every column at once, as one comparison.
    mutating func runAll() -> [Effect] {
        guard var compare else { return [] }
        if compare.isRunning {
            statusMessage = StatusMessage(.warning, "the comparison is running: Esc cancels a column, X all")
            return []
        }
        if run?.isActive ?? false {
            statusMessage = StatusMessage(.warning, "a run is going: leave compare mode (c) and cancel it first")
            return []
        }
        guard let inputs = runInputs() else {
            statusMessage = StatusMessage(.warning, "pick a prompt first")
            return []
        }
        if let bad = fields.first(where: { $0.error != nil }), let error = bad.error {
            statusMessage = StatusMessage(.error, "\(bad.name): \(error) (c goes back to the form)", field: bad.name)
            return []
        }
        for index in compare.columns.indices {
            compare.columns[index].variant.position = index
            compare.columns[index].result = nil
            compare.columns[index].elapsedMs = nil
            compare.columns[index].isEdited = false
            compare.columns[index].clearText()
        }
        compare.phase = .starting
        compare.groupID = nil
        compare.pendingCancels = []
        compare.cancelAllRequested = false
        compare.activity = .columns
        compare.diffedAt = -.infinity
        self.compare = compare
        statusMessage = nil
        return [.startComparison(base: inputs, variants: compare.columns.map(\.variant))]
    }

    /// Esc on a column: cancel its run (partial output kept).
    mutating func cancelFocusedColumn() -> [Effect] {
        guard var compare, compare.isRunning else {
            statusMessage = nil
            return []
        }
        let position = compare.focused
        let label = compare.columns[position].variant.label
        if compare.columns[position].result?.status.isFinished ?? false {
            statusMessage = StatusMessage(.info, "\(label) is already over (X cancels the rest)")
            return []
        }
        statusMessage = StatusMessage(.info, "cancelling \(label)…")
        if compare.phase == .starting {
            compare.pendingCancels.insert(position)
            self.compare = compare
            return []
        }
        return [.cancelVariant(position: position)]
    }

    /// `X`: cancel every column.
    mutating func cancelComparison() -> [Effect] {
        guard var compare, compare.isRunning else { return [] }
        statusMessage = StatusMessage(.info, "cancelling every column…")
        if compare.phase == .starting {
            compare.cancelAllRequested = true
            self.compare = compare
            return []
        }
        return [.cancelComparison]
    }

    /// Picking a model for the focused column (the playground's model again clears the column's).
    mutating func setColumnModel(_ choice: String) {
        guard var compare else { return }
        let index = compare.focused
        compare.columns[index].variant.model = choice
        compare.columns[index].isEdited = true
        compare.madeBySweep = false
        self.compare = compare
        statusMessage = StatusMessage(.info, "\(compare.columns[index].variant.label): model \(choice)")
    }

    /// Picking a profile for the focused column: the model goes back to what that profile implies.
    mutating func setColumnProfile(_ choice: String) {
        guard var compare else { return }
        let index = compare.focused
        compare.columns[index].variant.profileName = choice
        // The playground's picked model would follow the column to the other provider: use that profile's.
        let profile = profiles.first { $0.name == choice }
        compare.columns[index].variant.model = modelOverride == nil ? nil : detail?.prompt.model ?? profile?.model
        compare.columns[index].isEdited = true
        compare.madeBySweep = false
        self.compare = compare
        statusMessage = StatusMessage(.info, "\(compare.columns[index].variant.label): profile \(choice)")
    }
}
