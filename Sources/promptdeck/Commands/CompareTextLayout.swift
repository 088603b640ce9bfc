import Foundation

/// Display widths, wrapping and padding in terminal cells, for the side-by-side layout.
enum CompareTextLayout {
    /// Cells a character takes: 2 for East Asian wide characters and emoji, 0 for marks, else 1.
    static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        let v = first.value
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v < 0x1100 { return 1 }
        if first.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(v) } ? 2 : 1
    }

    /// East Asian wide and fullwidth blocks (emoji are recognised by their presentation property).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
    ]

    static func width(of text: some StringProtocol) -> Int { text.reduce(0) { $0 + width(of: $1) } }

    /// Wraps text to `width` cells: at spaces where possible, breaking words longer than a line; keeps
    /// the text's own line breaks; tabs become spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        for paragraph in text.replacingOccurrences(of: "\t", with: "    ").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var word = Substring(word)
                let wordWidth = Self.width(of: word)
                let gap = line.isEmpty && lineWidth == 0 ? 0 : 1
                if lineWidth + gap + wordWidth <= width {
                    if gap == 1 { line += " " }
                    line += word
                    lineWidth += gap + wordWidth
                    continue
                }
                if lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                // A word wider than the line is cut into line-sized pieces.
                while Self.width(of: word) > width {
                    let (head, rest) = cut(word, at: width)
                    lines.append(String(head))
                    word = rest
                }
                line = String(word)
                lineWidth = Self.width(of: word)
            }
            lines.append(line)
        }
        while lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// The longest prefix that fits in `width` cells (at least one character), and the rest.
    static func cut(_ text: Substring, at width: Int) -> (Substring, Substring) {
        var used = 0
        var index = text.startIndex
        while index < text.endIndex {
            let w = Self.width(of: text[index])
            if used + w > width && index != text.startIndex { break }
            used += w
            index = text.index(after: index)
        }
        return (text[..<index], text[index...])
    }

    /// The text cut to `width` cells, with `…` when something was cut.
    static func truncate(_ text: String, width: Int) -> String {
        guard Self.width(of: text) > width else { return text }
        guard width > 1 else { return String(repeating: "…", count: max(0, width)) }
        return String(cut(Substring(text), at: width - 1).0) + "…"
    }

    /// The text padded with spaces to `width` cells.
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - Self.width(of: text)))
    }
}

/// The terminal's width: `$COLUMNS`, else the window size of stdout, else 100.
enum TerminalSize {
    static func columns(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 100
    }
}
