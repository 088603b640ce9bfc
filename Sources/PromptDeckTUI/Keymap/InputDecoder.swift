/// Turns what the terminal reads (characters, and keys ncurses already decoded) into keys and pastes:
/// control bytes become Ctrl keys, `ESC x` becomes Alt-x, and `ESC [200~ … ESC [201~` (bracketed paste)
/// becomes one paste. Pure, so its sequences are tested without a terminal.
public struct InputDecoder: Sendable {
    /// One unit of input.
    public enum Input: Equatable, Sendable {
        /// A character code as read.
        case scalar(UInt32)
        /// A key the terminal library decoded (arrows, function keys).
        case key(Key)
        /// No more input is waiting right now (a lone ESC is then Esc).
        case idle
    }

    /// What the input meant.
    public enum Output: Equatable, Sendable {
        case key(Key)
        case paste(String)
    }

    private enum Mode: Equatable, Sendable {
        case normal, escape, sequence(String), paste
    }

    private var mode = Mode.normal
    private var pasteBuffer: [Unicode.Scalar] = []
    private static let pasteEnd: [Unicode.Scalar] = ["\u{1B}", "[", "2", "0", "1", "~"]

    public init() {}

    /// Whether a paste is being collected (the runtime keeps reading until it ends).
    public var isInPaste: Bool { mode == .paste }

    /// Feeds one input; returns what it completed (usually zero or one output).
    public mutating func feed(_ input: Input) -> [Output] {
        switch mode {
        case .paste: return feedPaste(input)
        case .escape:
            switch input {
            case .idle:
                mode = .normal
                return [.key(.escape)]
            case .key(let key):
                mode = .normal
                return [.key(.escape), .key(key)]
            case .scalar(0x5B):  // [
                mode = .sequence("")
                return []
            case .scalar(0x1B):
                return [.key(.escape)]
            case .scalar(let value):
                mode = .normal
                guard let scalar = Unicode.Scalar(value), value >= 0x20 else {
                    return [.key(.escape)] + Self.plain(value)
                }
                return [.key(.alt(Character(scalar)))]
            }
        case .sequence(let body):
            guard case .scalar(let value) = input, let scalar = Unicode.Scalar(value) else {
                mode = .normal
                return input == .idle ? [] : feed(input)
            }
            if (0x40...0x7E).contains(value) {
                mode = .normal
                return finishSequence(body + String(Character(scalar)))
            }
            mode = body.count > 16 ? .normal : .sequence(body + String(Character(scalar)))
            return []
        case .normal:
            switch input {
            case .idle: return []
            case .key(let key): return [.key(key)]
            case .scalar(0x1B):
                mode = .escape
                return []
            case .scalar(let value): return Self.plain(value)
            }
        }
    }

    private mutating func finishSequence(_ body: String) -> [Output] {
        switch body {
        case "200~":
            mode = .paste
            pasteBuffer = []
            return []
        case "A": return [.key(.up)]
        case "B": return [.key(.down)]
        case "C": return [.key(.right)]
        case "D": return [.key(.left)]
        case "H", "1~", "7~": return [.key(.home)]
        case "F", "4~", "8~": return [.key(.end)]
        case "Z": return [.key(.backTab)]
        case "3~": return [.key(.delete)]
        case "5~": return [.key(.pageUp)]
        case "6~": return [.key(.pageDown)]
        case "15~": return [.key(.function(5))]
        default: return []  // unknown sequences are dropped, never typed as text
        }
    }

    private mutating func feedPaste(_ input: Input) -> [Output] {
        switch input {
        case .idle: return []
        case .key(let key):
            // ncurses decoded something inside the paste: keep Enter and Tab, drop the rest.
            if key == .enter { pasteBuffer.append("\n") }
            if key == .tab { pasteBuffer.append("\t") }
            return []
        case .scalar(let value):
            guard let scalar = Unicode.Scalar(value) else { return [] }
            pasteBuffer.append(scalar)
            guard pasteBuffer.count >= Self.pasteEnd.count,
                Array(pasteBuffer.suffix(Self.pasteEnd.count)) == Self.pasteEnd
            else { return [] }
            pasteBuffer.removeLast(Self.pasteEnd.count)
            var text = String(String.UnicodeScalarView(pasteBuffer))
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            pasteBuffer = []
            mode = .normal
            return [.paste(text)]
        }
    }

    /// A character outside any sequence.
    static func plain(_ value: UInt32) -> [Output] {
        switch value {
        case 0x0D, 0x0A: return [.key(.enter)]
        case 0x09: return [.key(.tab)]
        case 0x7F, 0x08: return [.key(.backspace)]
        case 0x00: return [.key(.ctrl(" "))]
        case 0x01...0x1A:
            guard let scalar = Unicode.Scalar(0x60 + value) else { return [] }
            return [.key(.ctrl(Character(scalar)))]
        case 0x1C...0x1F: return []
        default:
            guard let scalar = Unicode.Scalar(value) else { return [] }
            return [.key(.char(Character(scalar)))]
        }
    }
}
