import PromptDeckCore

/// The variables form: one row per variable (label, value), the selected field's help or error below.
enum VariablesView {
    static func draw(_ state: AppState, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let focused = state.focus == .variables && state.overlay == nil
        screen.box(rect, title: "Variables", focused: focused)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 4 else { return }
        if state.fields.isEmpty {
            screen.line(
                state.detail == nil ? "" : "This prompt has no variables.", in: inner, at: 0, indent: 1, role: .textDim)
            return
        }
        let selected = state.fields.indices.contains(state.fieldCursor) ? state.fields[state.fieldCursor] : nil
        let footer = footerText(state, selected: selected)
        let rowsForFields = max(1, inner.height - (footer == nil ? 0 : 1))
        let labelWidth = min(max(4, state.fields.map { DisplayWidth.of($0.name) + 1 }.max() ?? 4), inner.width / 2)
        let first = max(0, min(state.fieldCursor - rowsForFields + 1, state.fields.count - rowsForFields))
        for (offset, field) in state.fields.dropFirst(first).prefix(rowsForFields).enumerated() {
            let index = first + offset
            let row = inner.top + offset
            let isSelected = index == state.fieldCursor
            let labelRole: StyleRole = isSelected ? (focused ? .listSelected : .listSelectedUnfocused) : .formLabel
            let label = field.name + (field.isRequired ? "*" : "")
            screen.truncated(label, row: row, column: inner.left, width: labelWidth, role: labelRole)
            if field.isRequired, !isSelected {
                screen.write(
                    "*", row: row, column: inner.left + min(labelWidth - 1, DisplayWidth.of(field.name)),
                    role: .formRequired)
            }
            let valueColumn = inner.left + labelWidth + 1
            let valueWidth = inner.right - valueColumn
            guard valueWidth > 0 else { continue }
            if let edit = state.inlineEdit, edit.target == .variable(field.name) {
                let (text, cursor) = edit.field.visibleSlice(width: valueWidth)
                screen.write(text, row: row, column: valueColumn, role: .inputText, limit: valueWidth)
                screen.cursor = (row, valueColumn + cursor)
                continue
            }
            let (text, role) = valueText(field)
            screen.truncated(text, row: row, column: valueColumn, width: valueWidth, role: role)
        }
        if let footer {
            let role: StyleRole = selected?.error != nil ? .formError : .textDim
            screen.truncated(footer, row: inner.bottom - 1, column: inner.left, width: inner.width, role: role)
        }
    }

    static func valueText(_ field: FormField) -> (String, StyleRole) {
        if field.kind == .bool { return field.isOn ? ("[x] true", .formToggleOn) : ("[ ] false", .formToggleOff) }
        if field.value.isEmpty {
            return (field.isRequired ? "(required)" : "(empty)", field.isRequired ? .formRequired : .formDefault)
        }
        let safe = TerminalSafeText.make(field.value)
        let lines = safe.split(separator: "\n", omittingEmptySubsequences: false)
        var text = String(lines.first ?? "")
        if lines.count > 1 { text += " ⏎ (+\(lines.count - 1) lines)" }
        if field.error != nil { return (text, .formError) }
        return (text, field.value == field.defaultValue ? .formDefault : .formValue)
    }

    static func footerText(_ state: AppState, selected: FormField?) -> String? {
        guard let selected else { return nil }
        if let error = selected.error { return "✖ " + error }
        var parts: [String] = [selected.kind.rawValue]
        if let description = selected.description { parts.append(description) }
        return parts.joined(separator: " · ")
    }
}
