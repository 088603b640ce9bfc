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
        guard let inputs = runInputs() else {
            statusMessage = StatusMessage(.warning, "pick a prompt first")
            return []
        }
        guard let sent = conversationInputs(inputs) else { return [] }
        return startRun(with: sent)
    }

    /// Starts `inputs` (the form's, or a conversation's next turn).
    mutating func startRun(with inputs: RunInputs) -> [Effect] {
        if run?.isActive ?? false {
            statusMessage = StatusMessage.runGoing
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
        runExtras = RunExtras()
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
        statusMessage?.aboutTheRun = true
        return [.cancelRun(id: id)]
    }

    mutating func receiveRunStart(_ start: RunStart) -> [Effect] {
        if activeModel == nil, !start.model.isEmpty { servedModels[start.profileName] = start.model }
        runExtras = RunExtras()
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

    mutating func receiveEvents(id: String, events: [StreamEvent], textDeltas: Int?, at: Double) {
        guard var progress = run, progress.id == id else { return }
        progress.now = max(progress.now, at)
        progress.deltaCount +=
            textDeltas ?? events.count { if case .delta(_, let text, _) = $0 { !text.isEmpty } else { false } }
        for event in events {
            switch event {
            case .delta(let choice, let text, let logprobs):
                if let logprobs, !logprobs.isEmpty { output.appendTokens(logprobs, choice: choice) }
                guard !text.isEmpty else { continue }
                if progress.firstTokenAt == nil { progress.firstTokenAt = at }
                progress.phase = .streaming
                output.append(TerminalSafeText.make(text), choice: choice)
            case .usage(let usage): progress.usage = usage
            case .finish(let choice, let reason): progress.finishReasons[choice] = reason
            case .error, .done: break
            case .reasoning(let choice, let text):
                guard !text.isEmpty else { continue }
                progress.phase = .streaming
                runExtras.reasoning[choice, default: ""] += TerminalSafeText.make(text)
            case .toolCallDelta(let choice, let index, let id, let name, let arguments):
                progress.phase = .streaming
                runExtras.toolCalls.add(choice: choice, index: index, id: id, name: name, arguments: arguments)
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
        rememberTurn(record)
        // Failed checks go to `!` with their reasons (the badge is in the status bar).
        for result in record.checkResults where result.status == .failed {
            let why = result.message.map { ": " + TerminalSafeText.make($0) } ?? ""
            log(StatusMessage(.warning, "check \(TerminalSafeText.make(result.name)) failed\(why)"))
        }
        var extras = runExtras
        if !record.toolCalls.isEmpty {
            extras.finalToolCalls = record.toolCalls
            extras.toolProblems = ToolCallCheck.problems(in: record)
        }
        for (choice, text) in record.reasoning where extras.reasoning[choice] == nil {
            extras.reasoning[choice] = TerminalSafeText.make(text)
        }
        runExtras = extras
        switch record.status {
        case .ok where record.calledTools:
            let names = Set(record.toolCalls.values.flatMap { $0.map(\.name) }).sorted()
            statusMessage = StatusMessage(
                .info, "the model called \(TerminalSafeText.make(names.joined(separator: ", "))): see the cards")
        case .ok where statusMessage?.aboutTheRun ?? false: statusMessage = nil
        case .ok: break  // a message about something else done meanwhile (an export, a save) stays
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
