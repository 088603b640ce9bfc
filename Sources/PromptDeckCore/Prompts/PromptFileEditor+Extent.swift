import Yams

/// How a block scalar ends its last line break(s): `-` strips, nothing clips to one, `+` keeps all.
enum BlockChomping: Equatable { case strip, clip, keep }

/// Where the parts of a block scalar (`|`, `>`, with indicators) lie in the text.
struct BlockScalarLayout {
    /// The `|` or `>`.
    var start: Int
    /// After the indentation and chomping indicators.
    var headerEnd: Int
    var folded: Bool
    var chomping: BlockChomping
    /// The 0-based column its content lines are indented to.
    var contentIndent: Int
    /// The first byte after the header line's break (the file's end when it has none).
    var bodyStart: Int
    var headerHasBreak: Bool
    /// After the break of the last content line (`bodyStart` when there is none).
    var contentEnd: Int
    /// After the trailing blank lines, which belong to the scalar (kept with `+`, separators otherwise).
    var tailEnd: Int
    /// The end of the scalar's text as far as the file's layout goes: its last content line, or all of it with `+`.
    var extentEnd: Int
}

/// The text of one scalar: inline (plain or quoted) or a block scalar.
enum ScalarExtent {
    case inline(Range<Int>)
    case block(BlockScalarLayout)

    var start: Int {
        switch self {
        case .inline(let range): range.lowerBound
        case .block(let layout): layout.start
        }
    }

    var end: Int {
        switch self {
        case .inline(let range): range.upperBound
        case .block(let layout): layout.extentEnd
        }
    }
}

/// Where a node sits: inside a flow collection or not, and the indentation of the block collection around it.
struct YAMLContext {
    var flow: Bool
    /// The 0-based column of the enclosing block collection (libyaml's current indent).
    var indent: Int
}

extension YAMLSourceText {
    private static let flowIndicators: Set<UInt8> = Set(",[]{}".utf8)

