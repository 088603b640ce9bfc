import PromptDeckCore

/// Editing the prompt itself: the template (or chat messages) in place, the draft it makes, saving it,
/// and the questions a draft raises (quit, the file changed on disk).
extension AppState {
    /// Whether the open prompt can be edited here (a hosted prompt with no local template cannot).
    var canEditTemplate: Bool {
        guard let detail else { return false }
        return detail.prompt.template != nil || !detail.prompt.messages.isEmpty
    }

    /// The open prompt's draft, begun (unmodified) if there is none yet.
    mutating func beginDraft() -> PromptDraft? {
        guard let detail, canEditTemplate else { return nil }
        if let draft, draft.promptID == detail.prompt.id { return draft }
        let fresh = PromptDraft(of: detail)
        draft = fresh
        return fresh
    }

    /// Whether the draft's newest edit is still being spliced: `command` waits for it (and true is returned).
    mutating func deferUntilDraftIsSpliced(_ command: Command) -> Bool {
        guard let draft, draft.promptID == detail?.prompt.id, draft.generation != draft.analyzedGeneration else {
            return false
        }
        waitingForDraft = command
        return true
    }

    /// The draft's text when it differs from the file: what a run sends instead of the file.
    var draftSourceForRun: PromptSource? {
        guard let draft, draft.isModified, draft.promptID == detail?.prompt.id else { return nil }
        return .draft(draft.text, promptID: draft.promptID)
    }

    /// Commands of the Template pane (nil: not one of them).
    mutating func performTemplateCommand(_ command: Command) -> [Effect]? {
        if let index = transcriptCursor, transcript.indices.contains(index) {
            // A conversation message is selected: Enter edits it (a fork); the rest are the prompt's keys.
            switch command {
            case .edit: return editTranscriptMessage(index)
            case .externalEditor, .addMessage, .removeMessage, .cycleRole, .moveMessageUp, .moveMessageDown:
                statusMessage = StatusMessage(
                    .info, "a conversation message: Enter edits it (F5 runs from it); k goes up to the prompt's")
                return []
            default: break
            }
        }
        switch command {
        case .edit: return openTemplateEditor()
        case .externalEditor:
            guard var draft = beginDraft() else { return refuseTemplateEdit() }
            let part = selectedPart(of: draft)
            draft.cursor = min(draft.cursor, max(0, draft.messages.count - 1))
            self.draft = draft
            return [.editDraftExternally(part: part, text: draft.text(of: part))]
        case .addMessage, .removeMessage, .cycleRole, .moveMessageUp, .moveMessageDown:
            guard var draft = beginDraft() else { return refuseTemplateEdit() }
            guard draft.kind == .chat else {
                statusMessage = StatusMessage(.warning, "a completion prompt has one template: Enter edits it")
                return []
            }
            switch command {
            case .addMessage: draft.addMessage()
            case .removeMessage:
                guard draft.messages.count > 1 else {
                    statusMessage = StatusMessage(.warning, "a chat prompt needs at least one message")
                    return []
                }
                draft.removeMessage()
            case .cycleRole: draft.cycleRole()
            case .moveMessageUp: draft.moveMessage(by: -1)
            default: draft.moveMessage(by: 1)
            }
            self.draft = draft
            if command == .addMessage {
                templateEditor = TemplateEditor(part: .message(draft.cursor), text: "")
            }
            return [.analyzeDraft(draft.snapshot)]
        case .revertDraft:
            guard let draft, draft.isModified else {
                statusMessage = StatusMessage(.info, "no draft: the template is as its file says")
                return []
            }
            self.draft = nil
            statusMessage = StatusMessage(.info, "draft discarded: back to \(Self.fileName(draft.path))")
            return [.discardDraftCopy(promptID: draft.promptID), .loadPrompt(id: draft.promptID)]
        default: return nil
        }
    }

