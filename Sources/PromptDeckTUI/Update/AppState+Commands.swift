import PromptDeckCore

extension AppState {
    /// Carries out a command bound to a pane or globally.
    mutating func perform(_ command: Command) -> [Effect] {
        switch command {
        case .run: return startRun()
        case .cancel:
            if let run, run.isActive { return cancelRun() }
            if zoomed {
                zoomed = false
                relayout()
            }
            statusMessage = nil
            return []
        case .focusNext, .focusPrevious:
            let panes = Pane.allCases
            let index = panes.firstIndex(of: focus) ?? 0
            focus = panes[(index + (command == .focusNext ? 1 : panes.count - 1)) % panes.count]
            if zoomed { relayout() }
            return []
        case .help:
            overlay = .help(scroll: 0)
            return []
        case .quit:
            if isRunning {
                overlay = .confirmQuit
                return []
            }
            return [.quit]
        case .forceQuit:
            return cancelEverything() + [.quit]
        case .toggleCompare: return toggleCompare()
        case .sweep:
            guard detail != nil else {
                statusMessage = StatusMessage(.warning, "pick a prompt first")
                return []
            }
            overlay = .sweep(SweepForm())
            return []
        case .reopenComparison:
            overlay = .reopen(TextField(compare?.groupID ?? ""))
            return []
        case .toggleStream:
            guard let detail else { return [] }
            let current = effectiveParameter("stream")?.boolValue ?? false
            overrides[detail.prompt.id, default: [:]]["stream"] = .bool(!current)
            statusMessage = StatusMessage(.info, current ? "streaming off" : "streaming on")
            return []
        case .preview:
            guard let inputs = runInputs() else { return [] }
            overlay = .preview(nil, error: nil, scroll: 0)
            return [.preparePreview(inputs)]
        case .pickTheme:
            overlay = .picker(Picker(purpose: .theme, items: themeNames, current: themeName))
            return []
        case .pickModel:
            var models: [String] = []
            for model in [modelOverride, detail?.prompt.model, activeProfile?.model].compactMap({ $0 }) + recentModels
            where !models.contains(model) {
                models.append(model)
            }
            overlay = .picker(Picker(purpose: .model, items: models, current: activeModel, acceptsTypedText: true))
            return []
        case .pickProfile:
            overlay = .picker(Picker(purpose: .profile, items: profiles.map(\.name), current: activeProfileName))
            return []
        case .zoom:
            zoomed.toggle()
            relayout()
            return []
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            return move(command)
        case .filter:
            isFiltering = true
            return []
        case .select:
            focus = .variables
            return selectPromptAtCursor()
        case .edit:
            return focus == .parameters ? editParameter() : editVariable()
        case .toggle:
            return focus == .parameters ? stepParameter(by: 1) : toggleVariable()
        case .externalEditor:
            guard fields.indices.contains(fieldCursor), fields[fieldCursor].kind != .bool else { return [] }
            return [.editExternally(variable: fields[fieldCursor].name, text: fields[fieldCursor].value)]
        case .resetValue:
            return focus == .parameters ? resetParameter() : resetVariable()
        case .stepUp: return stepParameter(by: 1)
        case .stepDown: return stepParameter(by: -1)
        case .saveOutput:
            let name = "promptdeck-output" + (run?.id.map { "-" + String($0.prefix(12)) } ?? "") + ".txt"
            overlay = .save(TextField(name))
            return []
        case .nextChoice, .previousChoice:
            output.selectChoice(command == .nextChoice ? 1 : -1)
            tokenCursor = nil
            return []
        case .openHistory: return openHistory()
        case .tokenCursor: return startTokenCursor()
        default:
            return []
        }
    }

    /// Arrow-key motion in the focused pane.
    mutating func move(_ command: Command) -> [Effect] {
        let page = max(1, Layout(size: size, zoomed: zoomed ? focus : nil).rect(of: focus).height - 3)
        let delta: Int
        switch command {
        case .moveUp: delta = -1
        case .moveDown: delta = 1
        case .pageUp: delta = -page
        case .pageDown: delta = page
        case .top: delta = Int.min / 2
        default: delta = Int.max / 2
        }
        switch focus {
        case .prompts:
            let count = visiblePrompts.count
            guard count > 0 else { return [] }
            promptCursor = min(max(0, promptCursor.addingReportingOverflow(delta).partialValue), count - 1)
            return selectPromptAtCursor()
        case .template:
            let lines =
                detail.map { $0.templateText.split(separator: "\n", omittingEmptySubsequences: false).count } ?? 0
            templateScroll = min(max(0, templateScroll.addingReportingOverflow(delta).partialValue), max(0, lines - 1))
        case .variables:
            guard !fields.isEmpty else { return [] }
            fieldCursor = min(max(0, fieldCursor.addingReportingOverflow(delta).partialValue), fields.count - 1)
        case .parameters:
            let count = parameterSpecs.count
            guard count > 0 else { return [] }
            parameterCursor = min(max(0, parameterCursor.addingReportingOverflow(delta).partialValue), count - 1)
            parameterError = nil
        case .output:
            if command == .bottom {
                output.scrollToBottom()
                output.follow = true
            } else if command == .top {
                output.scroll(by: -output.scroll)
            } else {
                output.scroll(by: delta)
            }
        }
        return []
    }

    /// Keys while typing into the prompt filter.
    mutating func handleFilterKey(_ key: Key) -> [Effect] {
        if let command = Keymap.command(for: key, in: [.textField]) {
            switch command {
            case .commit:
                isFiltering = false
                return []
            case .abandon:
                isFiltering = false
                filter = TextField()
                promptCursor = 0
                return selectPromptAtCursor()
            default:
                filter.apply(command)
                promptCursor = 0
                return selectPromptAtCursor()
            }
        }
        switch key {
        case .char(let c):
            filter.insert(String(c))
            promptCursor = 0
            return selectPromptAtCursor()
        case .up, .down:
            return move(key == .up ? .moveUp : .moveDown)
        default:
            guard let command = Keymap.command(for: key, in: [.global]), !Self.isPlainKey(key) else { return [] }
            isFiltering = false
            return perform(command)
        }
    }

    /// Printable keys (letters, `?`): typed into fields, never commands while editing.
    static func isPlainKey(_ key: Key) -> Bool {
        if case .char = key { return true }
        return false
    }
}
