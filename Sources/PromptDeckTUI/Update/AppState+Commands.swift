import PromptDeckCore

extension AppState {
    /// Carries out a command bound to a pane or globally.
    mutating func perform(_ command: Command) -> [Effect] {
        if focus == .template, let effects = performTemplateCommand(command) { return effects }
        if let effects = openOverlay(for: command) { return effects }
        if let effects = editField(for: command) { return effects }
        switch command {
        case .run: return startRun()
        case .cancel:
            if let run, run.isActive { return cancelRun() }
            if zoomed {
                zoomed = false
                relayout()
            }
            statusMessage = nil
        case .focusNext, .focusPrevious:
            let panes = Pane.allCases
            let index = panes.firstIndex(of: focus) ?? 0
            focus = panes[(index + (command == .focusNext ? 1 : panes.count - 1)) % panes.count]
            if zoomed { relayout() }
        case .quit:
            if isRunning {
                overlay = .confirmQuit
                return []
            }
            if draft?.isModified ?? false {
                overlay = .confirmDraft(.quit)
                return []
            }
            return [.quit]
        case .togglePrettyJSON:
            if runExtras.prettyJSON != nil {
                runExtras.prettyJSON = nil
                return []
            }
            do {
                let value = try JSONValue.parse(output.currentText)
                runExtras.prettyJSON = TerminalSafeText.make(value.serialized(pretty: true))
            } catch {
                statusMessage = StatusMessage(.warning, "the output is not JSON: \(error)")
            }
        case .toggleReasoning:
            guard !runExtras.reasoning.isEmpty else {
                statusMessage = StatusMessage(.info, "this run has no reasoning")
                return []
            }
            runExtras.reasoningUnfolded.toggle()
        case .continueConversation: return continueConversation()
        case .regenerate: return regenerateReply()
        case .startOver: return startConversationOver()
        case .saveDraft: return openSaveMenu()
        case .compareDraft: return compareDraftAgainstSaved()
        case .evaluate: return startEvaluation()
        case .showCheckFailures: toggleCheckFailures()
        case .showVersions: return openVersionList()
        case .newPrompt:
            overlay = .newPrompt(NewPromptForm())
            return []
        case .forceQuit: return cancelEverything() + [.quit]
        case .toggleCompare: return toggleCompare()
        case .toggleStream:
            guard let detail else { return [] }
            let current = effectiveParameter("stream")?.boolValue ?? false
            overrides[detail.prompt.id, default: [:]]["stream"] = .bool(!current)
            statusMessage = StatusMessage(.info, current ? "streaming off" : "streaming on")
        case .zoom:
            zoomed.toggle()
            relayout()
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom: return move(command)
        case .filter:
            guard !isComparing else { return [] }
            focus = .prompts
            isFiltering = true
            if zoomed { relayout() }
        case .copy: return copy(output.currentText, what: "the output")
        case .suspend: return [.suspend]
        case .select:
            focus = .variables
            return selectPromptAtCursor()
        case .nextChoice, .previousChoice:
            if output.choiceIndices.count <= 1, stepSibling(by: command == .nextChoice ? 1 : -1) { return [] }
            output.selectChoice(command == .nextChoice ? 1 : -1)
            tokenCursor = nil
        case .openHistory: return openHistory()
        case .tokenCursor: return startTokenCursor()
        default: break
        }
        return []
    }

    /// Commands that open an overlay: help, messages, the preview, the pickers, sweep, reopen, save.
    private mutating func openOverlay(for command: Command) -> [Effect]? {
        switch command {
        case .help: overlay = .help(scroll: 0)
        case .showMessages: overlay = .messages(scroll: 0)
        case .sweep:
            guard detail != nil else {
                statusMessage = StatusMessage(.warning, "pick a prompt first")
                return []
            }
            overlay = .sweep(SweepForm())
        case .reopenComparison:
            overlay = .reopen(ReopenForm(compare?.groupID ?? ""))
            return [.listComparisons]
        case .preview:
            guard let inputs = runInputs() else { return [] }
            overlay = .preview(nil, error: nil, scroll: 0)
            return [.preparePreview(inputs)]
        case .pickTheme: overlay = .picker(Picker(purpose: .theme, items: themeNames, current: themeName))
        case .pickModel:
            var models: [String] = []
            for model in [modelOverride, detail?.prompt.model, activeProfile?.model].compactMap({ $0 }) + recentModels
            where !models.contains(model) {
                models.append(model)
            }
            overlay = .picker(Picker(purpose: .model, items: models, current: activeModel, acceptsTypedText: true))
            return [.discoverModels(profileName: activeProfileName)]
        case .pickProfile:
            overlay = .picker(Picker(purpose: .profile, items: profiles.map(\.name), current: activeProfileName))
        case .saveOutput:
            let name = "promptdeck-output" + (run?.id.map { "-" + String($0.prefix(12)) } ?? "") + ".txt"
            overlay = .save(TextField(name))
        default: return nil
        }
        return []
    }