    /// Up and down in a chat template select a message (and scroll to it).
    mutating func moveMessageCursor(_ command: Command) -> Bool {
        guard let detail, detail.prompt.kind == .chat, !detail.prompt.messages.isEmpty,
            [.moveUp, .moveDown, .top, .bottom].contains(command), var draft = beginDraft()
        else { return false }
        let last = max(0, draft.messages.count - 1)
        if moveTranscriptCursor(command, draftCursor: draft.cursor, promptMessages: draft.messages.count) {
            // Back up to the prompt's messages: its last one is selected and kept in sight (not the newest turns).
            if transcriptCursor == nil {
                draft.cursor = last
                self.draft = draft
                templateScroll = 1
            }
            return true
        }
        switch command {
        case .moveUp: draft.cursor = max(0, draft.cursor - 1)
        case .moveDown: draft.cursor = min(last, draft.cursor + 1)
        case .top: draft.cursor = 0
        default: draft.cursor = last
        }
        self.draft = draft
        // In a conversation any non-zero scroll means "a message is selected: keep it in view".
        templateScroll = max(transcript.isEmpty ? 0 : 1, TemplateView.firstLine(ofMessage: draft.cursor, in: draft))
        return true
    }

    private func selectedPart(of draft: PromptDraft) -> DraftPart {
        draft.kind == .chat ? .message(min(draft.cursor, max(0, draft.messages.count - 1))) : .template
    }

    private mutating func refuseTemplateEdit() -> [Effect] {
        statusMessage = StatusMessage(
            .warning,
            detail == nil ? "pick a prompt first" : "this hosted prompt has no local template to edit (pull it first)")
        return []
    }

    /// Enter on the Template pane: the editor opens in place on the template or the selected message.
    mutating func openTemplateEditor() -> [Effect] {
        guard let draft = beginDraft() else { return refuseTemplateEdit() }
        let part = selectedPart(of: draft)
        templateEditor = TemplateEditor(part: part, text: draft.text(of: part))
        focus = .template
        return []
    }

    /// Keys in the template editor: typing changes the draft at once (its variables follow, debounced);
    /// Esc or Ctrl-S closes the editor and keeps the draft; Ctrl-O continues in `$EDITOR`.
    mutating func handleTemplateEditorKey(_ key: Key) -> [Effect] {
        guard var editor = templateEditor, var draft else {
            templateEditor = nil
            return []
        }
        if Keymap.command(for: key, in: [.editor]) == .externalEditor {
            templateEditor = nil
            draft.set(editor.part, to: editor.field.text)
            self.draft = draft
            return [.analyzeDraft(draft.snapshot), .editDraftExternally(part: editor.part, text: editor.field.text)]
        }
        switch editor.field.handle(key) {
        case .committed(let text):
            templateEditor = nil
            return changeDraft(editor.part, to: text)
        case .edited:
            templateEditor = editor
            return changeDraft(editor.part, to: editor.field.text)
        case .abandoned, .ignored:
            templateEditor = editor
            return []
        }
    }

    /// Puts `text` into the draft and asks for its analysis when it changed.
    mutating func changeDraft(_ part: DraftPart, to text: String) -> [Effect] {
        guard var draft else { return [] }
        let before = draft.generation
        draft.set(part, to: text)
        self.draft = draft
        return draft.generation == before ? [] : [.analyzeDraft(draft.snapshot)]
    }

    /// The runtime's splice and check of a draft: the newest one updates the form (a new `{{tone}}` is a
    /// new field at once); a broken one keeps the last good form and says where it broke.
    mutating func receiveDraftAnalysis(_ analysis: DraftAnalysis) -> [Effect] {
        guard var draft, draft.promptID == analysis.promptID, analysis.generation == draft.generation else {
            return []
        }
        draft.analyzedGeneration = analysis.generation
        if let text = analysis.text { draft.text = text }
        draft.problem = analysis.problem.map(TerminalSafeText.make)
        self.draft = draft
        if let newDetail = analysis.detail {
            detail = newDetail
            mergeFields(with: newDetail.variables)
        }
        guard let waiting = waitingForDraft else { return [] }
        waitingForDraft = nil
        if analysis.text == nil || analysis.detail == nil {
            statusMessage = StatusMessage(
                .error, "the draft has a problem: \(draft.problem ?? "see the Template pane")")
            return []
        }
        switch waiting {
        case .run: return startRun()
        case .compareDraft: return compareDraftAgainstSaved()
        case .evaluate: return startEvaluation()
        case .saveDraft: return [.saveDraft(.file(promptID: draft.promptID, path: draft.path, text: draft.text))]
        default: return []
        }
    }

