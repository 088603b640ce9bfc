import Yams

/// A scalar written out: `inline` goes where the scalar was (the value, or a block header such as `|-`),
/// `body` is a block scalar's lines (already indented, "" for an empty line).
struct ScalarText: Equatable {
    var inline: String
    var body: [String]?

    var isKeepBlock: Bool { body != nil && inline.hasSuffix("+") }
}

/// Picks a style that writes a value back exactly, keeping the scalar's own style where it can.
enum ScalarEmitter {
    /// `value` in the style of `original` when that style can hold it, else in a safe one.
    static func text(
        _ value: String, keeping original: Node.Scalar.Style, context: YAMLContext, contentIndent: Int? = nil
    ) -> ScalarText {
        let multiline = value.contains("\n")
        let blockIndent = contentIndent.flatMap { $0 > context.indent && $0 - context.indent <= 9 ? $0 : nil }
        let block = { (folded: Bool) -> ScalarText in
            blockText(
                value, folded: folded, parentIndent: context.indent, contentIndent: blockIndent ?? context.indent + 2)
        }
        let blockFits = !context.flow && fitsBlock(value)
        switch original {
        case .literal, .folded:
            return blockFits ? block(original == .folded) : ScalarText(inline: doubleQuoted(value))
        case .doubleQuoted:
            return ScalarText(inline: doubleQuoted(value))
        case .singleQuoted:
            if fitsSingleQuotes(value) { return ScalarText(inline: singleQuoted(value)) }
        default:
            if isPlainSafe(value, flow: context.flow) { return ScalarText(inline: value) }
        }
        return multiline && blockFits ? block(false) : ScalarText(inline: doubleQuoted(value))
    }

    /// A JSON value as YAML on one line: scalars in the safest short form, collections in flow style.
    static func inline(_ value: JSONValue, flow: Bool) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return JSONValue.format(number)
        case .string(let text): return isPlainSafe(text, flow: flow) ? text : doubleQuoted(text)
        case .array(let items): return "[" + items.map { inline($0, flow: true) }.joined(separator: ", ") + "]"
        case .object(let object):
            let entries = object.sorted { $0.key < $1.key }.map {
                key(for: $0.key, flow: true) + ": " + inline($0.value, flow: true)
            }
            return "{" + entries.joined(separator: ", ") + "}"
        }
    }

    /// A mapping key: plain when it reads back as the same text, else double-quoted.
    static func key(for name: String, flow: Bool) -> String {
        isPlainSafe(name, flow: flow) ? name : doubleQuoted(name)
    }

    // MARK: - Which styles fit

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xD7FF, 0x10000...0x10FFFF: return true
        case 0xE000...0xFFFD: return scalar.value != 0xFEFF
        default: return false
        }
    }

    /// Block scalars hold printable text, tabs and `\n`; `\r` and YAML 1.1's other line breaks would not survive.
    static func fitsBlock(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy {
            $0 == "\n" || $0 == "\t" || (isPrintable($0) && $0.value != 0x2028 && $0.value != 0x2029)
        }
    }

    static func fitsSingleQuotes(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { isPrintable($0) && $0.value != 0x2028 && $0.value != 0x2029 }
    }

    /// Whether `value` can be written plain and read back as the same string (not a number, bool, null or
    /// anything YAML would take as syntax).
    static func isPlainSafe(_ value: String, flow: Bool) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
            first != " ", last != " ", fitsSingleQuotes(value),
            !"-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first),
            !value.contains(": "), !value.contains(" #"), !value.hasSuffix(":"), !value.hasPrefix("...")
        else { return false }
        if flow, value.unicodeScalars.contains(where: { ",[]{}:".unicodeScalars.contains($0) }) { return false }
        return YAMLSupport.json(from: YAMLSupport.plainScalar(value)) == .string(value)
    }

    // MARK: - Writing

    static func singleQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\0": out += "\\0"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0B}": out += "\\v"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case "\u{1B}": out += "\\e"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            case _ where isPrintable(scalar): out.unicodeScalars.append(scalar)
            case _ where scalar.value <= 0xFF: out += "\\x" + hex(scalar.value, digits: 2)
            default: out += "\\u" + hex(scalar.value, digits: 4)
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// A literal (`|`) or folded (`>`) block whose chomping gives back exactly the value's trailing newlines;
    /// an indentation indicator is added when the first line starts with a space or tab.
    static func blockText(_ value: String, folded: Bool, parentIndent: Int, contentIndent: Int) -> ScalarText {
        var core = Substring(value)
        var trailing = 0
        while core.hasSuffix("\n") {
            core.removeLast()
            trailing += 1
        }
        if core.isEmpty {
            // Only newlines: keep them all, as empty lines.
            let header = (folded ? ">" : "|") + (trailing == 0 ? "-" : "+")
            return ScalarText(inline: header, body: Array(repeating: "", count: trailing))
        }
        let segments = core.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = String(repeating: " ", count: contentIndent)
        var body: [String] = []
        var previous: Substring?
        var breaks = 0
        for segment in segments {
            if segment.isEmpty {
                breaks += 1
                continue
            }
            if let previous {
                // Folding turns one break between two lines that start with text into a space: write one more.
                let folds = folded && !startsBlank(previous) && !startsBlank(segment)
                body += Array(repeating: "", count: breaks - 1 + (folds ? 1 : 0))
            } else {
                body += Array(repeating: "", count: breaks)
            }
            body.append(indent + segment)
            previous = segment
            breaks = 1
        }
        body += Array(repeating: "", count: max(0, trailing - 1))
        let firstLine = segments.first { !$0.isEmpty }
        let indicator = firstLine.map(startsBlank) == true ? String(contentIndent - parentIndent) : ""
        let chomping = trailing == 0 ? "-" : trailing == 1 ? "" : "+"
        return ScalarText(inline: (folded ? ">" : "|") + indicator + chomping, body: body)
    }

    private static func startsBlank(_ line: Substring) -> Bool { line.first == " " || line.first == "\t" }
}
