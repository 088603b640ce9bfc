/// Text word-wrapped to a width, built incrementally: appending a chunk only touches the last line, so a
/// stream of 50,000 chunks costs the same as wrapping the whole text once. Re-wraps from scratch only when
/// the width changes.
public struct WrappedText: Equatable, Sendable {
    public private(set) var width: Int
    /// Finished visual lines.
    public private(set) var lines: [String] = []
    /// The line being built and the word not yet placed on it, as UTF-8 (a stream appends to them a few
    /// bytes at a time: kept as bytes, an append is a copy of its own bytes, not of the line's), with their
    /// display widths.
    private var line: [UInt8] = []
    private var lineWidth = 0
    private var word: [UInt8] = []
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
        if word.isEmpty { return [Self.string(line[...])] }
        if lineWidth + wordWidth <= width { return [Self.string(line[...]) + Self.string(word[...])] }
        return line.isEmpty ? [Self.string(word[...])] : [Self.droppingTrailingSpaces(line), Self.string(word[...])]
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
                if lineWidth + 1 <= width {
                    line.append(0x20)
                    lineWidth += 1
                }
                continue
            }
            if wordWidth + w > width {
                // A word longer than the line: break it hard.
                placeWord()
                if lineWidth > 0 { breakLine() }
            }
            word.append(contentsOf: character.utf8)
            wordWidth += w
        }
    }

    private static func isASCIIWithoutCR(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 || byte == 0x0D { return false }
        return true
    }

    /// `append` of ASCII text without CR, byte by byte, with the same wrapping; a run of a word's bytes is
    /// copied onto the word at once.
    private mutating func appendASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        func takeRun(upTo end: Int) {
            if runStart < end { word.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end])) }
            runStart = end
        }
        for index in 0..<bytes.count {
            let byte = bytes[index]
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
                    line.append(0x20)
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
    }

    /// Ends the current line as it is (a newline, or a word too long for what is left of it).
    private mutating func breakLine() {
        lines.append(Self.string(line[...]))
        line.removeAll(keepingCapacity: true)
        lineWidth = 0
    }

    /// Puts the pending word on the current line, or on a new line when it does not fit.
    private mutating func placeWord() {
        guard !word.isEmpty else { return }
        if lineWidth + wordWidth > width {
            lines.append(Self.droppingTrailingSpaces(line))
            line.removeAll(keepingCapacity: true)
            lineWidth = 0
        }
        line += word
        lineWidth += wordWidth
        word.removeAll(keepingCapacity: true)
        wordWidth = 0
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// `line` as text without the spaces at its end.
    private static func droppingTrailingSpaces(_ line: [UInt8]) -> String {
        var end = line.count
        while end > 0, line[end - 1] == 0x20 { end -= 1 }
        return string(line[..<end])
    }
}
