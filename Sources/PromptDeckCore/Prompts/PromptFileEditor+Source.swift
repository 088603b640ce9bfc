import Yams

/// A prompt file's bytes with a line table that counts lines and columns the way libyaml (and so Yams' marks) do:
/// `\r\n`, `\r`, `\n`, NEL, LS and PS end a line, and a column is a Unicode scalar.
struct YAMLSourceText {
    let bytes: [UInt8]
    /// The offset of each line's first byte.
    let lineStarts: [Int]
    /// The file's own line ending, used for every line written: `\r\n` when its first line ends so.
    let lineBreak: String

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var lineBreak: String?
        var index = 0
        while index < bytes.count {
            let length = Self.breakLength(in: bytes, at: index)
            if length == 0 {
                index += 1
                continue
            }
            if lineBreak == nil { lineBreak = length == 2 && bytes[index] == 0x0D ? "\r\n" : "\n" }
            index += length
            starts.append(index)
        }
        self.lineStarts = starts
        self.lineBreak = lineBreak ?? "\n"
    }

    /// The length of the line break at `index`, or 0.
    static func breakLength(in bytes: [UInt8], at index: Int) -> Int {
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80 else { return 0 }
            return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 ? 3 : 0
        default: return 0
        }
    }

    func isBreak(at index: Int) -> Bool { index < bytes.count && Self.breakLength(in: bytes, at: index) > 0 }

    /// The byte offset of a 1-based line and column (in Unicode scalars).
    func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        var index = lineStarts[line - 1]
        var remaining = column - 1
        while remaining > 0 {
            guard index < bytes.count else { return nil }
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            remaining -= 1
        }
        return index
    }

    func offset(of node: Node) -> Int? {
        node.mark.flatMap { offset(line: $0.line, column: $0.column) }
    }

    /// The 0-based index of the line holding `offset`.
    func line(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Where line `index`'s text ends, before its break.
    func contentEnd(ofLine index: Int) -> Int {
        var end = lineStarts[index]
        while end < bytes.count, !isBreak(at: end) { end += 1 }
        return end
    }

    /// Where line `index` ends, after its break (the next line's start).
    func end(ofLine index: Int) -> Int {
        index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
    }

    /// Whether line `index` ends with a break (the last line of a file may not).
    func hasBreak(line index: Int) -> Bool { contentEnd(ofLine: index) < end(ofLine: index) }

    /// The leading spaces of line `index`.
    func indentation(ofLine index: Int) -> Int {
        var column = 0
        let end = contentEnd(ofLine: index)
        while lineStarts[index] + column < end, bytes[lineStarts[index] + column] == 0x20 { column += 1 }
        return column
    }

    /// Whether line `index` holds only spaces and tabs.
    func isBlank(line index: Int) -> Bool {
        bytes[lineStarts[index]..<contentEnd(ofLine: index)].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Whether line `index` holds only a comment (after spaces).
    func isComment(line index: Int) -> Bool {
        let start = lineStarts[index] + indentation(ofLine: index)
        return start < bytes.count && bytes[start] == UInt8(ascii: "#")
    }

    /// The 0-based column of `offset` in Unicode scalars.
    func column(of offset: Int) -> Int {
        bytes[lineStarts[line(containing: offset)]..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// The 1-based line and column of `offset`, for messages.
    func position(of offset: Int) -> (line: Int, column: Int) {
        (line(containing: offset) + 1, column(of: offset) + 1)
    }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The first offset at or after `index` that is not a space or tab.
    func skippingBlanks(from index: Int) -> Int {
        var index = index
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index
    }
}
