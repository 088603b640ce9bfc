import PromptDeckCore

/// The prompt's versions in the playground, and the draft against the saved prompt side by side.
extension AppState {
    /// `D`: compare mode with two columns, the saved prompt and the draft, run at once with the same
    /// variables and parameters (the word diff is on `d`).
    mutating func compareDraftAgainstSaved() -> [Effect] {
        guard let detail else {
            statusMessage = StatusMessage(.warning, "pick a prompt first")
            return []
        }
        if deferUntilDraftIsSpliced(.compareDraft) { return [] }
        guard detail.prompt.id == draft?.promptID, let sources = savedAndDraftSources else {
            statusMessage = StatusMessage(.info, "no draft to compare: Enter on the Template pane edits the prompt")
            return []
        }
        return compareSources(sources)
    }

    /// The saved prompt and the unsaved draft as two sources (nil: the open prompt has no draft).
    var savedAndDraftSources: [PromptSource]? {
        guard let draft, draft.promptID == detail?.prompt.id, draft.isModified else { return nil }
        let saved = PromptSource(
            text: draft.savedText, partials: nil, label: "saved", file: Self.fileName(draft.path))
        return [saved, .draft(draft.text, promptID: draft.promptID)]
    }

    /// One variant per source, `version=<label>`.
    static func variants(for sources: [PromptSource]) -> [ComparisonVariant] {
        sources.enumerated().map { index, source in
            ComparisonVariant(position: index, number: index + 1, specText: "version=\(source.label)", source: source)
        }
    }

    /// Compare mode with one column per source, started at once.
    mutating func compareSources(_ sources: [PromptSource]) -> [Effect] {
        if compare?.isRunning ?? false {
            statusMessage = StatusMessage(.warning, "the comparison is running: wait, or X cancels it")
            return []
        }
        let variants = Self.variants(for: sources)
        overlay = nil
        showComparison(CompareState(variants: variants, textWidth: CompareLayout(size: size, count: 2).textWidth))
        relayout()
        return runAll()
    }

    /// `V`: the version list (read from history off the key loop).
    mutating func openVersionList() -> [Effect] {
        guard let detail else {
            statusMessage = StatusMessage(.warning, "pick a prompt first")
            return []
        }
        overlay = .versions(VersionList(promptID: detail.prompt.id))
        return [.listVersions(promptID: detail.prompt.id)]
    }

    mutating func receiveVersions(promptID: String, versions: [VersionRow] = [], error: String? = nil) {
        guard case .versions(var list)? = overlay, list.promptID == promptID else { return }
        var versions = versions
        // The unsaved draft heads the list (number 0): compare mode adds it as a column like a version.
        if let draft, draft.promptID == promptID, draft.isModified {
            versions.insert(
                VersionRow(
                    number: 0, shortHash: "", firstSeen: "unsaved", runs: 0, labels: [], isCurrent: false,
                    source: draft.text, diff: ""),
                at: 0)
        }
        list.versions = versions
        list.error = error.map(TerminalSafeText.make)
        // Newest first, as history lists runs.
        list.cursor = 0
        overlay = .versions(list)
    }

    /// Keys in the version list: move, Enter opens the version as a draft, D compares it with the file.
    mutating func handleVersionListKey(_ key: Key, list: VersionList) -> [Effect] {
        var list = list
        let rows = list.versions ?? []
        guard let command = Keymap.command(for: key, in: [.versionList, .overlay, .global]) else { return [] }
        switch command {
        case .close, .cancel:
            overlay = nil
        case .moveUp, .moveDown, .top, .bottom, .pageUp, .pageDown:
            list.cursor =
                ScrollMotion.apply(command, to: list.cursor, page: 5, maximum: max(0, rows.count - 1)) ?? list.cursor
            list.scroll = 0
            overlay = .versions(list)
        case .confirm:
            guard rows.indices.contains(list.cursor), rows[list.cursor].isHosted else {
                statusMessage = StatusMessage(
                    .info, "only a Portkey prompt's versions are published (labels: prompts label)")
                return []
            }
            overlay = .confirmDraft(.publish(promptID: list.promptID, number: rows[list.cursor].number))
        case .select where rows.indices.contains(list.cursor) && rows[list.cursor].isHosted:
            let row = rows[list.cursor]
            overlay = nil
            if isComparing {
                return addColumn(duplicating: false, hostedVersion: row.number)
            }
            let base = list.promptID.split(separator: "@").first.map(String.init) ?? list.promptID
            statusMessage = StatusMessage(.info, "opening \(base)@\(row.number)…")
            return [.loadPrompt(id: "\(base)@\(row.number)")]
        case .select:
            guard rows.indices.contains(list.cursor), let detail else { return [] }
            let row = rows[list.cursor]
            overlay = nil
            if isComparing {
                // In compare mode a version (or the draft) becomes a column.
                return addColumn(duplicating: false, source: Self.source(of: row, in: detail))
            }
            guard row.number > 0 else { return [] }
            return openVersionAsDraft(row, of: detail)
        case .compareDraft where rows.indices.contains(list.cursor) && rows[list.cursor].isHosted:
            // A Portkey version against the default one, both run hosted.
            let number = rows[list.cursor].number
            let variants = [
                ComparisonVariant(position: 0, number: 1, specText: "version=\(number)", version: .number(number)),
                ComparisonVariant(position: 1, number: 2, specText: "version=default"),
            ]
            overlay = nil
            showComparison(CompareState(variants: variants, textWidth: CompareLayout(size: size, count: 2).textWidth))
            relayout()
            return runAll()
        case .compareDraft:
            guard rows.indices.contains(list.cursor), let detail else { return [] }
            let row = rows[list.cursor]
            let file = PromptSource(
                text: detail.prompt.sourceText, partials: nil, label: "file",
                file: Self.fileName(detail.prompt.sourcePath))
            return compareSources([Self.source(of: row, in: detail), file])
        default: break
        }
        return []
    }

    /// The text of a row of the version list, to run: the draft, or a recorded version.
    static func source(of row: VersionRow, in detail: PromptDetail) -> PromptSource {
        if row.number == 0 { return .draft(row.source, promptID: detail.prompt.id) }
        return PromptSource(
            text: row.source, partials: nil, label: "\(row.number)",
            file: "\(fileName(detail.prompt.sourcePath)) (version \(row.number))", versionNumber: row.number)
    }

    /// A recorded version opens as a draft of the prompt: run it, compare it, or save it back over the file.
    private mutating func openVersionAsDraft(_ row: VersionRow, of detail: PromptDetail) -> [Effect] {
        guard
            let prompt = try? PromptLibrary(directory: nil).prompt(
                recordedSource: row.source, id: detail.prompt.id, file: detail.prompt.sourcePath)
        else {
            statusMessage = StatusMessage(.error, "version \(row.number) does not parse any more")
            return []
        }
        var restored = PromptDraft(of: detail)
        restored.template = prompt.template ?? ""
        restored.messages = prompt.messages.map { DraftMessage(role: $0.role, content: $0.content) }
        restored.generation += 1
        draft = restored
        statusMessage = StatusMessage(
            .info, "version \(row.number) is now your draft · F5 runs it · D compares · W saves it over the file")
        return [.analyzeDraft(restored.snapshot)]
    }
}
