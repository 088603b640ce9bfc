/// One mouse report from the terminal: what happened, and where (screen row and column, from 0).
public struct MouseEvent: Equatable, Sendable {
    /// What the mouse did.
    public enum Kind: Equatable, Sendable {
        /// A button went down (1 is the left button).
        case press(button: Int)
        case wheelUp
        case wheelDown
    }

    public var kind: Kind
    public var row: Int
    public var column: Int

    /// Creates an event at `row`, `column`.
    public init(_ kind: Kind, row: Int, column: Int) {
        self.kind = kind
        self.row = row
        self.column = column
    }

    /// How many lines one wheel notch scrolls.
    public static let wheelLines = 3

    /// Whether the event is a press of the left button.
    public var isLeftClick: Bool { kind == .press(button: 1) }

    /// The motion one wheel notch makes (nil for a button).
    public var wheelMotion: Command? {
        switch kind {
        case .wheelUp: return .moveUp
        case .wheelDown: return .moveDown
        case .press: return nil
        }
    }
}

extension Rect {
    /// Whether the screen cell at `row`, `column` is inside this rectangle.
    public func contains(row: Int, column: Int) -> Bool {
        !isEmpty && row >= top && row < bottom && column >= left && column < right
    }
}
