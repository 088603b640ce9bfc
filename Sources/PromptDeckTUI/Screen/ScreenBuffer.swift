/// One cell of the screen: a grapheme, its display width, and the style role it is drawn in.
/// The right half of a wide character is a cell with width 0 and empty text.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var width: UInt8
    public var role: StyleRole

    /// Creates a cell.
    public init(text: String = " ", width: UInt8 = 1, role: StyleRole = .text) {
        self.text = text
        self.width = width
        self.role = role
    }

    /// A blank cell in `role`.
    public static func blank(_ role: StyleRole = .text) -> Cell { Cell(text: " ", width: 1, role: role) }
}

/// A grid of cells: what `render` produces and the terminal blits. Its `text` is what snapshots compare.
public struct ScreenBuffer: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor goes (a text field being edited), if anywhere.
    public var cursor: (row: Int, column: Int)? {
        get { cursorRow.map { ($0, cursorColumn) } }
        set {
            cursorRow = newValue?.row
            cursorColumn = newValue?.column ?? 0
        }
    }
    private var cursorRow: Int?
    private var cursorColumn = 0

    /// A blank screen of `rows` × `columns`.
    public init(rows: Int, columns: Int, role: StyleRole = .text) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        cells = Array(repeating: .blank(role), count: self.rows * self.columns)
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * columns + column] }
        set { cells[row * columns + column] = newValue }
    }

    /// Fills a rectangle with blanks in `role`.
    public mutating func fill(_ rect: Rect, role: StyleRole) {
        let clipped = rect.clipped(rows: rows, columns: columns)
        guard !clipped.isEmpty else { return }
        for row in clipped.top..<clipped.bottom {
            for column in clipped.left..<clipped.right { self[row, column] = .blank(role) }
        }
    }

    /// Writes `text` at (row, column) in `role`, clipped to `limit` columns (the screen edge by default).
    /// Returns the column after the last cell written. Control characters must already be made safe.
    @discardableResult
    public mutating func write(_ text: some StringProtocol, row: Int, column: Int, role: StyleRole, limit: Int? = nil)
        -> Int
    {
        guard row >= 0, row < rows else { return column }
        let end = min(columns, limit.map { column + $0 } ?? columns)
        var x = column
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // Plain ASCII, the common case: a column a byte, no grapheme breaking (most of a frame's work).
            for byte in text.utf8 {
                let shown: String
                if byte == 0x09 {
                    shown = " "
                } else if byte < 0x20 || byte == 0x7F {
                    continue  // a control: nothing to place
                } else {
                    shown = Self.asciiText[Int(byte)]
                }
                if x + 1 > end { break }
                if x >= 0 {
                    clearWide(row: row, column: x)
                    self[row, x] = Cell(text: shown, width: 1, role: role)
                }
                x += 1
            }
            return x
        }
        for character in text {
            var width = DisplayWidth.of(character)
            var shown = String(character)
            if character == "\t" {
                shown = " "
                width = 1
            } else if width == 0 {
                continue  // a lone combining mark or control: nothing to place
            }
            if x + width > end { break }
            if x >= 0 {
                clearWide(row: row, column: x)
                self[row, x] = Cell(text: shown, width: UInt8(width), role: role)
                if width == 2 {
                    if x + 1 < columns { clearWide(row: row, column: x + 1) }
                    self[row, x + 1] = Cell(text: "", width: 0, role: role)
                }
            }
            x += width
        }
        return x
    }

    /// Puts the one-column `text` in `count` cells of `row` from `column` (clipped to the screen): a
    /// border's run of `─`, without measuring the same character again in every cell.
    mutating func repeatCell(_ text: String, count: Int, row: Int, column: Int, role: StyleRole) {
        guard row >= 0, row < rows, count > 0 else { return }
        let cell = Cell(text: text, width: 1, role: role)
        for x in max(0, column)..<min(columns, column + count) {
            clearWide(row: row, column: x)
            self[row, x] = cell
        }
    }

    /// Each ASCII byte's one-character string, made once.
    private static let asciiText: [String] = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) }

    /// Before overwriting a cell, blanks the other half of a wide character it belongs to.
    mutating func clearWide(row: Int, column: Int) {
        let cell = self[row, column]
        if cell.width == 2, column + 1 < columns { self[row, column + 1] = .blank(cell.role) }
        if cell.width == 0, column > 0 { self[row, column - 1] = .blank(cell.role) }
    }

    /// The screen as plain text, one line per row, trailing spaces trimmed: the snapshot and `--dump-screen` form.
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(rows)
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let cell = self[row, column]
                if cell.width == 0 { continue }
                line += cell.text
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Calls `body` with each cell that differs from the same cell of `previous`, row by row; with every
    /// cell when there is no previous frame or it has another size. The terminal's blit: it reads both
    /// frames in place, where a subscript per cell from another module copied each cell out (and retained
    /// and released its text), about a third of a frame's blit.
    public func forEachChange(since previous: ScreenBuffer?, _ body: (_ row: Int, _ column: Int, _ cell: Cell) -> Void)
    {
        let before = previous.flatMap { $0.rows == rows && $0.columns == columns ? $0.cells : nil }
        cells.withUnsafeBufferPointer { now in
            guard let before else {
                for index in now.indices { body(index / columns, index % columns, now[index]) }
                return
            }
            before.withUnsafeBufferPointer { before in
                for index in now.indices where now[index] != before[index] {
                    body(index / columns, index % columns, now[index])
                }
            }
        }
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.rows == b.rows && a.columns == b.columns && a.cells == b.cells && a.cursorRow == b.cursorRow
            && a.cursorColumn == b.cursorColumn
    }
}
