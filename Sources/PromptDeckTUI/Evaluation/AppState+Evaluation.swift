import PromptDeckCore

/// Evaluation mode: `E` runs the open prompt over its dataset with the columns as variants; the grid
/// fills as cells end; Enter reads a cell; `F` runs the failed cells again; Esc goes back.
extension AppState {
    /// The evaluation on screen (nil in every other mode). Setting it changes it in place.
    public var evaluation: EvaluationState? {
        get {
            if case .evaluation(let evaluation) = mode { return evaluation }
            return nil
        }
        set {
            guard case .evaluation = mode, let newValue else { return }
            mode = .evaluation(newValue)
        }
    }

    /// `E`: evaluate the open prompt. From compare mode the columns are the variants; from the playground,
    /// the saved prompt and the draft side by side when there is a draft, else the settings as they are.
    mutating func startEvaluation() -> [Effect] {
        guard let detail, let inputs = runInputs() else {
            statusMessage = StatusMessage(.warning, "pick a prompt first")
            return []
        }
        if run?.isActive ?? false || compare?.isRunning ?? false {
            statusMessage = StatusMessage(.warning, "a run is going: wait for it, or cancel it first")
            return []
        }
        if deferUntilDraftIsSpliced(.evaluate) { return [] }
        // The form's values are only defaults: each row brings its own, and a bad one is that row's problem.
        let origin: EvaluationState.Origin
        var variants: [ComparisonVariant]
        if isComparing, var comparison = compare {
            if comparison.isEditing { closeColumnEditor() }
            comparison = compare ?? comparison
            comparison.activity = .columns
            origin = .compare(comparison)
            variants = comparison.columns.map(\.variant)
        } else {
            origin = .playground
            variants = savedAndDraftSources.map(Self.variants) ?? [ComparisonVariant(position: 0, number: 1)]
        }
        for index in variants.indices {
            variants[index].position = index
            variants[index].number = index + 1
            variants[index].repetition = 1
            variants[index].repeatCount = 1
        }
        var evaluation = EvaluationState(origin: origin, base: inputs, variants: variants)
        keptComparison = nil
        defer { statusMessage = nil }
        guard detail.prompt.dataset != nil else {
            evaluation.phase = .askingDataset(TextField())
            mode = .evaluation(evaluation)
            return []
        }
        mode = .evaluation(evaluation)
        return [.startEvaluation(EvaluationRequest(base: inputs, variants: variants))]
    }

    /// Keys in evaluation mode: the dataset field while it asks, else the grid's and the reader's.
    mutating func handleEvaluationKey(_ key: Key) -> [Effect] {
        guard var evaluation else { return [] }
        if case .askingDataset(var field) = evaluation.phase {
            switch field.handle(key) {
            case .committed(let text):
                let path = text.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else {
                    statusMessage = StatusMessage(.warning, "type the dataset's path (CSV, JSONL or YAML), or Esc")
                    return []
                }
                evaluation.datasetPath = path
                evaluation.phase = .starting
                self.evaluation = evaluation
                return [
                    .startEvaluation(
                        EvaluationRequest(base: evaluation.base, variants: evaluation.variants, datasetPath: path))
                ]
            case .abandoned:
                leaveEvaluation()
            case .edited, .ignored:
                evaluation.phase = .askingDataset(field)
                self.evaluation = evaluation
            }
            return []
        }
        if let command = Keymap.command(for: key, in: [.evaluation]) { return performEvaluation(command) }
        if let command = Keymap.command(for: key, in: [.global]), Self.globalsEverywhere.contains(command) {
            return perform(command)
        }
        return []
    }

    /// A command of the grid or the reader.
    mutating func performEvaluation(_ command: Command) -> [Effect] {
        guard var evaluation else { return [] }
        let page = max(1, EvaluationLayout(size: size).gridRows - 1)
        let lastRow = max(0, evaluation.rows.count - 1)
        switch command {
        case _ where ScrollMotion.isMotion(command):
            if evaluation.isReading {
                evaluation.readScroll =
                    ScrollMotion.apply(command, to: evaluation.readScroll, page: page, maximum: 10_000) ?? 0
            } else {
                evaluation.cursorRow =
                    ScrollMotion.apply(command, to: evaluation.cursorRow, page: page, maximum: lastRow) ?? 0
            }
        case .nextColumn, .previousColumn:
            let count = max(1, evaluation.variants.count)
            evaluation.cursorColumn = (evaluation.cursorColumn + (command == .nextColumn ? 1 : -1) + count) % count
            evaluation.readScroll = 0
        case .read:
            guard evaluation.selectedCell != nil else { return [] }
            evaluation.isReading.toggle()
            evaluation.readScroll = 0
        case .rerunFailed: return rerunFailedCells()
        case .run:
            guard !evaluation.isRunning else {
                statusMessage = StatusMessage(.warning, "the evaluation is running: wait, or X cancels it")
                return []
            }
            evaluation = EvaluationState(
                origin: evaluation.origin, base: evaluation.base, variants: evaluation.variants)
            self.evaluation = evaluation
            return [.startEvaluation(EvaluationRequest(base: evaluation.base, variants: evaluation.variants))]
        case .cancelAll:
            guard evaluation.isRunning else { return [] }
            statusMessage = StatusMessage(.info, "cancelling the cells still going…")
            return [.cancelEvaluation]
        case .copy:
            let output = evaluation.selectedCell?.result?.output ?? ""
            return copy(output, what: "the cell's output")
        case .close:
            if evaluation.isReading {
                evaluation.isReading = false
            } else {
                let running = evaluation.isRunning
                leaveEvaluation()
                if running { statusMessage = StatusMessage(.info, "evaluation cancelled (finished cells are kept)") }
                return running ? [.cancelEvaluation] : []
            }
        default: return []
        }
        self.evaluation = evaluation
        return []
    }

