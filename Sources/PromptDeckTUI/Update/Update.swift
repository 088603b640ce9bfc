import PromptDeckCore

/// The playground's only state transition: applies `msg` to `state` and returns the work to do.
/// Pure and synchronous; all I/O happens in the runtime that performs the effects.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .key(let key): return state.handleKey(key)
    case .paste(let text): return state.handlePaste(text)
    case .mouse(let event): return state.handleMouse(event)
    case .terminate: return state.cancelEverything() + [.quit]
    default:
        // Each family of answers goes to the part of the state it is about.
        return state.receiveRunMessage(msg) ?? state.receiveComparisonMessage(msg) ?? state.receiveHistoryMessage(msg)
            ?? state.receiveEvaluationMessage(msg) ?? state.receiveScreenMessage(msg)
    }
}

extension AppState {
    /// Start-up, size, time, prompts, previews, saves and warnings.
    mutating func receiveScreenMessage(_ msg: Msg) -> [Effect] {
        switch msg {
        case .started(let startup): start(startup)
        case .themeApplied(let name): themeName = name
        case .resize(let newSize):
            size = newSize
            relayout()
        case .tick(let now): tick(now)
        case .promptsLoaded(let listing): return receivePrompts(listing)
        case .promptLoaded(let detail): return receivePrompt(detail)
        case .hostedPromptsListed(let profile, let prompts, let note):
            receiveHostedPrompts(profile: profile, prompts: prompts, note: note)
        case .promptFailedToLoad(let id, let message):
            if visiblePrompts.indices.contains(promptCursor), visiblePrompts[promptCursor].id == id {
                detail = nil
                fields = []
                detailError = TerminalSafeText.make(message)
            }
        case .previewReady(let content):
            if case .preview(_, _, let scroll) = overlay { overlay = .preview(content, error: nil, scroll: scroll) }
        case .previewFailed(let message):
            if case .preview(_, _, let scroll) = overlay {
                overlay = .preview(nil, error: TerminalSafeText.make(message), scroll: scroll)
            }
        case .outputSaved(let path):
            statusMessage = StatusMessage(.info, "saved the output to \(TerminalSafeText.make(path))")
        case .externalEditFinished(let variable, let text): setField(variable, to: text)
        case .externalDraftEditFinished(let part, let text):
            _ = beginDraft()
            return changeDraft(part, to: text)
        case .draftAnalyzed(let analysis): return receiveDraftAnalysis(analysis)
        case .responseFormatRead(let id, let reference, let value):
            receiveResponseFormat(promptID: id, reference: reference, value: value)
        case .siblingsLoaded(let id, let records): receiveSiblings(of: id, records)
        case .conversationChainLoaded(let chain): return receiveConversationChain(chain)
        case .conversationChainFailed(let id, let reason):
            return receiveConversationChainFailure(runID: id, reason: reason)
        case .draftSaved(let saved): return receiveDraftSaved(saved)
        case .draftSaveFailed(let message):
            statusMessage = StatusMessage(.error, "not saved: " + TerminalSafeText.make(message))
        case .promptFileChanged(let id): return receivePromptFileChange(id: id)
        case .draftRecovered(let id, let text, let recovered):
            return receiveRecoveredDraft(promptID: id, text: text, recovered: recovered)
        case .versionsListed(let id, let versions): receiveVersions(promptID: id, versions: versions)
        case .versionsFailed(let id, let message): receiveVersions(promptID: id, error: message)
        case .warning(let text): statusMessage = StatusMessage(.warning, TerminalSafeText.make(text))
        case .modelsDiscovered(let profile, let models):
            guard case .picker(var picker)? = overlay, picker.purpose == .model, profile == activeProfileName else {
                break
            }
            picker.addServed(models.map(TerminalSafeText.make))
            overlay = .picker(picker)
        case .modelsUnavailable(let profile, let reason):
            guard case .picker(var picker)? = overlay, picker.purpose == .model, profile == activeProfileName else {
                break
            }
            picker.note = "the server's models: " + TerminalSafeText.make(reason)
            overlay = .picker(picker)
        default: break
        }
        return []
    }

