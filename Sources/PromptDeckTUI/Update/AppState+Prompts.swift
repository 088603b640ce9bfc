import PromptDeckCore

extension AppState {
    mutating func receivePrompts(_ listing: PromptListing) -> [Effect] {
        prompts = listing.prompts + hostedPrompts.keys.sorted().flatMap { hostedPrompts[$0] ?? [] }
        promptProblems = listing.diagnostics.map { TerminalSafeText.make($0.description) }
        promptsLoaded = true
        // Files that load with warnings (a misspelt key) say so too; every one is kept for `!`.
        let warnings = listing.warnings.map { TerminalSafeText.make($0.description) }
        for warning in warnings { log(StatusMessage(.warning, warning)) }
        for problem in promptProblems { log(StatusMessage(.error, problem)) }
        if !promptProblems.isEmpty {
            statusMessage = StatusMessage(
                .warning,
                "\(promptProblems.count) prompt file(s) failed to load: \(promptProblems[0])"
                    + (promptProblems.count + warnings.count > 1 ? " (! shows all)" : ""))
        } else if let first = warnings.first {
            statusMessage = StatusMessage(
                .warning,
                "prompt file warning: \(first)" + (warnings.count > 1 ? " (+\(warnings.count - 1) more: !)" : ""))
        }
        promptCursor = min(promptCursor, max(0, visiblePrompts.count - 1))
        if let id = pendingOpen, prompts.contains(where: { $0.id == id }) {
            pendingOpen = nil
            pointPromptList(at: id)
            return []
        }
        return selectPromptAtCursor()
    }

    /// Portkey's prompts for a profile join the list (replacing its earlier ones); the cursor stays put.
    mutating func receiveHostedPrompts(profile: String, prompts hosted: [PromptSummary], note: String?) {
        let selected = visiblePrompts.indices.contains(promptCursor) ? visiblePrompts[promptCursor].id : nil
        hostedPrompts[profile] = hosted.map {
            var summary = $0
            summary.name = TerminalSafeText.make(summary.name)
            summary.id = TerminalSafeText.make(summary.id)
            return summary
        }
        prompts = prompts.filter { $0.sourcePath != "portkey:" + profile } + (hostedPrompts[profile] ?? [])
        if let selected, let index = visiblePrompts.firstIndex(where: { $0.id == selected }) { promptCursor = index }
        if let note { log(StatusMessage(.warning, TerminalSafeText.make(note))) }
    }

    /// Puts the list's cursor on prompt `id` (clearing a filter that hides it), so the list highlights
    /// the prompt the Template pane is about to show.
    mutating func pointPromptList(at id: String) {
        if !visiblePrompts.contains(where: { $0.id == id }) { filter = TextField() }
        if let index = visiblePrompts.firstIndex(where: { $0.id == id }) { promptCursor = index }
    }

    /// Loads the prompt under the cursor unless it is the one shown.
    mutating func selectPromptAtCursor() -> [Effect] {
        let visible = visiblePrompts
        guard visible.indices.contains(promptCursor) else { return [] }
        let id = visible[promptCursor].id
        if detail?.prompt.id == id { return [] }
        return [.loadPrompt(id: id)]
    }

    mutating func receivePrompt(_ newDetail: PromptDetail) -> [Effect] {
        let watch = Effect.watchPrompt(id: newDetail.prompt.id, path: newDetail.prompt.sourcePath)
        if detail?.prompt.id == newDetail.prompt.id {
            // The same prompt again (saved, reverted, or changed on disk): the form keeps what was typed.
            if let draft, draft.promptID == newDetail.prompt.id, draft.isModified { return [] }
            draft = nil
            detail = newDetail
            detailError = nil
            mergeFields(with: newDetail.variables)
            if reloadAnnouncement == newDetail.prompt.id {
                reloadAnnouncement = nil
                statusMessage = StatusMessage(
                    .info, "reloaded \(Self.fileName(newDetail.prompt.sourcePath)): it changed on disk")
            }
            return [watch]
        }
        if draft?.promptID != newDetail.prompt.id { draft = nil }
        // A conversation belongs to its prompt.
        if conversationHead?.promptID != newDetail.prompt.id {
            conversationHead = nil
            dropStagedTurns()
        }
        if templateEditor != nil { templateEditor = nil }
        if let old = detail { savedFields[old.prompt.id] = fields }
        // A fork belongs to its prompt: choosing another one drops it.
        if pendingFork?.promptID != newDetail.prompt.id { forkParentID = nil }
        let id = newDetail.prompt.id
        detail = newDetail
        detailError = nil
        templateScroll = 0
        fieldCursor = 0
        parameterError = nil
        parameterCursor = min(parameterCursor, max(0, parameterSpecs.count - 1))
        if let saved = savedFields[id] {
            fields = saved
            mergeFields(with: newDetail.variables)
            applyPendingComparisonVariables()
            applyPendingFork()
            applyPendingResume()
            return [watch]
        }
        fields = newDetail.variables.map(FormField.init)
        applyPendingResume()
        if pendingFork?.promptID == id {
            applyPendingFork()
            return [watch]
        }
        if compare?.pendingVariables != nil {
            applyPendingComparisonVariables()
            return [watch]
        }
        return [.loadHistory(promptID: id), watch]
    }