    /// `F`: the failed cells again, in the same history group; each new run replaces the one it re-runs.
    mutating func rerunFailedCells() -> [Effect] {
        guard var evaluation else { return [] }
        guard !evaluation.isRunning else {
            statusMessage = StatusMessage(.warning, "the evaluation is running: wait, or X cancels it")
            return []
        }
        let failed = evaluation.failedCells
        guard let groupID = evaluation.groupID, !failed.isEmpty else {
            statusMessage = StatusMessage(.info, "no failed cell to run again")
            return []
        }
        for index in evaluation.cells.indices where evaluation.cells[index].status == .failed {
            evaluation.cells[index].status = .pending
        }
        evaluation.phase = .starting
        self.evaluation = evaluation
        statusMessage = StatusMessage(.info, "running \(failed.count) failed cell\(failed.count == 1 ? "" : "s") again")
        let keys = failed.map { EvaluationCellKey(row: $0.row, variant: $0.variant, replacing: $0.runID) }
        return [
            .startEvaluation(
                EvaluationRequest(
                    base: evaluation.base, variants: evaluation.variants, datasetPath: evaluation.datasetPath,
                    groupID: groupID, only: keys))
        ]
    }

    /// Back to compare mode (its columns as they were) or the playground.
    mutating func leaveEvaluation() {
        guard let evaluation else { return }
        switch evaluation.origin {
        case .compare(let comparison): showComparison(comparison)
        case .playground: mode = .playground(.panes)
        }
        relayout()
    }

    /// The evaluation's answers (nil: not one of them).
    mutating func receiveEvaluationMessage(_ msg: Msg) -> [Effect]? {
        switch msg {
        case .evaluationStarted(let start): receiveEvaluationStart(start)
        case .evaluationFailedToStart(let message):
            guard var evaluation else { return [] }
            evaluation.phase = .failed(TerminalSafeText.make(message))
            self.evaluation = evaluation
            statusMessage = StatusMessage(.error, "the evaluation could not start: see the grid (Esc goes back)")
        case .evaluationRunning(let groupID, let positions):
            guard var evaluation, evaluation.groupID == groupID else { return [] }
            let running = Set(positions)
            for (position, index) in evaluation.positions.enumerated() {
                // Finished cells keep their mark (a finish can overtake the coalesced running list).
                let status = evaluation.cells[index].status
                guard status == .pending || status == .running else { continue }
                evaluation.cells[index].status = running.contains(position) ? .running : .pending
            }
            self.evaluation = evaluation
        case .evaluationCellFinished(let groupID, let position, let result):
            guard var evaluation, evaluation.groupID == groupID, evaluation.positions.indices.contains(position)
            else { return [] }
            let index = evaluation.positions[position]
            evaluation.cells[index].result = result
            evaluation.cells[index].status = result.passed ? .passed : .failed
            self.evaluation = evaluation
        case .evaluationFinished(let groupID, let previous, let warning):
            guard var evaluation, evaluation.groupID == groupID else { return [] }
            evaluation.phase = .finished
            evaluation.previous = previous
            self.evaluation = evaluation
            let (done, failed, _) = evaluation.progress
            var text = "evaluation over: \(done - failed)/\(done) passed · group \(groupID)"
            if failed > 0 { text += " · F runs the failed again" }
            if let warning { text += " · not all recorded: \(TerminalSafeText.make(warning))" }
            statusMessage = StatusMessage(failed > 0 || warning != nil ? .warning : .info, text)
        default: return nil
        }
        return []
    }

    private mutating func receiveEvaluationStart(_ start: EvaluationStart) {
        guard var evaluation, evaluation.phase == .starting else { return }
        if !start.isRerun {
            evaluation.rows = start.rows
            evaluation.cells = start.rows.flatMap { row in
                evaluation.variants.map { EvaluationGridCell(row: row.number, variant: $0.number) }
            }
            evaluation.rowProblems = start.rowProblems.map(TerminalSafeText.make)
            evaluation.cursorRow = 0
        }
        let columns = evaluation.variants.map(\.number)
        let rowIndex = Dictionary(evaluation.rows.enumerated().map { ($1.number, $0) }, uniquingKeysWith: { a, _ in a })
        evaluation.positions = start.cells.map { key in
            (rowIndex[key.row] ?? 0) * columns.count + (columns.firstIndex(of: key.variant) ?? 0)
        }
        for index in evaluation.positions { evaluation.cells[index].status = .pending }
        evaluation.groupID = start.groupID
        evaluation.phase = .running
        self.evaluation = evaluation
        for warning in start.warnings { log(StatusMessage(.warning, TerminalSafeText.make(warning))) }
        for problem in evaluation.rowProblems { log(StatusMessage(.warning, problem)) }
        if !start.rowProblems.isEmpty {
            let count = start.rowProblems.count
            statusMessage = StatusMessage(
                .warning, "\(count) row\(count == 1 ? "" : "s") cannot run: ! shows why (the others run)")
        }
    }
}
