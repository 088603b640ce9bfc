import PromptDeckCore

/// The parameters panel: model and profile, then every parameter of the kind with value, origin and range.
enum ParametersView {
    /// `title` names whose parameters they are (a compare column's), after the streaming flag.
    static func draw(_ state: AppState, in rect: Rect, into screen: inout ScreenBuffer, title: String? = nil) {
        guard !rect.isEmpty else { return }
        let focused = state.focus == .parameters && state.overlay == nil
        // While a replay shows, the panel shows what the replayed run was sent, not the current settings.
        let replay = state.isComparing ? nil : state.replay
        func value(_ name: String) -> (value: JSONValue?, origin: AppState.ParameterOrigin) {
            if let replay { return (replay.parameters[name], replay.parameters[name] == nil ? .api : .recorded) }
            return state.parameterValue(name)
        }
        let stream = value("stream").value?.boolValue ?? false
        let heading =
            "Params · stream \(stream ? "on" : "off")" + (title.map { " · " + $0 } ?? "")
            + (replay.map { " · replay of \($0.runID)" } ?? "")
        screen.box(rect, title: heading, focused: focused)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 6 else { return }
        let specs = state.parameterSpecs
        let nameWidth = min(specs.map { $0.name.count }.max() ?? 8, inner.width / 2 - 1)
        var row = 0
        if inner.height >= 5 {
            header(
                "model", replay?.model ?? state.shownModel ?? "(profile default)", key: "m",
                state.modelOverride != nil || state.editedColumn?.variant.model != nil, in: inner,
                row: row, nameWidth: nameWidth, into: &screen)
            header(
                "profile", replay?.profileName ?? state.activeProfileName, key: "P",
                state.profileOverride != nil || state.editedColumn?.variant.profileName != nil, in: inner, row: row + 1,
                nameWidth: nameWidth, into: &screen)
            row = 2
        }
        let error =
            state.inlineEdit.flatMap { edit -> String? in
                if case .parameter = edit.target { return edit.error }
                return nil
            } ?? state.parameterError
        let rows = max(1, inner.height - row - (error == nil ? 0 : 1))
        let first = max(0, min(state.parameterCursor - rows + 1, specs.count - rows))
        for (offset, spec) in specs.dropFirst(first).prefix(rows).enumerated() {
            let index = first + offset
            let y = inner.top + row + offset
            let isSelected = index == state.parameterCursor
            let nameRole: StyleRole = isSelected ? (focused ? .listSelected : .listSelectedUnfocused) : .paramName
            screen.truncated(spec.name, row: y, column: inner.left, width: nameWidth, role: nameRole)
            let valueColumn = inner.left + nameWidth + 1
            let width = inner.right - valueColumn
            guard width > 0 else { continue }
            if let edit = state.inlineEdit, edit.target == .parameter(spec.name) {
                let (text, cursor) = edit.field.visibleSlice(width: width)
                screen.write(
                    text, row: y, column: valueColumn, role: edit.error == nil ? .inputText : .paramError, limit: width)
                screen.cursor = (y, valueColumn + cursor)
                continue
            }
            let (current, origin) = value(spec.name)
            let shown =
                spec.type == .toolList
                ? current.map(showTools) ?? "—" : current.map(show) ?? spec.apiDefault.map { show($0) } ?? "—"
            let role: StyleRole = origin == .typed ? .paramChanged : (origin == .api ? .paramDefault : .paramValue)
            let end = screen.truncated(shown, row: y, column: valueColumn, width: width, role: role)
            let range =
                " " + (origin == .api ? "default · " : origin == .typed ? "" : "\(origin.rawValue) · ")
                + spec.rangeDescription
            if end + 2 < inner.right {
                screen.truncated(range, row: y, column: end, width: inner.right - end, role: .paramRange)
            }
        }
        if let error {
            screen.truncated(
                "✖ " + TerminalSafeText.make(error), row: inner.bottom - 1, column: inner.left, width: inner.width,
                role: .paramError)
        }
    }

    private static func header(
        _ name: String, _ value: String, key: String, _ changed: Bool, in inner: Rect, row: Int, nameWidth: Int,
        into screen: inout ScreenBuffer
    ) {
        let y = inner.top + row
        screen.write(name, row: y, column: inner.left, role: .paramName, limit: inner.width)
        let column = inner.left + nameWidth + 1
        let end = screen.truncated(
            value, row: y, column: column, width: max(0, inner.right - column - 4),
            role: changed ? .paramChanged : .paramValue)
        screen.write(" (\(key))", row: y, column: end, role: .hintText, limit: max(0, inner.right - end))
    }

    static func show(_ value: JSONValue) -> String {
        TerminalSafeText.make(value.stringValue ?? value.serialized())
    }

    /// A list of tools by their names: `get_weather, lookup`.
    static func showTools(_ value: JSONValue) -> String {
        let names = (value.arrayValue ?? []).compactMap { ($0["function"] ?? $0)["name"]?.stringValue }
        return TerminalSafeText.make(names.isEmpty ? "none" : names.joined(separator: ", "))
    }
}
