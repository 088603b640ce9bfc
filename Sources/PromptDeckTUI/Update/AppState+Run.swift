import PromptDeckCore

extension AppState {
    /// What a run of the current form and parameters asks for (the same `RunInputs` the CLI builds from flags).
    public func runInputs() -> RunInputs? {
        guard let detail else { return nil }
        var variables: [String: JSONValue] = [:]
        for field in fields { variables[field.name] = field.runValue }
        var typed = overrides[detail.prompt.id] ?? [:]
        let stream = typed.removeValue(forKey: "stream")?.boolValue
        return RunInputs(
            promptID: detail.prompt.id, variables: variables, overrides: typed, profileName: profileOverride,
            model: modelOverride, stream: stream, parentID: forkParentID, source: draftSourceForRun)
    }

    mutating func startRun() -> [Effect] {
        if run?.isActive ?? false {
            statusMessage = StatusMessage(.warning, "a run is going: Esc cancels it")
            return []
        }
        guard let inputs = runInputs() else {
            statusMessage = StatusMessage(.warning, "pick a prompt first")
            return []
        }
        if deferUntilDraftIsSpliced(.run) { return [] }
        if let bad = fields.first(where: { $0.error != nil }), let error = bad.error {
            statusMessage = StatusMessage(.error, "\(bad.name): \(error)", field: bad.name)
            focus = .variables
            fieldCursor = fields.firstIndex(of: bad) ?? fieldCursor
            return []
        }
        run = RunProgress(startedAt: run?.now ?? 0)
        replay = nil
        tokenCursor = nil
        forkParentID = nil
        output.clear(choiceCount: effectiveParameter("n")?.intValue ?? 1)
        statusMessage = nil
        return [.startRun(inputs)]
    }

    mutating func cancelRun() -> [Effect] {
        guard var run, run.isActive else { return [] }
        guard let id = run.id else {
            run.cancelRequested = true
            self.run = run
            return []
        }
        statusMessage = StatusMessage(.info, "cancelling…")
        return [.cancelRun(id: id)]
    }

    mutating func receiveRunStart(_ start: RunStart) -> [Effect] {
        if activeModel == nil, !start.model.isEmpty { servedModels[start.profileName] = start.model }
        var progress = RunProgress(startedAt: start.at)
        progress.id = start.id
        progress.phase = .waiting
        progress.model = start.model
        progress.profileName = start.profileName
        let cancel = run?.cancelRequested ?? false
        run = progress
        output.clear(choiceCount: start.choiceCount)
        if let warning = start.warnings.first {
            statusMessage = StatusMessage(.warning, TerminalSafeText.make(warning))
        }
        return cancel ? [.cancelRun(id: start.id)] : []
    }

    mutating func receiveEvents(id: String, events: [StreamEvent], at: Double) {
        guard var progress = run, progress.id == id else { return }
        progress.now = max(progress.now, at)
        for event in events {
            switch event {
            case .delta(let choice, let text, let logprobs):
                if let logprobs, !logprobs.isEmpty { output.appendTokens(logprobs, choice: choice) }
                guard !text.isEmpty else { continue }
                if progress.firstTokenAt == nil { progress.firstTokenAt = at }
                progress.deltaCount += 1
                progress.phase = .streaming
                output.append(TerminalSafeText.make(text), choice: choice)
            case .usage(let usage): progress.usage = usage
            case .finish(let choice, let reason): progress.finishReasons[choice] = reason
            case .error, .done: break
            // Reasoning and tool calls are not shown by the playground yet (issue #13, TUI part).
            case .reasoning, .toolCallDelta: break
            }
        }
        run = progress
    }

    mutating func receiveFinish(id: String, record: RunRecord, historyWarning: String?) -> [Effect] {
        guard var progress = run, progress.id == id else { return [] }
        progress.finish(with: record)
        run = progress
        for (choice, text) in record.outputs where output.choices[choice]?.source.isEmpty ?? true {
            output.append(TerminalSafeText.make(text), choice: choice)
            if output.tokens[choice] == nil, let logprobs = record.logprobs[choice] {
                output.appendTokens(logprobs, choice: choice)
            }
        }
        switch record.status {
        case .ok: statusMessage = nil
        case .cancelled: statusMessage = StatusMessage(.info, "cancelled (partial output kept)")
        default: statusMessage = StatusMessage(.error, progress.errorMessage ?? "the run failed")
        }
        if let historyWarning {
            statusMessage = StatusMessage(
                .warning, "history: \(TerminalSafeText.make(historyWarning)); run not recorded")
        }
        return []
    }
}
