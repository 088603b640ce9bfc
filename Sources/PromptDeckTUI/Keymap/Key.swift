/// A key press, decoded from the terminal into names the keymap uses.
public enum Key: Hashable, Sendable {
    /// A printable character (letters, digits, punctuation, space, any Unicode).
    case char(Character)
    /// Ctrl plus a letter (`ctrl("r")`).
    case ctrl(Character)
    /// Alt (Meta) plus a character.
    case alt(Character)
    case enter, tab, backTab, escape, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)

    /// The key as the help overlay and README spell it.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + c.uppercased()
        case .alt(let c): return "Alt-" + String(c)
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let n): return "F\(n)"
        }
    }
}
