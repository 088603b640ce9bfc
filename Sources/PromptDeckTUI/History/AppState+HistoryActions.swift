import PromptDeckCore

/// What can be done to a run in history: replay, re-run, fork, compare, export, delete.
extension AppState {
    mutating func performHistoryAction(_ command: Command) -> [Effect] {
        guard let browser = history else { return [] }
        switch command {
        case .compareMarked:
            var ids = browser.marked
            if ids.count < 2 {
                statusMessage = StatusMessage(.warning, "mark two or more runs with Space first")
                return []
            }
            ids = Array(ids.prefix(8))
            // Columns share one prompt: refuse runs of several here, with history still open.
            let prompts = browser.rows.filter { ids.contains($0.summary.id) }.map(\.summary.promptID)
            if Set(prompts).count > 1 {
                statusMessage = StatusMessage(
                    .warning, "marked runs come from \(Set(prompts).count) prompts: mark runs of one prompt to compare")
                return []
            }
            closeHistory()
            return [.compareRuns(ids)]
        case .replay:
            guard let detail = browser.detail else { return [] }
            return startReplay(detail)
        case .rerun:
            guard let id = browser.selected?.id else { return [] }
            if run?.isActive ?? false {
                statusMessage = StatusMessage.runGoing
                return []
            }
            closeHistory()
            replay = nil
            tokenCursor = nil
            run = RunProgress(startedAt: run?.now ?? 0)
            output.clear(choiceCount: 1)
            statusMessage = StatusMessage(.info, "re-running \(id) from the recorded template")
            return [.rerun(id: id)]
        case .fork:
            guard let record = browser.detail?.record else { return [] }
            return fork(record)
        case .continueConversation:
            guard let record = browser.detail?.record else { return [] }
            return resumeConversation(record)
        case .export:
            guard let id = browser.selected?.id else { return [] }
            let path = "promptdeck-\(id).\(ExportFormat.json.fileExtension)"
            history?.question = .export(runID: id, format: .json, path: TextField(path))
            return []
        case .delete:
            guard let id = browser.selected?.id else { return [] }
            history?.question = .delete(runID: id)
            return []
        default:
            return []
        }
    }

    mutating func handleHistoryQuestion(_ question: HistoryBrowser.Question, key: Key) -> [Effect] {
        guard var browser = history else { return [] }
        let effects = browser.answer(question, key: key)
        history = browser
        return effects
    }

    /// Loads the run's prompt, variables, parameters, profile and model into the playground; the next run
    /// records it as parent.
    mutating func fork(_ record: RunRecord) -> [Effect] {
        var parameters = record.parameters.objectValue ?? [:]
        parameters["model"] = nil
        let pending = PendingFork(
            parentID: record.id, promptID: record.promptID, variables: record.variables.objectValue ?? [:],
            parameters: parameters, profileName: record.profileName, model: record.model)
        closeHistory()
        if isComparing { leaveComparison() }
        focus = .variables
        statusMessage = StatusMessage(
            .info, "fork of \(record.id): edit, then F5 records it as a child")
        pointPromptList(at: record.promptID)
        if detail?.prompt.id == record.promptID {
            applyFork(pending)
            return []
        }
        pendingFork = pending
        return [.loadPrompt(id: record.promptID)]
    }

    /// Puts a fork into the form once its prompt is the one shown.
    mutating func applyPendingFork() {
        guard let pending = pendingFork, detail?.prompt.id == pending.promptID else { return }
        pendingFork = nil
        applyFork(pending)
    }

    private mutating func applyFork(_ fork: PendingFork) {
        for index in fields.indices {
            if let value = fork.variables[fields[index].name] {
                fields[index].value = FormField.text(of: value, kind: fields[index].kind)
            }
        }
        savedFields[fork.promptID] = fields
        overrides[fork.promptID] = fork.parameters
        profileOverride = fork.profileName
        modelOverride = fork.model
        forkParentID = fork.parentID
    }

    // MARK: Replay

    mutating func startReplay(_ detail: HistoryDetail) -> [Effect] {
        if run?.isActive ?? false {
            statusMessage = StatusMessage.runGoing
            return []
        }
        closeHistory()
        tokenCursor = nil
        var replaying = ReplayState(runID: detail.record.id, events: detail.events)
        replaying.model = TerminalSafeText.make(detail.record.model)
        replaying.profileName = TerminalSafeText.make(detail.record.profileName)
        replaying.parameters = detail.record.parameters.objectValue ?? [:]
        replay = replaying
        run = nil  // the replay, not the last run, is what the output pane and status bar show now
        output.clear(choiceCount: max(1, detail.record.outputs.count))
        var extras = RunExtras()
        if !detail.record.toolCalls.isEmpty { extras.finalToolCalls = detail.record.toolCalls }
        runExtras = extras
        statusMessage = StatusMessage(.info, "replaying \(detail.record.id) ×1")
        return []
    }

    mutating func performReplay(_ command: Command) -> [Effect] {
        guard var state = replay else { return [] }
        switch state.handle(command) {
        case .playing(let steps):
            show(steps)
            replay = state
            statusMessage = StatusMessage(.info, replayLabel(state))
        case .stopped:
            replay = nil
            statusMessage = StatusMessage(.info, "replay stopped")
        case .ignored:
            break
        }
        return []
    }

    mutating func tickReplay(_ now: Double) {
        guard var state = replay, state.isPlaying else { return }
        show(state.advance(to: now))
        replay = state
        if state.isFinished { statusMessage = StatusMessage(.info, "replay finished") }
    }

    private mutating func show(_ steps: [ReplayState.Step]) {
        for step in steps {
            if step.isReasoning {
                runExtras.reasoning[step.choice, default: ""] += TerminalSafeText.make(step.text)
                continue
            }
            if let logprobs = step.logprobs, !logprobs.isEmpty { output.appendTokens(logprobs, choice: step.choice) }
            output.append(TerminalSafeText.make(step.text), choice: step.choice)
        }
    }

    func replayLabel(_ state: ReplayState) -> String {
        let where_ = "\(state.next)/\(state.steps.count)"
        return "replay \(state.paused ? "paused" : state.speed.label) · \(where_) · Space pause · n step · + speed"
    }
}
