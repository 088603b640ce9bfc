import Foundation
import PromptDeckTUI

/// Display widths, wrapping and padding in terminal cells, for the side-by-side layout.
enum CompareTextLayout {
    /// Cells a character takes (the playground's own table: wide characters 2, marks 0).
    static func width(of character: Character) -> Int { DisplayWidth.of(character) }

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
