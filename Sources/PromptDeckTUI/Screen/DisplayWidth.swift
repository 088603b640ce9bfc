/// Terminal column widths of text, without ncurses: East Asian wide and fullwidth characters and emoji
/// take two columns, combining marks none, everything else one.
public enum DisplayWidth {
    /// Columns a grapheme occupies (0 for a lone control or combining character).
    public static func of(_ character: Character) -> Int {
        if character.isASCII {
            guard let value = character.asciiValue else { return 1 }  // "\r\n" is ASCII but has no single value
            return value < 0x20 || value == 0x7F ? 0 : 1
        }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }  // emoji presentation selector
        return width(of: first)
    }

    /// Columns a whole string occupies.
    public static func of(_ text: some StringProtocol) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // Plain ASCII: a column a byte but for controls, as `of(_: Character)` counts them.
            return text.utf8.count { $0 >= 0x20 && $0 != 0x7F }
        }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// Columns of one scalar, as a terminal following Unicode 15 lays it out.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return value == 0x00AD ? 1 : 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || value == 0x200B { return 0 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
        0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        for range in wideRanges where range.contains(value) { return true }
        return false
    }

    /// The longest prefix of `text` that fits in `columns`, and its width.
    public static func prefix(of text: String, fitting columns: Int) -> (text: String, width: Int) {
        var width = 0
        var end = text.startIndex
        for index in text.indices {
            let w = of(text[index])
            if width + w > columns { break }
            width += w
            end = text.index(after: index)
        }
        return (String(text[..<end]), width)
    }

    /// `text` cut to `columns`, ending in `…` when something was cut.
    public static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if of(text) <= columns { return text }
        return prefix(of: text, fitting: columns - 1).text + "…"
    }
}
