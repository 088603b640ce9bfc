/// Where compare mode puts things: a title row, the variants (side-by-side columns, tabs when columns
/// would be too narrow, or a table beyond four), the summary line, then the status bar and key hints.
public struct CompareLayout: Equatable, Sendable {
    /// How the variants are shown.
    public enum Mode: Equatable, Sendable {
        /// Side by side, one box each.
        case columns
        /// One box at a time with a tab bar (columns would be narrower than `minimumColumnWidth`).
        case tabs
        /// A table, one row per variant (more than `maximumColumns`).
        case grid
    }

    /// Narrower than this, columns turn into tabs.
    public static let minimumColumnWidth = 30
    /// More variants than this show as a table.
    public static let maximumColumns = 4

    public var mode: Mode
    public var titleRow: Int
    /// The area under the title row and above the summary line.
    public var area: Rect
    /// The boxes, one per visible column (one in tabs mode; none in the grid).
    public var boxes: [Rect]
    /// The tab bar's row in tabs mode.
    public var tabRow: Int?
    public var summaryRow: Int
    public var statusRow: Int
    public var hintRow: Int

    /// Lays out `count` variants on `size`.
    public init(size: TerminalSize, count: Int) {
        titleRow = 0
        summaryRow = size.rows - 3
        statusRow = size.rows - 2
        hintRow = size.rows - 1
        area = Rect(top: 1, left: 0, height: size.rows - 4, width: size.columns)
        let count = max(1, count)
        if count > Self.maximumColumns {
            mode = .grid
            boxes = []
        } else if size.columns / count < Self.minimumColumnWidth {
            mode = .tabs
            tabRow = area.top
            boxes = [Rect(top: area.top + 1, left: 0, height: area.height - 1, width: size.columns)]
        } else {
            mode = .columns
            let width = size.columns / count
            let area = area
            boxes = (0..<count).map { index in
                Rect(
                    top: area.top, left: index * width, height: area.height,
                    width: index == count - 1 ? size.columns - index * width : width)
            }
        }
    }

    /// The width output is wrapped at: a column's inside, or the whole width for tabs, the grid and reading.
    public var textWidth: Int {
        switch mode {
        case .columns: return max(1, (boxes.first?.width ?? area.width) - 2)
        case .tabs, .grid: return max(1, area.width - 2)
        }
    }

    /// Rows of output a box shows: its inside less the header line and the two footer lines.
    public static func outputHeight(of box: Rect) -> Int { max(1, box.height - 2 - 3) }
}