    /// The last values used for the prompt come back, unless the user has typed since.
    mutating func receiveHistory(promptID: String, variables: [String: JSONValue], models: [String]) {
        guard detail?.prompt.id == promptID else { return }
        recentModels = models
        guard savedFields[promptID] == nil else { return }
        for index in fields.indices {
            if let value = variables[fields[index].name] {
                fields[index].value = FormField.text(of: value, kind: fields[index].kind)
            }
        }
        savedFields[promptID] = fields
    }

    mutating func setField(_ name: String, to text: String) {
        guard let index = fields.firstIndex(where: { $0.name == name }) else { return }
        fields[index].value = text
        if let id = detail?.prompt.id { savedFields[id] = fields }
        // A message about this field's value goes once the value is right.
        if statusMessage?.field == name, fields[index].error == nil { statusMessage = nil }
    }

    mutating func editVariable() -> [Effect] {
        guard fields.indices.contains(fieldCursor) else { return [] }
        let field = fields[fieldCursor]
        switch field.kind {
        case .bool: return toggleVariable()
        case .multiline, .list, .json:
            overlay = .editor(variable: field.name, field: TextField(field.value, multiline: true))
        case .text:
            if field.value.contains("\n") {
                overlay = .editor(variable: field.name, field: TextField(field.value, multiline: true))
            } else {
                inlineEdit = InlineEdit(target: .variable(field.name), text: field.value)
            }
        }
        return []
    }

    mutating func toggleVariable() -> [Effect] {
        guard fields.indices.contains(fieldCursor), fields[fieldCursor].kind == .bool else { return [] }
        setField(fields[fieldCursor].name, to: fields[fieldCursor].isOn ? "false" : "true")
        return []
    }

    mutating func resetVariable() -> [Effect] {
        guard fields.indices.contains(fieldCursor) else { return [] }
        setField(fields[fieldCursor].name, to: fields[fieldCursor].defaultValue)
        return []
    }

    /// Keys while a field is edited in place.
    mutating func handleInlineEditKey(_ key: Key) -> [Effect] {
        guard var edit = inlineEdit else { return [] }
        switch edit.field.handle(key) {
        case .committed(let text):
            if edit.error != nil { return [] }  // refused: the error stays on screen
            inlineEdit = nil
            switch edit.target {
            case .variable(let name): setField(name, to: text)
            case .parameter(let name): return commitParameter(name, text: text)
            }
            return []
        case .abandoned:
            inlineEdit = nil
            return []
        case .edited:
            inlineEdit = edit
            revalidateInlineEdit()
            return []
        case .ignored:
            guard let command = Keymap.command(for: key, in: [.global]) else { return [] }
            // Run and quit keys still work mid-edit; the edit is kept as typed.
            if case .variable(let name) = edit.target { setField(name, to: edit.field.text) }
            inlineEdit = nil
            return isComparing ? handleColumnEditorCommand(command) : perform(command)
        }
    }

    mutating func revalidateInlineEdit() {
        guard var edit = inlineEdit else { return }
        switch edit.target {
        case .variable: edit.error = nil
        case .parameter(let name): edit.error = parameterProblem(name, text: edit.field.text)
        }
        inlineEdit = edit
    }
}
