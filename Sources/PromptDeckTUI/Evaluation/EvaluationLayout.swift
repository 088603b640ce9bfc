/// Where evaluation mode puts things: one box with the grid (a header row, the rows, a footer per
/// column), then the status bar and the key hints.
public struct EvaluationLayout: Equatable, Sendable {
    public var box: Rect
    public var statusRow: Int
    public var hintRow: Int
    /// Footer lines under the rows: pass rate, mean latency, cost, and the change against the last evaluation.
    public static let footerLines = 4
    /// The row labels' column is at most this wide.
    public static let maximumLabelWidth = 28
    /// A column is at least this wide (the grid scrolls sideways past it).
    public static let minimumColumnWidth = 18

    /// Lays evaluation mode out on `size`.
    public init(size: TerminalSize) {
        box = Rect(top: 0, left: 0, height: max(0, size.rows - 2), width: size.columns)
        statusRow = size.rows - 2
        hintRow = size.rows - 1
    }

    /// How many dataset rows fit at once.
    public var gridRows: Int { max(1, box.inner.height - 2 - Self.footerLines) }

    /// The label column's width.
    public var labelWidth: Int { max(8, min(Self.maximumLabelWidth, box.inner.width / 4)) }

    /// How many variant columns fit, and how wide each is.
    public func columns(count: Int) -> (visible: Int, width: Int) {
        let room = max(1, box.inner.width - labelWidth)
        let visible = max(1, min(count, room / Self.minimumColumnWidth))
        return (visible, room / visible)
    }
}
