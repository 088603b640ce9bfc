/// Text word-wrapped to a width, built incrementally: appending a chunk only touches the last line, so a
/// stream of 50,000 chunks costs the same as wrapping the whole text once. Re-wraps from scratch only when
/// the width changes.
public struct WrappedText: Equatable, Sendable {
    public private(set) var width: Int
    /// Finished visual lines.
    public private(set) var lines: [String] = []
    /// The line being built, and the word not yet placed on it.
    private var line = ""
    private var lineWidth = 0
    private var word = ""
    private var wordWidth = 0
    /// Everything appended, kept to re-wrap at another width.
    public private(set) var source = ""

    /// Empty text wrapped at `width` columns.
    public init(width: Int) {
        self.width = max(1, width)
    }

    /// The number of visual lines, counting the one being built (`tailLines.count`, without building them:
    /// following the stream asks for it on every delta).
    public var lineCount: Int {
        if source.isEmpty { return lines.count }
        if word.isEmpty || lineWidth + wordWidth <= width || line.isEmpty { return lines.count + 1 }
        return lines.count + 2
    }

    /// The visual line at `index` (0-based).
    public func line(at index: Int) -> String {
        if index < lines.count { return lines[index] }
        let tail = tailLines
        let i = index - lines.count
        return i < tail.count ? tail[i] : ""
    }

    /// The unfinished end of the text as visual lines (the current line plus the pending word).
    private var tailLines: [String] {
        if source.isEmpty { return [] }
        if word.isEmpty { return [line] }
        if lineWidth + wordWidth <= width { return [line + word] }
        return line.isEmpty ? [word] : [Self.droppingTrailingSpaces(line), word]
    }

    /// Re-wraps everything at a new width.
    public mutating func rewrap(width newWidth: Int) {
        let width = max(1, newWidth)
        guard width != self.width else { return }
        let text = source
        self = WrappedText(width: width)
        append(text)
    }

    /// Adds text at the end (newlines break lines; long words break at the width).
    public mutating func append(_ text: String) {
        source += text
        // Most streamed text is ASCII with no CR (the one ASCII pair that makes a single Character): each
        // byte is a Character of width 1 (0 for a control), so it is wrapped by bytes.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            appendASCII(Array(text.utf8))
            return
        }
        for character in text {
            if character == "\n" {
                placeWord()
                lines.append(line)
                line = ""
                lineWidth = 0
                continue
            }
            let w = character == "\t" ? 1 : DisplayWidth.of(character)
            if character == " " || character == "\t" {
                placeWord()
                if lineWidth + 1 <= width {
                    line.append(" ")
                    lineWidth += 1
                }
                continue
            }
            if wordWidth + w > width {
                // A word longer than the line: break it hard.
                placeWord()
                if lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
            }
            word.append(character)
            wordWidth += w
        }
    }

    /// `append` of ASCII text without CR, byte by byte, with the same wrapping. The current line and word
    /// are worked on as bytes (a String append per word was most of the playground's cost of a long reply)
    /// and made Strings again at the end; earlier text in them may be any UTF-8, their widths are kept apart.
    private mutating func appendASCII(_ bytes: [UInt8]) {
        var lineBytes = Array(line.utf8)
        lineBytes.reserveCapacity(width)
        var wordBytes = Array(word.utf8)
        func placeWord() {
            guard !wordBytes.isEmpty else { return }
            if lineWidth + wordWidth > width {
                var end = lineBytes.count
                while end > 0, lineBytes[end - 1] == 0x20 { end -= 1 }
                lines.append(String(decoding: lineBytes[..<end], as: UTF8.self))
                lineBytes.removeAll(keepingCapacity: true)
                lineWidth = 0
            }
            lineBytes += wordBytes
            lineWidth += wordWidth
            wordBytes.removeAll(keepingCapacity: true)
            wordWidth = 0
        }
        func breakLine() {
            lines.append(String(decoding: lineBytes, as: UTF8.self))
            lineBytes.removeAll(keepingCapacity: true)
            lineWidth = 0
        }
        var runStart = 0
        func takeRun(upTo end: Int) {
            if runStart < end { wordBytes.append(contentsOf: bytes[runStart..<end]) }
            runStart = end
        }
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x0A:
                takeRun(upTo: index)
                placeWord()
                breakLine()
                runStart = index + 1
            case 0x20, 0x09:
                takeRun(upTo: index)
                placeWord()
                if lineWidth + 1 <= width {
                    lineBytes.append(0x20)
                    lineWidth += 1
                }
                runStart = index + 1
            default:
                let w = byte < 0x20 || byte == 0x7F ? 0 : 1
                if wordWidth + w > width {
                    // A word longer than the line: break it hard.
                    takeRun(upTo: index)
                    placeWord()
                    if lineWidth > 0 { breakLine() }
                }
                wordWidth += w
            }
        }
        takeRun(upTo: bytes.count)
        line = String(decoding: lineBytes, as: UTF8.self)
        word = String(decoding: wordBytes, as: UTF8.self)
    }

    /// Puts the pending word on the current line, or on a new line when it does not fit.
    private mutating func placeWord() {
        guard !word.isEmpty else { return }
        if lineWidth + wordWidth > width {
            lines.append(Self.droppingTrailingSpaces(line))
            // A line of a long text fills up to the width: one allocation, not one per doubling.
            line = ""
            line.reserveCapacity(width)
            lineWidth = 0
        }
        line += word
        lineWidth += wordWidth
        word = ""
        wordWidth = 0
    }

    /// `line` without the spaces at its end; the same string when it has none (most lines: no copy).
    private static func droppingTrailingSpaces(_ line: String) -> String {
        var utf8 = line.utf8[...]
        while utf8.last == UInt8(ascii: " ") { utf8 = utf8.dropLast() }
        return utf8.count == line.utf8.count ? line : String(Substring(utf8))
    }
}
