/// Where the history browser's parts go: the search box on top, the list and the detail pane side by side
/// (stacked on narrow terminals), the status bar and key hints at the bottom.
public struct HistoryLayout: Equatable, Sendable {
    public var search: Rect
    public var list: Rect
    public var detail: Rect
    public var statusRow: Int
    public var hintRow: Int

    /// Lays out `size`.
    public init(size: TerminalSize) {
        statusRow = size.rows - 2
        hintRow = size.rows - 1
        let height = max(0, size.rows - 2)
        search = Rect(top: 0, left: 0, height: min(3, height), width: size.columns)
        let body = max(0, height - 3)
        if size.columns >= 150 {
            let listWidth = size.columns * 11 / 20
            list = Rect(top: 3, left: 0, height: body, width: listWidth)
            detail = Rect(top: 3, left: listWidth, height: body, width: size.columns - listWidth)
        } else {
            let listHeight = max(3, body * 2 / 5)
            list = Rect(top: 3, left: 0, height: listHeight, width: size.columns)
            detail = Rect(top: 3 + listHeight, left: 0, height: max(0, body - listHeight), width: size.columns)
        }
    }
}