    /// The form for `variables`, keeping what was typed into fields that are still there.
    mutating func mergeFields(with variables: [DiscoveredVariable]) {
        let typed = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let selected = fields.indices.contains(fieldCursor) ? fields[fieldCursor].name : nil
        fields = variables.map { variable in
            var field = FormField(variable)
            if let old = typed[variable.name] { field.value = old.value }
            return field
        }
        fieldCursor =
            selected.flatMap { name in fields.firstIndex { $0.name == name } }
            ?? min(fieldCursor, max(0, fields.count - 1))
        if let id = detail?.prompt.id { savedFields[id] = fields }
    }

    // MARK: Saving

    /// `W`: what to save.
    mutating func openSaveMenu() -> [Effect] {
        guard detail != nil, canEditTemplate else { return refuseTemplateEdit() }
        overlay = .saveDraft(SaveMenu())
        return []
    }

    /// Keys in the save menu (and its "save as" line).
    mutating func handleSaveMenuKey(_ key: Key, menu: SaveMenu) -> [Effect] {
        guard let detail else {
            overlay = nil
            return []
        }
        let text = draft.map { $0.promptID == detail.prompt.id ? $0.text : nil } ?? nil
        let current = text ?? detail.prompt.sourceText
        let path = detail.prompt.sourcePath
        let id = detail.prompt.id
        if var field = menu.saveAs {
            switch field.handle(key) {
            case .committed(let typed):
                let newID = typed.trimmingCharacters(in: .whitespaces)
                overlay = nil
                guard !newID.isEmpty else { return [] }
                var text = current
                if menu.conversation {
                    guard let head = conversationHead else { return [] }
                    do {
                        text = try Conversation(turns: [head]).savedPromptText(
                            name: newID.split(separator: "/").last.map(String.init) ?? newID)
                    } catch {
                        statusMessage = StatusMessage(.error, TerminalSafeText.make(error.description))
                        return []
                    }
                }
                statusMessage = StatusMessage(.info, "saving as \(newID)…")
                return [.saveDraft(.asNew(newID: newID, besides: path, text: text))]
            case .abandoned: overlay = nil
            case .edited, .ignored: overlay = .saveDraft(SaveMenu(saveAs: field, conversation: menu.conversation))
            }
            return []
        }
        switch Keymap.command(for: key, in: [.saveMenu]) {
        case .commit?:
            overlay = nil
            if deferUntilDraftIsSpliced(.saveDraft) { return [] }
            guard let draft, draft.promptID == id, draft.isModified else {
                statusMessage = StatusMessage(.info, "nothing to save: the template is as its file says")
                return []
            }
            return [.saveDraft(.file(promptID: id, path: path, text: draft.text))]
        case .edit?:
            overlay = .saveDraft(SaveMenu(saveAs: TextField(suggestedCopyID(id))))
        case .resetValue?:
            overlay = nil
            var values: [String: JSONValue] = [:]
            for field in fields where field.error == nil { values[field.name] = field.runValue }
            return [.saveDraft(.defaults(promptID: id, path: path, text: current, values: values))]
        case .toggle?:
            overlay = nil
            var values = overrides[id] ?? [:]
            values["stream"] = nil
            // A typed tool_choice or tools list is the prompt's own field, not a parameter: not written here.
            for field in ParameterCatalog.toolFields { values[field.name] = nil }
            guard !values.isEmpty else {
                statusMessage = StatusMessage(.info, "no parameters changed here: the prompt's are in force")
                return []
            }
            return [.saveDraft(.parameters(promptID: id, path: path, text: current, values: values))]
        case .continueConversation?:
            guard conversationHead != nil else {
                overlay = nil
                statusMessage = StatusMessage(.info, "no conversation to save: C continues a chat run first")
                return []
            }
            overlay = .saveDraft(SaveMenu(saveAs: TextField(suggestedCopyID(id + "-chat")), conversation: true))
        case .pushDraft?:
            overlay = nil
            if deferUntilDraftIsSpliced(.saveDraft) { return [] }
            statusMessage = StatusMessage(.info, "pushing \(id) to Portkey…")
            return [.pushToPortkey(promptID: id, path: path, text: current)]
        case .abandon?: overlay = nil
        default: break
        }
        return []
    }

