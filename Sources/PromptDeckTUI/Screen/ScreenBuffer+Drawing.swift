/// Boxes, lines and clipped text: the drawing vocabulary of the views.
extension ScreenBuffer {
    /// Draws a single-line box on the edge of `rect` with a title in its top border.
    public mutating func box(_ rect: Rect, title: String, focused: Bool) {
        guard rect.height >= 2, rect.width >= 2 else { return }
        let border: StyleRole = focused ? .paneBorderFocused : .paneBorder
        let titleRole: StyleRole = focused ? .paneTitleFocused : .paneTitle
        let bottom = rect.bottom - 1
        let right = rect.right - 1
        // Written cell by cell: the border is drawn for every pane on every frame.
        for (row, left, rightCorner) in [(rect.top, "┌", "┐"), (bottom, "└", "┘")] {
            repeatCell(left, count: 1, row: row, column: rect.left, role: border)
            repeatCell("─", count: rect.width - 2, row: row, column: rect.left + 1, role: border)
            repeatCell(rightCorner, count: 1, row: row, column: right, role: border)
        }
        for row in (rect.top + 1)..<bottom {
            repeatCell("│", count: 1, row: row, column: rect.left, role: border)
            repeatCell("│", count: 1, row: row, column: right, role: border)
        }
        if rect.width > 6, !title.isEmpty {
            let shown = DisplayWidth.truncate(" " + title + " ", to: rect.width - 4)
            write(shown, row: rect.top, column: rect.left + 2, role: titleRole)
        }
    }

    /// Writes `text` in `rect`'s row `line` (relative), clipped to the rect's width; returns the end column.
    @discardableResult
    public mutating func line(
        _ text: some StringProtocol, in rect: Rect, at line: Int, indent: Int = 0, role: StyleRole
    )
        -> Int
    {
        guard line >= 0, line < rect.height, indent < rect.width else { return rect.left + indent }
        return write(text, row: rect.top + line, column: rect.left + indent, role: role, limit: rect.width - indent)
    }

    /// Writes `text` clipped with an ellipsis to `width` columns.
    @discardableResult
    public mutating func truncated(_ text: String, row: Int, column: Int, width: Int, role: StyleRole) -> Int {
        write(DisplayWidth.truncate(text, to: width), row: row, column: column, role: role, limit: width)
    }
}
