import PromptDeckCore

extension AppState {
    /// Keys while an overlay is open: it takes them all.
    mutating func handleOverlayKey(_ key: Key) -> [Effect] {
        guard let current = overlay else { return [] }
        switch current {
        case .help(let scroll):
            return scrollOverlay(key, scroll: scroll) { .help(scroll: $0) }
        case .messages(let scroll):
            return scrollOverlay(key, scroll: scroll) { .messages(scroll: $0) }
        case .preview(let content, let error, let scroll):
            return scrollOverlay(key, scroll: scroll) { .preview(content, error: error, scroll: $0) }
        case .confirmQuit:
            switch Keymap.command(for: key, in: [.confirm]) {
            case .confirm?:
                overlay = nil
                return cancelEverything() + [.quit]
            case .deny?:
                overlay = nil
            default: break
            }
            return []
        case .confirmSweep(let variants):
            return answerSweepQuestion(key, variants: variants)
        case .picker(var picker):
            return handlePickerKey(key, picker: &picker)
        case .editor(let variable, var field):
            if Keymap.command(for: key, in: [.editor]) == .externalEditor {
                overlay = nil
                setField(variable, to: field.text)
                return [.editExternally(variable: variable, text: field.text)]
            }
            switch field.handle(key) {
            case .committed(let text):
                overlay = nil
                setField(variable, to: text)
            case .abandoned, .edited, .ignored:
                overlay = .editor(variable: variable, field: field)
            }
            return []
        case .sweep(var form):
            return handleSweepKey(key, form: &form)
        case .reopen(var form):
            switch form.handle(key) {
            case .editing:
                overlay = .reopen(form)
            case .closed:
                overlay = nil
            case .chosen(let id):
                overlay = nil
                statusMessage = StatusMessage(.info, "reading group \(id) from history…")
                return [.reopenComparison(id)]
            }
            return []
        case .saveDraft(let menu):
            return handleSaveMenuKey(key, menu: menu)
        case .newPrompt(let form):
            return handleNewPromptKey(key, form: form)
        case .versions(let list):
            return handleVersionListKey(key, list: list)
        case .confirmDraft(let question):
            return answerDraftQuestion(key, question: question)
        case .say(let form):
            return handleSayKey(key, form: form)
        case .save(let field):
            return promptLine(key, field: field, reopen: Overlay.save) { state, path in
                [.saveOutput(path: path, text: state.output.currentText)]
            }
        }
    }

    /// One line typed into an overlay: keys edit it, Esc closes, Enter closes and hands the trimmed text
    /// (when there is any) to `commit`.
    private mutating func promptLine(
        _ key: Key, field: TextField, reopen: (TextField) -> Overlay,
        commit: (inout AppState, String) -> [Effect]
    ) -> [Effect] {
        var field = field
        switch field.handle(key) {
        case .committed(let text):
            overlay = nil
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? [] : commit(&self, trimmed)
        case .abandoned:
            overlay = nil
        case .edited, .ignored:
            overlay = reopen(field)
        }
        return []
    }

    mutating func scrollOverlay(_ key: Key, scroll: Int, make: (Int) -> Overlay) -> [Effect] {
        guard let command = Keymap.command(for: key, in: [.overlay, .global]) else { return [] }
        let limit = overlay.map { OverlayView.scrollLimit($0, state: self) } ?? 0
        if let moved = ScrollMotion.apply(command, to: scroll, page: size.rows - 6, maximum: limit) {
            overlay = make(moved)
            return []
        }
        switch command {
        case .close, .cancel, .help, .preview, .showMessages:
            overlay = nil
        case .run, .suspend:
            overlay = nil
            return perform(command)
        default: break
        }
        return []
    }

    private mutating func handlePickerKey(_ key: Key, picker: inout Picker) -> [Effect] {
        switch Keymap.command(for: key, in: [.picker]) {
        case .select?:
            overlay = nil
            guard let choice = picker.choice else { return [] }
            return choose(choice, for: picker.purpose)
        case .close?:
            overlay = nil
            return []
        case let command? where ScrollMotion.isMotion(command):
            let last = max(0, picker.visibleItems.count - 1)
            picker.cursor = ScrollMotion.apply(command, to: picker.cursor, page: 1, maximum: last) ?? picker.cursor
        default:
            if picker.filter.handle(key) == .edited { picker.cursor = 0 }
        }
        overlay = .picker(picker)
        return []
    }

    private mutating func choose(_ choice: String, for purpose: Picker.Purpose) -> [Effect] {
        switch purpose {
        case .theme:
            themeName = choice
            statusMessage = StatusMessage(.info, "theme \(choice)")
            return [.useTheme(choice), .saveThemeChoice(choice)]
        case .model where editedColumn != nil:
            setColumnModel(choice)
        case .profile where editedColumn != nil:
            setColumnProfile(choice)
        case .model:
            modelOverride = choice == (detail?.prompt.model ?? activeProfile?.model) ? nil : choice
            statusMessage = StatusMessage(.info, "model \(choice)")
        case .profile:
            profileOverride = choice
            modelOverride = nil
            statusMessage = StatusMessage(.info, "profile \(choice)")
        }
        return []
    }
}