    func isBlankByte(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The extent of the scalar that starts at `start`, or nil when its end cannot be found with confidence.
    func scalarExtent(_ scalar: Node.Scalar, at start: Int, context: YAMLContext) -> ScalarExtent? {
        switch scalar.style {
        case .literal, .folded:
            guard !context.flow else { return nil }
            return blockLayout(at: start, parentIndent: context.indent).map { .block($0) }
        case .singleQuoted, .doubleQuoted:
            return quotedEnd(from: start).map { .inline(start..<$0) }
        default:
            let end = plainEnd(from: start, context: context)
            // The folded text of the range must be the scalar, or the range is wrong.
            guard Self.foldPlain(text(start..<end)) == scalar.string else { return nil }
            return .inline(start..<end)
        }
    }

    /// After the closing quote of the quoted scalar at `start`.
    func quotedEnd(from start: Int) -> Int? {
        let quote = bytes[start]
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if quote == UInt8(ascii: "\"") {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == quote { return index + 1 }
            } else if byte == quote {
                if index + 1 < bytes.count, bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// After the last character of the plain scalar at `start`, following libyaml's rules for where one ends.
    func plainEnd(from start: Int, context: YAMLContext) -> Int {
        var end = start
        var index = start
        var line = line(containing: start)
        while true {
            let lineEnd = contentEnd(ofLine: line)
            while index < lineEnd {
                let byte = bytes[index]
                let next: UInt8? = index + 1 < lineEnd ? bytes[index + 1] : nil
                if byte == UInt8(ascii: "#"), index > start, isBlankByte(bytes[index - 1]) { return end }
                if byte == UInt8(ascii: ":"),
                    next.map({ isBlankByte($0) || (context.flow && Self.flowIndicators.contains($0)) }) ?? true
                {
                    return end
                }
                if context.flow, Self.flowIndicators.contains(byte) { return end }
                if !isBlankByte(byte) { end = index + 1 }
                index += 1
            }
            // A continuation line: the next line with text, indented past the block collection.
            var nextLine = line + 1
            while nextLine < lineStarts.count, isBlank(line: nextLine) { nextLine += 1 }
            guard nextLine < lineStarts.count, lineStarts[nextLine] < bytes.count else { return end }
            let first = skippingBlanks(from: lineStarts[nextLine])
            let column = first - lineStarts[nextLine]
            if !context.flow, column < context.indent + 1 { return end }
            if bytes[first] == UInt8(ascii: "#") { return end }
            let marker = text(lineStarts[nextLine]..<min(lineStarts[nextLine] + 3, bytes.count))
            if column == 0, marker == "---" || marker == "..." { return end }
            line = nextLine
            index = first
        }
    }

    /// A plain scalar's value from its source text: lines trimmed, one break folded to a space, n breaks to n-1.
    static func foldPlain(_ raw: String) -> String {
        var lines: [Substring] = []
        var current = Substring(raw)
        while let breakIndex = current.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lines.append(current[..<breakIndex])
            current = current[current.index(after: breakIndex)...]
        }
        lines.append(current)
        let trimmed = lines.map { $0.trimmingBlanks() }
        var result = trimmed.first.map(String.init) ?? ""
        var emptyRun = 0
        for line in trimmed.dropFirst() {
            if line.isEmpty {
                emptyRun += 1
                continue
            }
            result += emptyRun == 0 ? " " : String(repeating: "\n", count: emptyRun)
            result += line
            emptyRun = 0
        }
        return result
    }

    /// Reads a block scalar's header and finds its content lines as libyaml does.
    func blockLayout(at start: Int, parentIndent: Int) -> BlockScalarLayout? {
        var index = start + 1
        var chomping = BlockChomping.clip
        var increment: Int?
        for _ in 0..<2 where index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "-") {
                chomping = .strip
            } else if byte == UInt8(ascii: "+") {
                chomping = .keep
            } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(byte) {
                increment = Int(byte - UInt8(ascii: "0"))
            } else {
                break
            }
            index += 1
        }
        let headerEnd = index
        let headerLine = line(containing: start)
        let headerHasBreak = hasBreak(line: headerLine)
        let bodyStart = end(ofLine: headerLine)
        let lastLine = lineStarts.count - 1
        var indent: Int
        if let increment {
            indent = max(parentIndent, 0) + increment
        } else {
            var maximum = 0
            var line = headerLine + 1
            while line <= lastLine, lineStarts[line] < bytes.count {
                maximum = max(maximum, indentation(ofLine: line))
                if !isBlank(line: line) { break }
                line += 1
            }
            indent = max(maximum, parentIndent + 1, 1)
        }
        var lastContent: Int?
        var lastBlank: Int?
        var line = headerLine + 1
        while headerHasBreak, line <= lastLine, lineStarts[line] < bytes.count {
            let spaces = indentation(ofLine: line)
            let onlySpaces = lineStarts[line] + spaces == contentEnd(ofLine: line)
            if onlySpaces && spaces <= indent {
                lastBlank = line
            } else if spaces < indent {
                break
            } else {
                lastContent = line
                lastBlank = nil
            }
            line += 1
        }
        let contentEnd = lastContent.map { end(ofLine: $0) } ?? bodyStart
        let tailEnd = lastBlank.map { end(ofLine: $0) } ?? contentEnd
        let extentEnd =
            chomping == .keep ? tailEnd : lastContent.map { self.contentEnd(ofLine: $0) } ?? headerEnd
        return BlockScalarLayout(
            start: start, headerEnd: headerEnd, folded: bytes[start] == UInt8(ascii: ">"), chomping: chomping,
            contentIndent: indent, bodyStart: bodyStart, headerHasBreak: headerHasBreak, contentEnd: contentEnd,
            tailEnd: tailEnd, extentEnd: extentEnd)
    }

    /// After the bracket that closes the flow collection at `start`, and whether a comment lies inside it.
    func flowCollectionEnd(from start: Int) -> (end: Int, hasComment: Bool)? {
        var depth = 0
        var index = start
        var scalarMayStart = true
        var hasComment = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                scalarMayStart = true
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return (index + 1, hasComment) }
                scalarMayStart = false
            case UInt8(ascii: ","):
                scalarMayStart = true
            case UInt8(ascii: ":"):
                scalarMayStart = index + 1 < bytes.count && (isBlankByte(bytes[index + 1]) || isBreak(at: index + 1))
            case UInt8(ascii: "\""),
                UInt8(ascii: "'") where scalarMayStart:
                guard let end = quotedEnd(from: index) else { return nil }
                index = end
                scalarMayStart = false
                continue
            case UInt8(ascii: "#") where index > start && (isBlankByte(bytes[index - 1]) || isBreak(at: index - 1)):
                hasComment = true
                index = contentEnd(ofLine: line(containing: index))
                continue
            case 0x20, 0x09, 0x0A, 0x0D:
                break
            default:
                scalarMayStart = false
            }
            index += 1
        }
        return nil
    }
}

extension Substring {
    func trimmingBlanks() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
