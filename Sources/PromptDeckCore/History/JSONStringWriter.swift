/// Writes a JSON string literal as UTF-8 bytes, escaping exactly what `JSONValue.writeString` escapes
/// (quote, backslash, \n \r \t, other controls, DEL, C1 controls, U+2028 and U+2029 as `\u` + 4 lowercase hex
/// digits), so the text is identical; it works on bytes instead of unicode scalars, for long outputs.
enum JSONStringWriter {
    static func append(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let bytes = Array(text.utf8)
        var index = 0
        var plainStart = 0
        func copyPlain(upTo end: Int) {
            if plainStart < end { out.append(contentsOf: bytes[plainStart..<end]) }
        }
        while index < bytes.count {
            let byte = bytes[index]
            var escaped: [UInt8]?
            var width = 1
            switch byte {
            case UInt8(ascii: "\""): escaped = Array("\\\"".utf8)
            case UInt8(ascii: "\\"): escaped = Array("\\\\".utf8)
            case 0x0A: escaped = Array("\\n".utf8)
            case 0x0D: escaped = Array("\\r".utf8)
            case 0x09: escaped = Array("\\t".utf8)
            case 0x00..<0x20, 0x7F: escaped = unicodeEscape(UInt32(byte))
            case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                escaped = unicodeEscape(UInt32(bytes[index + 1]))
                width = 2
            case 0xE2
            where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (0xA8...0xA9).contains(bytes[index + 2]):
                escaped = unicodeEscape(0x2000 | UInt32(bytes[index + 2] - 0x80))
                width = 3
            default: break
            }
            if let escaped {
                copyPlain(upTo: index)
                out.append(contentsOf: escaped)
                index += width
                plainStart = index
            } else {
                index += 1
            }
        }
        copyPlain(upTo: bytes.count)
        out.append(UInt8(ascii: "\""))
    }

    private static func unicodeEscape(_ value: UInt32) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return Array("\\u".utf8) + [12, 8, 4, 0].map { digits[Int((value >> UInt32($0)) & 0xF)] }
    }
}