    /// Commands that change a variable or a parameter of the focused pane.
    private mutating func editField(for command: Command) -> [Effect]? {
        switch command {
        case .edit: return focus == .parameters ? editParameter() : editVariable()
        case .toggle: return focus == .parameters ? stepParameter(by: 1) : toggleVariable()
        case .externalEditor:
            guard fields.indices.contains(fieldCursor), fields[fieldCursor].kind != .bool else { return [] }
            return [.editExternally(variable: fields[fieldCursor].name, text: fields[fieldCursor].value)]
        case .resetValue: return focus == .parameters ? resetParameter() : resetVariable()
        case .stepUp: return stepParameter(by: 1)
        case .stepDown: return stepParameter(by: -1)
        default: return nil
        }
    }

    /// `y`: the text to the clipboard through the terminal (OSC 52), or a hint when there is none.
    mutating func copy(_ text: String, what: String) -> [Effect] {
        guard !text.isEmpty else {
            statusMessage = StatusMessage(.warning, "nothing to copy yet")
            return []
        }
        statusMessage = StatusMessage(
            .info, "copied \(what) (\(text.count) characters) via OSC 52; if the terminal refuses, w saves a file")
        return [.copyToClipboard(text)]
    }

    /// Arrow-key motion in the focused pane.
    mutating func move(_ command: Command) -> [Effect] {
        let page = max(1, Layout(size: size, zoomed: zoomed ? focus : nil).rect(of: focus).height - 3)
        func moved(_ position: Int, within count: Int) -> Int {
            ScrollMotion.apply(command, to: position, page: page, maximum: max(0, count - 1)) ?? position
        }
        switch focus {
        case .prompts:
            let count = visiblePrompts.count
            guard count > 0 else { return [] }
            promptCursor = moved(promptCursor, within: count)
            return selectPromptAtCursor()
        case .template:
            if moveMessageCursor(command) { return [] }
            let lines =
                detail.map { $0.templateText.split(separator: "\n", omittingEmptySubsequences: false).count } ?? 0
            templateScroll = moved(templateScroll, within: lines)
        case .variables:
            guard !fields.isEmpty else { return [] }
            fieldCursor = moved(fieldCursor, within: fields.count)
        case .parameters:
            let count = parameterSpecs.count
            guard count > 0 else { return [] }
            parameterCursor = moved(parameterCursor, within: count)
            parameterError = nil
        case .output:
            if command == .bottom {
                output.scrollToBottom()
                output.follow = true
            } else if let delta = ScrollMotion.delta(command, page: page) {
                output.scroll(by: command == .top ? -output.scroll : delta)
            }
        }
        return []
    }

    /// Keys while typing into the prompt filter. Enter with one match opens it.
    mutating func handleFilterKey(_ key: Key) -> [Effect] {
        switch filter.handle(key) {
        case .committed:
            isFiltering = false
            if visiblePrompts.count == 1 { return perform(.select) }
            return []
        case .abandoned:
            isFiltering = false
            filter = TextField()
            promptCursor = 0
            return selectPromptAtCursor()
        case .edited:
            promptCursor = 0
            return selectPromptAtCursor()
        case .ignored:
            if key == .up || key == .down {
                let saved = focus
                focus = .prompts
                defer { focus = saved }
                return move(key == .up ? .moveUp : .moveDown)
            }
            guard let command = Keymap.command(for: key, in: [.global]) else { return [] }
            isFiltering = false
            return perform(command)
        }
    }
}