    /// The clock: the run's and the comparison's figures count on, and a replay plays.
    mutating func tick(_ now: Double) {
        if var progress = run {
            progress.now = max(progress.now, now)
            run = progress
        }
        tickReplay(now)
        if var comparison = compare, comparison.isRunning {
            comparison.now = max(comparison.now, now)
            comparison.refreshDiffs(at: now, force: false)
            compare = comparison
        }
    }

    /// A single run's answers (nil: not one of them).
    mutating func receiveRunMessage(_ msg: Msg) -> [Effect]? {
        switch msg {
        case .historyLoaded(let promptID, let variables, let models):
            receiveHistory(promptID: promptID, variables: variables, models: models)
        case .runStarted(let start): return receiveRunStart(start)
        case .runFailedToStart(let message):
            run?.phase = .finished(.error)
            run?.errorMessage = TerminalSafeText.make(message)
            statusMessage = StatusMessage(.error, "the run could not start: see the output pane")
        case .runResponse(let id, let status, let headers):
            guard run?.id == id else { return [] }
            run?.httpStatus = status
            run?.retry = nil
            run?.queuedFor = nil
            run?.traceID = headers.value(for: "x-portkey-trace-id").map(TerminalSafeText.make)
            run?.cacheStatus = headers.value(for: "x-portkey-cache-status").map(TerminalSafeText.make)
        case .runQueued(let id, let profile, let limit):
            guard run?.id == id else { return [] }
            run?.queuedFor = RunProgress.QueuedSlot(profile: profile, limit: limit)
        case .runRetrying(let id, let attempt, let retries, let at):
            guard run?.id == id else { return [] }
            if let now = run?.now { run?.now = max(now, at) }
            run?.retry = RunProgress.RetryWait(
                attempt: attempt, retries: retries, until: at + Double(attempt.delayMs) / 1000)
            log(
                StatusMessage(
                    .warning, TerminalSafeText.make("\(attempt.retryLabel(retries: retries)): \(attempt.message)")))
        case .runEvents(let id, let events, let textDeltas, let at):
            receiveEvents(id: id, events: events, textDeltas: textDeltas, at: at)
        case .runFinished(let id, let record, let historyWarning):
            return receiveFinish(id: id, record: record, historyWarning: historyWarning)
        default: return nil
        }
        return []
    }

    /// The terminal is up: take its size and themes, and show every warning (the newest in the status
    /// bar with a count; `!` lists them all).
    mutating func start(_ startup: Startup) {
        size = startup.size
        themeName = startup.themeName
        themeNames = startup.themeNames
        relayout()
        if startup.usesBuiltInEcho {
            statusMessage = StatusMessage(
                .info,
                "offline echo provider: add a profile to config.yaml to reach a server (README: Profiles) · Esc hides this"
            )
        }
        // Every warning is kept for `!`; the status bar shows the first (usually the cause of the rest).
        let warnings = startup.warnings.map(TerminalSafeText.make)
        for warning in warnings.dropFirst().reversed() { log(StatusMessage(.warning, warning)) }
        if let first = warnings.first {
            let more = warnings.count > 1 ? " (+\(warnings.count - 1) more: ! shows all)" : ""
            statusMessage = StatusMessage(.warning, first + more)
        }
    }

    /// What to cancel on the way out: the run and the comparison, whichever are going.
    func cancelEverything() -> [Effect] {
        var effects: [Effect] = []
        if let id = run?.id, run?.isActive ?? false { effects.append(.cancelRun(id: id)) }
        if compare?.isRunning ?? false { effects.append(.cancelComparison) }
        if evaluation?.isRunning ?? false { effects.append(.cancelEvaluation) }
        return effects
    }

