import PromptDeckCore

/// The playground's only state transition: applies `msg` to `state` and returns the work to do.
/// Pure and synchronous; all I/O happens in the runtime that performs the effects.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .started(let startup):
        state.start(startup)
        return []
    case .themeApplied(let name):
        state.themeName = name
        return []
    case .key(let key): return state.handleKey(key)
    case .paste(let text): return state.handlePaste(text)
    case .mouse(let event): return state.handleMouse(event)
    case .resize(let size):
        state.size = size
        state.relayout()
        return []
    case .tick(let now):
        if var run = state.run {
            run.now = max(run.now, now)
            state.run = run
        }
        state.tickReplay(now)
        if var compare = state.compare, compare.isRunning {
            compare.now = max(compare.now, now)
            compare.refreshDiffs(at: now, force: false)
            state.compare = compare
        }
        return []
    case .promptsLoaded(let listing): return state.receivePrompts(listing)
    case .promptLoaded(let detail): return state.receivePrompt(detail)
    case .promptFailedToLoad(let id, let message):
        if state.visiblePrompts.indices.contains(state.promptCursor), state.visiblePrompts[state.promptCursor].id == id
        {
            state.detail = nil
            state.fields = []
            state.detailError = TerminalSafeText.make(message)
        }
        return []
    case .historyLoaded(let promptID, let variables, let models):
        state.receiveHistory(promptID: promptID, variables: variables, models: models)
        return []
    case .runStarted(let start): return state.receiveRunStart(start)
    case .runFailedToStart(let message):
        state.run?.phase = .finished(.error)
        state.run?.errorMessage = TerminalSafeText.make(message)
        state.statusMessage = StatusMessage(.error, "the run could not start: see the output pane")
        return []
    case .runResponse(let id, let status, let headers):
        guard state.run?.id == id else { return [] }
        state.run?.httpStatus = status
        state.run?.traceID = headers.value(for: "x-portkey-trace-id").map(TerminalSafeText.make)
        state.run?.cacheStatus = headers.value(for: "x-portkey-cache-status").map(TerminalSafeText.make)
        return []
    case .runEvents(let id, let events, let at):
        state.receiveEvents(id: id, events: events, at: at)
        return []
    case .runFinished(let id, let record, let historyWarning):
        return state.receiveFinish(id: id, record: record, historyWarning: historyWarning)
    case .previewReady(let content):
        if case .preview(_, _, let scroll) = state.overlay {
            state.overlay = .preview(content, error: nil, scroll: scroll)
        }
        return []
    case .previewFailed(let message):
        if case .preview(_, _, let scroll) = state.overlay {
            state.overlay = .preview(nil, error: TerminalSafeText.make(message), scroll: scroll)
        }
        return []
    case .outputSaved(let path):
        state.statusMessage = StatusMessage(.info, "saved the output to \(TerminalSafeText.make(path))")
        return []
    case .externalEditFinished(let variable, let text):
        state.setField(variable, to: text)
        return []
    case .warning(let text):
        state.statusMessage = StatusMessage(.warning, TerminalSafeText.make(text))
        return []
    case .comparisonStarted(let groupID, let at, let warnings):
        return state.receiveComparisonStart(groupID: groupID, at: at, warnings: warnings)
    case .comparisonFailedToStart(let message):
        state.receiveComparisonFailure(message)
        return []
    case .comparisonUpdated(let frame):
        state.receiveComparisonFrame(frame, finished: false, historyWarning: nil)
        return []
    case .comparisonFinished(let frame, let historyWarning):
        state.receiveComparisonFrame(frame, finished: true, historyWarning: historyWarning)
        return []
    case .comparisonReopened(let reopened):
        return state.receiveReopened(reopened)
    case .comparisonsListed(let listings):
        if case .reopen(var form)? = state.overlay {
            form.recent = listings.map { listing in
                var safe = listing
                safe.promptID = TerminalSafeText.make(listing.promptID)
                return safe
            }
            state.overlay = .reopen(form)
        }
        return []
    case .comparisonFailedToReopen(let message):
        state.statusMessage = StatusMessage(.error, "reopen: " + TerminalSafeText.make(message))
        return []
    case .historyListed(let sequence, let rows):
        return state.receiveHistoryRows(rows, sequence: sequence)
    case .historyListFailed(let sequence, let message):
        guard state.history?.sequence == sequence else { return [] }
        state.history?.loading = false
        state.history?.error = TerminalSafeText.make(message)
        return []
    case .historyRunLoaded(let detail):
        guard state.history?.selected?.id == detail.record.id else { return [] }
        state.history?.detail = detail
        state.history?.detailScroll = 0
        return []
    case .historyRunDeleted(let id):
        return state.receiveDeletion(id)
    case .runExported(let path):
        state.statusMessage = StatusMessage(.info, "exported to \(TerminalSafeText.make(path))")
        return []
    case .terminate:
        return state.cancelEverything() + [.quit]
    }
}

extension AppState {
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
