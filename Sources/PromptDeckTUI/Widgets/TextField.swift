/// An editable piece of text with a cursor: single-line fields, the filter, and the multi-line editor.
/// Stores graphemes, so the cursor never lands inside a character and wide characters move as one.
public struct TextField: Equatable, Sendable {
    public private(set) var characters: [Character]
    /// The cursor, as an index into `characters` (0...count).
    public private(set) var cursor: Int
    /// Whether Enter inserts a newline (editor) rather than accepting.
    public var isMultiline: Bool

    /// A field holding `text`, the cursor at its end.
    public init(_ text: String = "", multiline: Bool = false) {
        characters = Array(text)
        cursor = characters.count
        isMultiline = multiline
    }

    public var text: String { String(characters) }

    /// Inserts typed or pasted text at the cursor (single-line fields turn newlines into spaces).
    public mutating func insert(_ text: String) {
        var incoming = Array(
            text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        if !isMultiline { incoming = incoming.map { $0 == "\n" ? " " : $0 } }
        characters.insert(contentsOf: incoming, at: cursor)
        cursor += incoming.count
    }

    /// What a key did to the field.
    public enum Outcome: Equatable, Sendable {
        /// Enter (or the editor's Esc / Ctrl-S): the text as it stands.
        case committed(String)
        /// Esc in a one-line field: the edit is dropped.
        case abandoned
        /// The text or the cursor changed.
        case edited
        /// Not a key for the field; the caller may use it.
        case ignored
    }

    /// The one text-field step every edit uses (inline edits, the filter, the search box, the overlays
    /// and the sweep form): typed characters insert, editing keys edit, Enter commits, Esc abandons.
    public mutating func handle(_ key: Key) -> Outcome {
        let contexts: [KeyContext] = isMultiline ? [.editor, .textField] : [.textField]
        if let command = Keymap.command(for: key, in: contexts) {
            switch command {
            case .commit: return .committed(text)
            case .abandon: return .abandoned
            default: return apply(command) ? .edited : .ignored
            }
        }
        switch key {
        case .char(let c):
            insert(String(c))
            return .edited
        case .tab where isMultiline:
            insert("\t")
            return .edited
        default:
            return .ignored
        }
    }

    /// Carries out a text-field command; returns false for commands that are not editing ones.
    @discardableResult
    public mutating func apply(_ command: Command) -> Bool {
        switch command {
        case .cursorLeft: cursor = max(0, cursor - 1)
        case .cursorRight: cursor = min(characters.count, cursor + 1)
        case .lineStart: cursor = lineStart(of: cursor)
        case .lineEnd: cursor = lineEnd(of: cursor)
        case .wordLeft: cursor = wordStart(before: cursor)
        case .wordRight:
            var index = cursor
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            while index < characters.count, !characters[index].isWhitespace { index += 1 }
            cursor = index
        case .deleteBackward:
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .deleteForward:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .deleteWord:
            let start = wordStart(before: cursor)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .deleteToStart:
            let start = lineStart(of: cursor)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .deleteToEnd:
            characters.removeSubrange(cursor..<lineEnd(of: cursor))
        case .newline:
            insert("\n")
        case .cursorUp, .cursorDown:
            moveVertically(up: command == .cursorUp)
        default:
            return false
        }
        return true
    }

    private func lineStart(of index: Int) -> Int {
        var i = index
        while i > 0, characters[i - 1] != "\n" { i -= 1 }
        return i
    }

    private func lineEnd(of index: Int) -> Int {
        var i = index
        while i < characters.count, characters[i] != "\n" { i += 1 }
        return i
    }

    private func wordStart(before index: Int) -> Int {
        var i = index
        while i > 0, characters[i - 1].isWhitespace { i -= 1 }
        while i > 0, !characters[i - 1].isWhitespace { i -= 1 }
        return i
    }

    private mutating func moveVertically(up: Bool) {
        let start = lineStart(of: cursor)
        let column = DisplayWidth.of(String(characters[start..<cursor]))
        let target: Int
        if up {
            guard start > 0 else { return }
            target = lineStart(of: start - 1)
        } else {
            let end = lineEnd(of: cursor)
            guard end < characters.count else { return }
            target = end + 1
        }
        var index = target
        var width = 0
        while index < characters.count, characters[index] != "\n" {
            let w = DisplayWidth.of(characters[index])
            if width + w > column { break }
            width += w
            index += 1
        }
        cursor = index
    }

    /// The visible slice of a single-line field `width` columns wide, scrolled so the cursor shows,
    /// and the cursor's column within it.
    public func visibleSlice(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 0 else { return ("", 0) }
        let shown = characters.map { $0 == "\n" ? "⏎" : $0 }
        var start = 0
        var before = DisplayWidth.of(String(shown[0..<cursor]))
        while before >= width, start < cursor {
            before -= DisplayWidth.of(shown[start])
            start += 1
        }
        let slice = DisplayWidth.prefix(of: String(shown[start...]), fitting: width).text
        return (slice, before)
    }
}