    /// A paste goes to whatever takes text: an edit, the filter, a picker, or the selected variable.
    mutating func handlePaste(_ text: String) -> [Effect] {
        let safe = text.replacingOccurrences(of: "\r\n", with: "\n")
        switch overlay {
        case .editor(let variable, var field)?:
            field.insert(safe)
            overlay = .editor(variable: variable, field: field)
            return []
        case .picker(var picker)?:
            picker.filter.insert(safe)
            picker.cursor = 0
            overlay = .picker(picker)
            return []
        case .save(var field)?:
            field.insert(safe)
            overlay = .save(field)
            return []
        case .reopen(var form)?:
            form.field.insert(safe.replacingOccurrences(of: "\n", with: ""))
            form.cursor = nil
            overlay = .reopen(form)
            return []
        case .sweep(var form)?:
            form.fields[form.focused].insert(safe.replacingOccurrences(of: "\n", with: " "))
            overlay = .sweep(form)
            return []
        case .say(var form)?:
            form.field.insert(safe)
            overlay = .say(form)
            return []
        case .saveDraft(var menu)? where menu.saveAs != nil:
            menu.saveAs?.insert(safe.replacingOccurrences(of: "\n", with: ""))
            overlay = .saveDraft(menu)
            return []
        case .newPrompt(var form)?:
            form.id.insert(safe.replacingOccurrences(of: "\n", with: ""))
            overlay = .newPrompt(form)
            return []
        case .some:
            return []
        case nil:
            break
        }
        if var edit = inlineEdit {
            if case .variable(let name) = edit.target, safe.contains("\n") {
                // Multi-line text into a one-line edit: continue in the editor with everything.
                var field = TextField(edit.field.text, multiline: true)
                field.insert(safe)
                inlineEdit = nil
                overlay = .editor(variable: name, field: field)
                return []
            }
            edit.field.insert(safe)
            inlineEdit = edit
            revalidateInlineEdit()
            return []
        }
        if var editor = templateEditor, let part = draft.map({ _ in editor.part }) {
            // Pasted into the template (or a message) edited in place: the draft follows, as when typed.
            editor.field.insert(safe)
            templateEditor = editor
            return changeDraft(part, to: editor.field.text)
        }
        if var evaluation, case .askingDataset(var field) = evaluation.phase {
            field.insert(safe.replacingOccurrences(of: "\n", with: ""))
            evaluation.phase = .askingDataset(field)
            self.evaluation = evaluation
            return []
        }
        switch keyTarget {
        case .historySearch:
            history?.query.insert(safe.replacingOccurrences(of: "\n", with: " "))
            return queryHistory()
        case .historyQuestion(.export(let id, let format, var path)):
            path.insert(safe.replacingOccurrences(of: "\n", with: ""))
            history?.question = .export(runID: id, format: format, path: path)
            return []
        case .filter, .pane(.prompts), .replay(.prompts):
            isFiltering = true
            filter.insert(safe)
            promptCursor = 0
            return selectPromptAtCursor()
        case .pane(.variables), .replay(.variables):
            break
        default:
            return []
        }
        if focus == .variables, fields.indices.contains(fieldCursor), fields[fieldCursor].kind != .bool {
            let field = fields[fieldCursor]
            if safe.contains("\n") || field.kind.isMultiline {
                var editor = TextField(field.value, multiline: true)
                editor.insert(safe)
                overlay = .editor(variable: field.name, field: editor)
            } else {
                var edit = InlineEdit(target: .variable(field.name), text: field.value)
                edit.field.insert(safe)
                inlineEdit = edit
            }
        }
        return []
    }

    /// Lays the panes out again for the current size (after a resize or zoom).
    mutating func relayout() {
        let layout = Layout(size: size, zoomed: zoomed ? focus : nil)
        output.resize(width: layout.outputText.width, height: layout.outputText.height)
        let width = compareLayout.textWidth
        compare?.rewrap(width: width)
    }
}
