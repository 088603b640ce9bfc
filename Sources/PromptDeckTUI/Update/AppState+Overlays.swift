import PromptDeckCore

extension AppState {
    /// Keys while an overlay is open: it takes them all (Ctrl-C still quits).
    mutating func handleOverlayKey(_ key: Key) -> [Effect] {
        guard let current = overlay else { return [] }
        if key == .ctrl("c") {
            overlay = nil
            return perform(.forceQuit)
        }
        switch current {
        case .help(let scroll):
            return scrollOverlay(key, scroll: scroll) { .help(scroll: $0) }
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
        case .picker(var picker):
            return handlePickerKey(key, picker: &picker)
        case .editor(let variable, var field):
            if let command = Keymap.command(for: key, in: [.editor, .textField]) {
                switch command {
                case .commit, .abandon:
                    overlay = nil
                    setField(variable, to: field.text)
                    return []
                case .externalEditor:
                    overlay = nil
                    setField(variable, to: field.text)
                    return [.editExternally(variable: variable, text: field.text)]
                default:
                    field.apply(command)
                }
            } else if case .char(let c) = key {
                field.insert(String(c))
            } else if key == .tab {
                field.insert("\t")
            }
            overlay = .editor(variable: variable, field: field)
            return []
        case .sweep(var form):
            return handleSweepKey(key, form: &form)
        case .reopen(let field):
            return promptLine(key, field: field, reopen: Overlay.reopen) { state, text in
                state.statusMessage = StatusMessage(.info, "reading group \(text) from history…")
                return [.reopenComparison(text)]
            }
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
        if let command = Keymap.command(for: key, in: [.textField]) {
            switch command {
            case .commit:
                overlay = nil
                let text = field.text.trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? [] : commit(&self, text)
            case .abandon:
                overlay = nil
                return []
            default:
                field.apply(command)
            }
        } else if case .char(let c) = key {
            field.insert(String(c))
        }
        overlay = reopen(field)
        return []
    }

    mutating func scrollOverlay(_ key: Key, scroll: Int, make: (Int) -> Overlay) -> [Effect] {
        guard let command = Keymap.command(for: key, in: [.overlay, .global]) else { return [] }
        let page = max(1, size.rows - 6)
        switch command {
        case .close, .cancel, .help, .preview:
            overlay = nil
        case .moveUp: overlay = make(max(0, scroll - 1))
        case .moveDown: overlay = make(scroll + 1)
        case .pageUp: overlay = make(max(0, scroll - page))
        case .pageDown: overlay = make(scroll + page)
        case .top: overlay = make(0)
        case .bottom: overlay = make(Int.max / 4)
        case .forceQuit, .run:
            overlay = nil
            return perform(command)
        default: break
        }
        return []
    }

    private mutating func handlePickerKey(_ key: Key, picker: inout Picker) -> [Effect] {
        if let command = Keymap.command(for: key, in: [.picker, .textField]) {
            switch command {
            case .select, .commit:
                overlay = nil
                guard let choice = picker.choice else { return [] }
                return choose(choice, for: picker.purpose)
            case .close, .abandon:
                overlay = nil
                return []
            case .moveUp: picker.cursor = max(0, picker.cursor - 1)
            case .moveDown: picker.cursor = min(max(0, picker.visibleItems.count - 1), picker.cursor + 1)
            default:
                picker.filter.apply(command)
                picker.cursor = 0
            }
        } else if case .char(let c) = key {
            picker.filter.insert(String(c))
            picker.cursor = 0
        }
        overlay = .picker(picker)
        return []
    }

    private mutating func choose(_ choice: String, for purpose: Picker.Purpose) -> [Effect] {
        switch purpose {
        case .theme:
            themeName = choice
            statusMessage = StatusMessage(.info, "theme \(choice)")
            return [.useTheme(choice)]
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
