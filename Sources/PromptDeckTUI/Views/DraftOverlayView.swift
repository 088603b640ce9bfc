import PromptDeckCore

/// The overlays of prompt editing: the save menu, a new prompt, the version list and the draft questions.
enum DraftOverlayView {
    static func drawSaveMenu(_ menu: SaveMenu, state: AppState, in area: Rect, into screen: inout ScreenBuffer) {
        let rect = area.centered(height: 11, width: min(area.width - 4, 80))
        OverlayView.frame(rect, title: "Save", into: &screen)
        let inner = rect.inner
        if let field = menu.saveAs {
            let what =
                menu.conversation
                ? "Save the conversation as a new prompt (turns as few-shot messages). Its id:"
                : "Save as a new prompt, beside this one. Its id:"
            screen.line(what, in: inner, at: 0, indent: 1, role: .overlayText)
            let (text, cursor) = field.visibleSlice(width: inner.width - 2)
            screen.write(text, row: inner.top + 2, column: inner.left + 1, role: .inputText, limit: inner.width - 2)
            screen.cursor = (inner.top + 2, inner.left + 1 + cursor)
            screen.line("Enter saves · Esc cancels", in: inner, at: 4, indent: 1, role: .hintText)
            return
        }
        let modified = state.draft?.isModified ?? false
        let rows: [(String, String)] = [
            ("s", modified ? "save the draft to its file" : "save the draft (no changes yet)"),
            ("a", "save as a new prompt id"),
            ("d", "save the variable values as the prompt's defaults"),
            ("p", "save the parameters set here into the prompt"),
            ("P", "push it to Portkey as a new version (a pulled prompt; saves it too)"),
            ("c", "save the conversation as a new prompt (its turns as few-shot messages)"),
        ]
        for (index, row) in rows.enumerated() {
            let column = screen.write(" " + row.0, row: inner.top + index, column: inner.left, role: .overlayKey)
            screen.write("  " + row.1, row: inner.top + index, column: column, role: .overlayText)
        }
        screen.line(
            "Comments, key order and the other fields of the file stay as they are · Esc closes", in: inner,
            at: rows.count + 1, indent: 1, role: .hintText)
    }

    static func drawNewPrompt(_ form: NewPromptForm, in area: Rect, into screen: inout ScreenBuffer) {
        let rect = area.centered(height: 7, width: min(area.width - 4, 64))
        OverlayView.frame(rect, title: "New prompt", into: &screen)
        let inner = rect.inner
        screen.line("Kind: \(form.kind.rawValue) (Tab switches) · id:", in: inner, at: 0, indent: 1, role: .overlayText)
        let (text, cursor) = form.id.visibleSlice(width: inner.width - 2)
        screen.write(text, row: inner.top + 2, column: inner.left + 1, role: .inputText, limit: inner.width - 2)
        screen.cursor = (inner.top + 2, inner.left + 1 + cursor)
        screen.line("Enter makes it from a skeleton · Esc cancels", in: inner, at: 4, indent: 1, role: .hintText)
    }

    static func drawVersions(
        _ list: VersionList, state: AppState, in area: Rect, into screen: inout ScreenBuffer
    ) {
        let rect = area.centered(height: area.height - 2, width: min(area.width - 4, 110))
        OverlayView.frame(rect, title: "Versions of \(list.promptID)", into: &screen)
        let inner = rect.inner
        guard let versions = list.versions else {
            screen.line(list.error ?? "reading history…", in: inner, at: 0, indent: 1, role: .textDim)
            return
        }
        if let error = list.error {
            screen.line("✖ " + error, in: inner, at: 0, indent: 1, role: .outputError)
            return
        }
        if versions.isEmpty {
            screen.line(
                "No versions yet: a run or a save records one.", in: inner, at: 0, indent: 1, role: .textDim)
            return
        }
        let listRows = min(versions.count, max(3, inner.height / 3))
        let first = max(0, list.cursor - listRows + 1)
        for (offset, version) in versions.dropFirst(first).prefix(listRows).enumerated() {
            let index = first + offset
            let labels = version.labels.isEmpty ? "" : " · " + version.labels.joined(separator: ", ")
            let current = version.isCurrent ? (version.isHosted ? " · default" : " · the file now") : ""
            let note = version.note.map { " · " + $0 } ?? ""
            let runs = version.runs == 1 ? "1 run" : "\(version.runs) runs"
            let text =
                version.number == 0
                ? "\(index == list.cursor ? "▸" : " ") draft  (unsaved: what the Template pane shows)"
                : "\(index == list.cursor ? "▸" : " ") @\(version.number)  \(version.shortHash)  \(version.firstSeen)"
                    + (version.isHosted ? "" : "  \(runs)") + "\(labels)\(current)\(note)"
            screen.truncated(
                TerminalSafeText.make(text), row: inner.top + offset, column: inner.left + 1,
                width: inner.width - 2, role: index == list.cursor ? .listSelected : .text)
        }
        guard versions.indices.contains(list.cursor) else { return }
        let selected = versions[list.cursor]
        let diffTop = listRows + 1
        let diffLines =
            selected.diff.isEmpty
            ? ["(the same as the file)"]
            : selected.diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (offset, line) in diffLines.prefix(max(0, inner.height - diffTop - 1)).enumerated() {
            let role: StyleRole =
                line.hasPrefix("+")
                ? .diffAdd : line.hasPrefix("-") ? .diffRemove : line.hasPrefix("@@") ? .listMeta : .textDim
            screen.truncated(
                TerminalSafeText.make(line), row: inner.top + diffTop + offset, column: inner.left + 1,
                width: inner.width - 2, role: role)
        }
        screen.truncated(
            state.isComparing
                ? "Enter adds it as a column · D compares it with the file · Esc closes"
                : "Enter opens it as a draft · D compares it with the file · Esc closes", row: inner.bottom - 1,
            column: inner.left + 1, width: inner.width - 2, role: .hintText)
    }

    static func drawQuestion(
        _ question: DraftQuestion, state: AppState, in area: Rect, into screen: inout ScreenBuffer
    ) {
        let rect = area.centered(height: 6, width: min(area.width - 4, 70))
        let text: String
        switch question {
        case .quit:
            OverlayView.frame(rect, title: "Quit?", into: &screen)
            text = "Your draft of \(state.draft?.promptID ?? "the prompt") is not saved. Quit anyway? (it is kept)"
        case .reload(let id):
            OverlayView.frame(rect, title: "\(id) changed on disk", into: &screen)
            text = "The file changed on disk. Replace your draft with it?"
        case .publish(let id, let number):
            OverlayView.frame(rect, title: "Publish", into: &screen)
            text = "Make \(id)@\(number) Portkey's default version (what \(id) runs)?"
        }
        screen.line(
            DisplayWidth.truncate(text, to: rect.inner.width - 2), in: rect.inner, at: 0, indent: 1, role: .overlayText)
        screen.line("y yes · n no", in: rect.inner, at: 2, indent: 1, role: .hintText)
    }
}
