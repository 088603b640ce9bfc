/// The one mapping from motion commands (↑ ↓ PgUp PgDn Home End and their letters) to positions, used by
/// every pane, list and overlay that scrolls.
public enum ScrollMotion {
    /// How far `command` moves with pages of `page` lines (nil: not a motion). Top and bottom are large
    /// enough to reach either end of anything, and small enough never to overflow when added.
    public static func delta(_ command: Command, page: Int) -> Int? {
        switch command {
        case .moveUp: return -1
        case .moveDown: return 1
        case .pageUp: return -max(1, page)
        case .pageDown: return max(1, page)
        case .top: return -(Int.max / 4)
        case .bottom: return Int.max / 4
        default: return nil
        }
    }

    /// `position` moved by `command`, kept within `0...maximum` (nil: not a motion).
    public static func apply(_ command: Command, to position: Int, page: Int, maximum: Int) -> Int? {
        guard let delta = delta(command, page: page) else { return nil }
        let moved = position.addingReportingOverflow(delta)
        let target = moved.overflow ? (delta < 0 ? 0 : maximum) : moved.partialValue
        return min(max(0, target), max(0, maximum))
    }

    /// Whether `command` is a motion.
    public static func isMotion(_ command: Command) -> Bool { delta(command, page: 1) != nil }
}
