import PromptDeckCore

/// A picker overlay: a filter line and the matching items.
enum PickerView {
    static func draw(_ picker: Picker, in area: Rect, into screen: inout ScreenBuffer) {
        let items = picker.visibleItems
        let height = min(area.height - 2, max(7, items.count + 5))
        let rect = area.centered(height: height, width: min(area.width - 4, 56))
        let title: String
        switch picker.purpose {
        case .theme: title = "Theme"
        case .model: title = "Model"
        case .profile: title = "Profile"
        }
        let now = picker.current.map { " · now " + TerminalSafeText.make($0) } ?? ""
        OverlayView.frame(rect, title: title + now, into: &screen)
        let inner = rect.inner
        guard inner.height > 2 else { return }
        let label = screen.write("› ", row: inner.top, column: inner.left + 1, role: .overlayKey)
        let (text, cursor) = picker.filter.visibleSlice(width: inner.right - label - 1)
        if text.isEmpty {
            screen.write(
                picker.acceptsTypedText ? "type to filter, or a new name" : "type to filter", row: inner.top,
                column: label, role: .inputPlaceholder, limit: inner.right - label)
        } else {
            screen.write(text, row: inner.top, column: label, role: .inputText, limit: inner.right - label)
        }
        screen.cursor = (inner.top, label + cursor)
        let rows = inner.height - 2
        let first = max(0, min(picker.cursor - rows + 1, items.count - rows))
        for (offset, item) in items.dropFirst(first).prefix(rows).enumerated() {
            let row = inner.top + 1 + offset
            let selected = first + offset == picker.cursor
            let role: StyleRole = selected ? .overlaySelected : .overlayText
            if selected { screen.fill(Rect(top: row, left: inner.left, height: 1, width: inner.width), role: role) }
            let shown = picker.served.contains(item) ? item + "  · served" : item
            screen.truncated(shown, row: row, column: inner.left + 2, width: inner.width - 3, role: role)
        }
        if items.isEmpty {
            let note =
                picker.acceptsTypedText && !picker.filter.text.isEmpty
                ? "Enter uses \"\(picker.filter.text)\"" : "nothing matches"
            screen.truncated(note, row: inner.top + 1, column: inner.left + 2, width: inner.width - 3, role: .textDim)
        }
        screen.truncated(
            picker.note ?? "Enter choose · Esc close", row: inner.bottom - 1, column: inner.left + 1,
            width: inner.width - 2,
            role: .hintText)
    }
}

/// The multi-line editor overlay for a variable: the text wrapped by characters, the cursor, and a JSON
/// check for JSON fields.
enum EditorView {
    static func draw(
        variable: String, field: TextField, state: AppState, in area: Rect, into screen: inout ScreenBuffer
    ) {
        let rect = area.centered(height: area.height - 2, width: min(area.width - 4, 100))
        let kind = state.fields.first { $0.name == variable }?.kind ?? .multiline
        OverlayView.frame(rect, title: "Edit \(variable) (\(kind.rawValue))", into: &screen)
        let inner = rect.inner
        guard inner.height > 2, inner.width > 4 else { return }
        let width = inner.width - 2
        let error = FormField(name: variable, kind: kind, value: field.text).error
        let textRows = inner.height - 1
        drawText(field, top: inner.top, left: inner.left + 1, rows: textRows, width: width, into: &screen)
        let footer = error.map { "✖ " + $0 } ?? "Esc/Ctrl-S done · Ctrl-O $EDITOR · Enter new line"
        screen.truncated(
            footer, row: inner.bottom - 1, column: inner.left + 1, width: width,
            role: error == nil ? .hintText : .formError)
    }

    /// A multi-line field's text laid out in `rows` × `width` at (`top`, `left`), scrolled so the cursor
    /// shows, with the terminal cursor put on it.
    static func drawText(
        _ field: TextField, top: Int, left: Int, rows textRows: Int, width: Int, into screen: inout ScreenBuffer
    ) {
        guard textRows > 0, width > 0 else { return }
        var rows: [[Character]] = [[]]
        var used = 0
        var cursorPosition = (row: 0, column: 0)
        for (index, character) in field.characters.enumerated() {
            if index == field.cursor { cursorPosition = (rows.count - 1, used) }
            if character == "\n" {
                rows.append([])
                used = 0
                continue
            }
            let w = character == "\t" ? 1 : DisplayWidth.of(character)
            if used + w > width {
                rows.append([])
                used = 0
                if index == field.cursor { cursorPosition = (rows.count - 1, 0) }
            }
            rows[rows.count - 1].append(character)
            used += w
        }
        if field.cursor == field.characters.count { cursorPosition = (rows.count - 1, used) }
        let first = max(0, cursorPosition.row - textRows + 1)
        for (offset, characters) in rows.dropFirst(first).prefix(textRows).enumerated() {
            OutputView.drawLine(
                TerminalSafeText.make(String(characters)), row: top + offset, column: left, width: width,
                into: &screen)
        }
        screen.cursor = (top + cursorPosition.row - first, left + min(cursorPosition.column, width - 1))
    }
}
