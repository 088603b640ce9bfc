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
            closeHistory()
            return [.compareRuns(ids)]
        case .replay:
            guard let detail = browser.detail else { return [] }
            return startReplay(detail)
        case .rerun:
            guard let id = browser.selected?.id else { return [] }
            if run?.isActive ?? false {
                statusMessage = StatusMessage(.warning, "a run is going: Esc cancels it")
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
        switch question {
        case .delete(let id):
            switch Keymap.command(for: key, in: [.confirm]) {
            case .confirm?:
                history?.question = nil
                return [.deleteRun(id: id)]
            case .deny?:
                history?.question = nil
            default:
                break
            }
            return []
        case .export(let id, let format, var path):
            if key == .tab {
                let next = format.next
                if path.text.hasSuffix("." + format.fileExtension) {
                    let stem = String(path.text.dropLast(format.fileExtension.count))
                    path = TextField(stem + next.fileExtension)
                }
                history?.question = .export(runID: id, format: next, path: path)
                return []
            }
            if let command = Keymap.command(for: key, in: [.textField]) {
                switch command {
                case .commit:
                    history?.question = nil
                    let target = path.text.trimmingCharacters(in: .whitespaces)
                    return target.isEmpty ? [] : [.exportRun(id: id, format: format, path: target)]
                case .abandon:
                    history?.question = nil
                    return []
                default:
                    path.apply(command)
                }
            } else if case .char(let c) = key {
                path.insert(String(c))
            }
            history?.question = .export(runID: id, format: format, path: path)
            return []
        }
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
        isComparing = false
        focus = .variables
        statusMessage = StatusMessage(
            .info, "fork of \(record.id): edit, then F5 records it as a child")
        if let index = visiblePrompts.firstIndex(where: { $0.id == record.promptID }) { promptCursor = index }
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
            statusMessage = StatusMessage(.warning, "a run is going: Esc cancels it")
            return []
        }
        closeHistory()
        tokenCursor = nil
        replay = ReplayState(runID: detail.record.id, events: detail.events)
        run = nil  // the replay, not the last run, is what the output pane and status bar show now
        output.clear(choiceCount: max(1, detail.record.outputs.count))
        statusMessage = StatusMessage(.info, "replaying \(detail.record.id) ×1")
        return []
    }

    mutating func performReplay(_ command: Command) -> [Effect] {
        guard var state = replay else { return [] }
        switch command {
        case .pauseReplay:
            state.paused.toggle()
            state.lastTick = nil
        case .stepReplay:
            state.paused = true
            show(state.step())
        case .replaySpeed:
            let all = ReplayState.Speed.allCases
            state.speed = all[((all.firstIndex(of: state.speed) ?? 0) + 1) % all.count]
        case .cancel:
            replay = nil
            statusMessage = StatusMessage(.info, "replay stopped")
            return []
        default:
            return []
        }
        replay = state
        statusMessage = StatusMessage(.info, replayLabel(state))
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
            if let logprobs = step.logprobs, !logprobs.isEmpty { output.appendTokens(logprobs, choice: step.choice) }
            output.append(TerminalSafeText.make(step.text), choice: step.choice)
        }
    }

    func replayLabel(_ state: ReplayState) -> String {
        let where_ = "\(state.next)/\(state.steps.count)"
        return "replay \(state.paused ? "paused" : state.speed.label) · \(where_) · Space pause · n step · + speed"
    }
}
