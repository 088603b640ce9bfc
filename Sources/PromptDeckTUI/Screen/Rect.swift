/// A rectangle of cells: `top`/`left` inclusive, `height`/`width` in cells.
public struct Rect: Equatable, Sendable {
    public var top: Int
    public var left: Int
    public var height: Int
    public var width: Int

    /// Creates a rectangle.
    public init(top: Int, left: Int, height: Int, width: Int) {
        self.top = top
        self.left = left
        self.height = max(0, height)
        self.width = max(0, width)
    }

    public var bottom: Int { top + height }
    public var right: Int { left + width }
    public var isEmpty: Bool { height <= 0 || width <= 0 }

    /// The inside of a box drawn on this rectangle's edge.
    public var inner: Rect { Rect(top: top + 1, left: left + 1, height: height - 2, width: width - 2) }

    /// This rectangle cut to the screen.
    public func clipped(rows: Int, columns: Int) -> Rect {
        let t = max(0, top)
        let l = max(0, left)
        return Rect(top: t, left: l, height: min(bottom, rows) - t, width: min(right, columns) - l)
    }

    /// A rectangle of `height` × `width` centred in this one (shrunk to fit).
    public func centered(height: Int, width: Int) -> Rect {
        let h = min(height, self.height)
        let w = min(width, self.width)
        return Rect(top: top + (self.height - h) / 2, left: left + (self.width - w) / 2, height: h, width: w)
    }
}

/// The size of the terminal in cells.
public struct TerminalSize: Equatable, Sendable {
    public var rows: Int
    public var columns: Int

    /// Creates a size.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    /// Below this the playground shows "terminal too small" instead of its panes.
    public static let minimum = TerminalSize(rows: 16, columns: 60)

    public var isTooSmall: Bool { rows < Self.minimum.rows || columns < Self.minimum.columns }
}
