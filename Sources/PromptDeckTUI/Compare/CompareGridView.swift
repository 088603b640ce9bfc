import PromptDeckCore

/// More than four variants: a table, one row per variant (its settings, status, figures and the first
/// line of its output), scrolled to keep the selected row in view; and the reader that opens one whole.
enum CompareGridView {
    static func draw(_ state: AppState, headers: [[VariantSetting]], in area: Rect, into screen: inout ScreenBuffer) {
        guard let compare = state.compare, area.height > 3 else { return }
        let focused = state.overlay == nil && !compare.isEditing && compare.reading == nil
        screen.box(area, title: "Variants (\(compare.columns.count)) · Enter reads one", focused: focused)
        let inner = area.inner
        let settingsWidth = max(10, min(34, inner.width / 4))
        let widths = [6, settingsWidth, 12, 8, 6, 11, 8]
        let titles = ["#", "settings", "status", "ttft", "tok", "tok/s", "time"]
        var x = inner.left
        for (title, width) in zip(titles, widths) {
            screen.truncated(title, row: inner.top, column: x, width: width - 1, role: .paneTitle)
            x += width
        }
        let outputColumn = x
        screen.truncated(
            "output", row: inner.top, column: outputColumn, width: inner.right - outputColumn, role: .paneTitle)
        let rows = max(1, inner.height - 1)
        let count = compare.columns.count
        let first = max(0, min(compare.focused - rows / 2, count - rows))
        for (offset, column) in compare.columns.dropFirst(first).prefix(rows).enumerated() {
            let index = first + offset
            let row = inner.top + 1 + offset
            let selected = index == compare.focused
            if selected {
                screen.fill(
                    Rect(top: row, left: inner.left, height: 1, width: inner.width),
                    role: focused ? .listSelected : .listSelectedUnfocused)
            }
            let base: StyleRole = selected ? (focused ? .listSelected : .listSelectedUnfocused) : .listItem
            let (status, statusRole) = CompareView.statusLabel(column, phase: compare.phase)
            let result = column.result
            let elapsed = CompareView.elapsedMs(column, compare: compare)
            let rate = result?.tokensPerSecond.map { String(format: "%.1f", $0) } ?? ""
            let header = headers.indices.contains(index) ? headers[index] : []
            let cells: [(String, StyleRole)] = [
                (column.variant.label, base),
                (
                    header.isEmpty ? (index == 0 ? "—" : "same as #1") : TerminalSafeText.make(header.text),
                    selected ? base : (index == 0 ? .paramValue : .paramChanged)
                ),
                (status, selected ? base : statusRole),
                (result?.timeToFirstTokenMs.map { "\($0) ms" } ?? "", base),
                (result.map { "\($0.completionTokens)" } ?? "", base),
                (rate, base),
                (elapsed.map(ComparisonSummary.seconds) ?? "", base),
            ]
            var x = inner.left
            for ((text, role), width) in zip(cells, widths) {
                screen.truncated(text, row: row, column: x, width: width - 1, role: role)
                x += width
            }
            let firstLine =
                column.text.lineCount > 0
                ? column.text.line(at: 0) : (result?.errorMessage.map { "✖ " + TerminalSafeText.make($0) } ?? "")
            screen.truncated(
                firstLine, row: row, column: outputColumn, width: inner.right - outputColumn,
                role: selected ? base : .outputText)
        }
        if count > rows {
            let position = " \(first + 1)-\(min(count, first + rows))/\(count) "
            screen.write(
                position, row: area.bottom - 1, column: area.right - DisplayWidth.of(position) - 2, role: .paneTitle)
        }
    }

    /// One variant whole, over the columns or the table: header, all of its output (or diff), figures.
    static func drawReader(
        _ index: Int, _ state: AppState, headers: [[VariantSetting]], in area: Rect, into screen: inout ScreenBuffer
    ) {
        guard let compare = state.compare, area.height > 5 else { return }
        let column = compare.columns[index]
        screen.fill(area, role: .text)
        let (status, _) = CompareView.statusLabel(column, phase: compare.phase)
        let choice = column.choiceCount > 1 ? " · choice \(column.choice + 1)/\(column.choiceCount) ([ ])" : ""
        screen.box(
            area, title: "\(column.variant.label) \(status)\(choice) · ←/→ next · Esc back",
            focused: state.overlay == nil)
        let inner = area.inner
        CompareView.drawHeader(
            index, headers: headers, row: inner.top, column: inner.left, width: inner.width, into: &screen)
        var lines: [[StyledSpan]]
        if compare.showsDiff, index > 0, let diff = column.diff {
            lines = StyledWrap.wrap(diff.spans, width: inner.width)
        } else {
            var wrapped = WrappedText(width: inner.width)
            wrapped.append(TerminalSafeText.make(column.output))
            lines = (0..<wrapped.lineCount).map { [StyledSpan(wrapped.line(at: $0), .outputText)] }
        }
        lines += CompareView.errorLines(column, width: inner.width)
        let height = max(1, inner.height - 3)
        let first = min(compare.readScroll, max(0, lines.count - height))
        for (offset, spans) in lines.dropFirst(first).prefix(height).enumerated() {
            var x = inner.left
            for span in spans {
                x = screen.write(
                    span.text, row: inner.top + 1 + offset, column: x, role: span.role, limit: inner.right - x)
            }
        }
        if lines.isEmpty {
            let (hint, role) = CompareView.placeholder(column, compare: compare)
            screen.truncated(hint, row: inner.top + 1, column: inner.left, width: inner.width, role: role)
        }
        CompareView.drawFooter(
            column, compare: compare, row: inner.bottom - 2, column: inner.left, width: inner.width, into: &screen)
    }
}
