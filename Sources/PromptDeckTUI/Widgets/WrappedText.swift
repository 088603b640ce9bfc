/// Text word-wrapped to a width, built incrementally: appending a chunk only touches the last line, so a
/// stream of 50,000 chunks costs the same as wrapping the whole text once. Re-wraps from scratch only when
/// the width changes.
public struct WrappedText: Equatable, Sendable {
    public private(set) var width: Int
    /// Finished visual lines.
    public private(set) var lines: [String] = []
    /// The line being built, as UTF-8, ending with the word not yet placed on it (from `wordStart`): a stream
    /// appends a few bytes at a time, and kept as bytes an append copies only its own bytes, once. Widths
    /// are display columns: `lineWidth` of the placed part, `wordWidth` of the pending word.
    private var line: [UInt8] = []
    private var wordStart = 0
    private var lineWidth = 0
    private var wordWidth = 0
    private var hasWord: Bool { wordStart < line.count }
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
        if !hasWord || lineWidth + wordWidth <= width || wordStart == 0 { return lines.count + 1 }
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
        if !hasWord || lineWidth + wordWidth <= width || wordStart == 0 { return [Self.string(line[...])] }
        return [Self.droppingTrailingSpaces(line[..<wordStart]), Self.string(line[wordStart...])]
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
        if line.capacity < width { line.reserveCapacity(width) }
        var text = text
        // Most streamed text is ASCII with no CR (the one ASCII pair that makes a single Character): each
        // byte is a Character of width 1 (0 for a control), so it is wrapped by bytes.
        let wrappedAsASCII = text.withUTF8 { bytes in
            guard Self.isASCIIWithoutCR(bytes) else { return false }
            appendASCII(bytes)
            return true
        }
        if wrappedAsASCII { return }
        for character in text {
            if character == "\n" {
                placeWord()
                breakLine()
                continue
            }
            let w = character == "\t" ? 1 : DisplayWidth.of(character)
            if character == " " || character == "\t" {
                placeWord()
                appendSpace()
                continue
            }
            if wordWidth + w > width {
                // A word longer than the line: break it hard.
                placeWord()
                if lineWidth > 0 { breakLine() }
            }
            line.append(contentsOf: character.utf8)
            wordWidth += w
        }
    }

    private static func isASCIIWithoutCR(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 || byte == 0x0D { return false }
        return true
    }

    /// `append` of ASCII text without CR, with the same wrapping: between spaces, tabs and newlines, the
    /// bytes of a word are measured in a tight loop and copied onto the pending word as one run (a byte
    /// loop with a call per byte was the playground's largest cost while a stream arrived).
    private mutating func appendASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        while index < count {
            switch base[index] {
            case 0x0A:
                placeWord()
                breakLine()
                index += 1
            case 0x20, 0x09:
                placeWord()
                appendSpace()
                index += 1
            default:
                // The word's bytes up to the next break, or as many as still fit on a line (controls take
                // no column).
                var end = index
                var runWidth = 0
                let room = width - wordWidth
                while end < count {
                    let byte = base[end]
                    if byte == 0x20 || byte == 0x09 || byte == 0x0A { break }
                    let w = byte < 0x20 || byte == 0x7F ? 0 : 1
                    if runWidth + w > room { break }
                    runWidth += w
                    end += 1
                }
                if end == index {
                    // A word longer than the line: break it hard (then the next byte fits).
                    placeWord()
                    if lineWidth > 0 { breakLine() }
                    continue
                }
                line.append(contentsOf: UnsafeBufferPointer(start: base + index, count: end - index))
                wordWidth += runWidth
                index = end
            }
        }
    }

    /// Ends the current line as it is (a newline, or a word too long for what is left of it); the pending
    /// word has been placed.
    private mutating func breakLine() {
        lines.append(Self.string(line[...]))
        line.removeAll(keepingCapacity: true)
        wordStart = 0
        lineWidth = 0
    }

    /// A space after the placed text, when the line has room for it (spaces never start the next line).
    private mutating func appendSpace() {
        guard lineWidth + 1 <= width else { return }
        line.append(0x20)
        wordStart = line.count
        lineWidth += 1
    }

    /// Puts the pending word on the current line, or on a new line when it does not fit.
    private mutating func placeWord() {
        guard hasWord else { return }
        if lineWidth + wordWidth > width {
            lines.append(Self.droppingTrailingSpaces(line[..<wordStart]))
            line.removeSubrange(..<wordStart)
            lineWidth = 0
        }
        lineWidth += wordWidth
        wordWidth = 0
        wordStart = line.count
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Text without the spaces at its end.
    private static func droppingTrailingSpaces(_ line: ArraySlice<UInt8>) -> String {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 0x20 { end -= 1 }
        return string(line[..<end])
    }
}