    /// A prompt file was written.
    mutating func receiveDraftSaved(_ saved: DraftSaved) -> [Effect] {
        let version = saved.version.map { " · version \($0)" } ?? ""
        statusMessage = StatusMessage(.info, "\(saved.what) to \(TerminalSafeText.make(saved.path))\(version)")
        var effects: [Effect] = [.discardDraftCopy(promptID: saved.promptID)]
        if let old = draft, old.promptID == saved.promptID || saved.what.hasPrefix("saved as") {
            effects.append(.discardDraftCopy(promptID: old.promptID))
            draft = nil
        }
        if saved.what == "saved the parameters" { overrides[saved.promptID] = nil }
        if detail?.prompt.id != saved.promptID {
            // Save as, or a new prompt: it joins the list and opens.
            savedFields[saved.promptID] = saved.what.hasPrefix("saved as") ? fields : nil
            pendingOpen = saved.promptID
            return effects + [.loadPrompts, .loadPrompt(id: saved.promptID)]
        }
        return effects + [.loadPrompt(id: saved.promptID), .watchPrompt(id: saved.promptID, path: saved.path)]
    }

    /// `n` in the prompt list: a new prompt from a skeleton.
    mutating func handleNewPromptKey(_ key: Key, form: NewPromptForm) -> [Effect] {
        var form = form
        if key == .tab || key == .backTab {
            form.kind = form.kind == .chat ? .completion : .chat
            overlay = .newPrompt(form)
            return []
        }
        switch form.id.handle(key) {
        case .committed(let typed):
            let id = typed.trimmingCharacters(in: .whitespaces)
            overlay = nil
            guard !id.isEmpty else { return [] }
            return [.createPrompt(id: id, kind: form.kind)]
        case .abandoned: overlay = nil
        case .edited, .ignored: overlay = .newPrompt(form)
        }
        return []
    }

    /// The id "save as" offers for `name` (`tagline` → `tagline-2`): one no listed prompt has
    /// (`PromptFileEditor.suggestedID`, the save-as naming).
    func suggestedCopyID(_ name: String) -> String {
        let leaf = { (id: String) in id.split(separator: "/").last.map(String.init) ?? id }
        return PromptFileEditor.suggestedID(for: leaf(name), taken: Set(prompts.map { leaf($0.id) }))
    }

    static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    // MARK: Changes on disk, quitting, and drafts from an earlier session

    /// The prompt's file changed outside: reload it, or ask first when there is a draft of it.
    mutating func receivePromptFileChange(id: String) -> [Effect] {
        guard detail?.prompt.id == id else { return [] }
        if let draft, draft.promptID == id, draft.isModified {
            overlay = .confirmDraft(.reload(promptID: id))
            return []
        }
        draft = nil
        reloadAnnouncement = id
        return [.loadPrompt(id: id)]
    }

    /// Answers to the draft questions.
    mutating func answerDraftQuestion(_ key: Key, question: DraftQuestion) -> [Effect] {
        let command = Keymap.command(for: key, in: [.confirm])
        guard command == .confirm || command == .deny else { return [] }
        overlay = nil
        switch question {
        case .quit:
            return command == .confirm ? cancelEverything() + [.quit] : []
        case .publish(let id, let number):
            guard command == .confirm else { return [] }
            statusMessage = StatusMessage(.info, "publishing \(id)@\(number)…")
            return [.publishHostedVersion(promptID: id, number: number)]
        case .reload(let id):
            guard command == .confirm else {
                statusMessage = StatusMessage(.info, "kept your draft; W saves it over the changed file")
                return []
            }
            draft = nil
            reloadAnnouncement = id
            return [.discardDraftCopy(promptID: id), .loadPrompt(id: id)]
        }
    }

    /// A draft kept from an earlier session (a crash, or a quit with it unsaved) comes back.
    /// It is checked again like any edit, so a draft kept with a broken tag comes back with its problem shown.
    mutating func receiveRecoveredDraft(promptID: String, text: String, recovered: PromptDetail) -> [Effect] {
        guard let detail, detail.prompt.id == promptID, draft == nil || draft?.isModified == false else { return [] }
        var restored = PromptDraft(of: detail)
        restored.template = recovered.prompt.template ?? ""
        restored.messages = recovered.prompt.messages.map { DraftMessage(role: $0.role, content: $0.content) }
        restored.text = text
        restored.generation += 1
        draft = restored
        statusMessage = StatusMessage(
            .info, "restored your unsaved draft of \(TerminalSafeText.make(promptID)) · W saves · u discards")
        return [.analyzeDraft(restored.snapshot)]
    }
}
