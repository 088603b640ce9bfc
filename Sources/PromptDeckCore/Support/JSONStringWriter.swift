/// Writes a JSON string literal as UTF-8 bytes (for `JSONValue` and the history's columns), escaping
/// quote, backslash, \n \r \t, and other controls, DEL, C1 controls, U+2028 and U+2029 as `\u` + 4 lowercase
/// hex digits; it works on bytes, copying each run that needs no escape at once, for long outputs.
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
            index = nextByteToLookAt(bytes, from: index)
            guard index < bytes.count else { break }
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

    /// The first index at or after `start` whose byte may need escaping (a quote, a backslash, a control,
    /// DEL or any non-ASCII byte), eight bytes at a time; `bytes.count` when none does.
    private static func nextByteToLookAt(_ bytes: [UInt8], from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        return bytes.withUnsafeBytes { raw in
            var index = start
            while index + 8 <= raw.count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let delete = word ^ (ones &* 0x7F)
                var mask = (quote &- ones) & ~quote
                mask |= (backslash &- ones) & ~backslash
                mask |= (delete &- ones) & ~delete
                mask |= (word &- ones &* 0x20) & ~word
                mask = (mask | word) & highBits  // a set high bit is a non-ASCII byte
                // The lowest mark is exact (a false one only ever follows a true one).
                if mask != 0 { return index + mask.trailingZeroBitCount >> 3 }
                index += 8
            }
            while index < raw.count {
                let byte = raw[index]
                if byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C { return index }
                index += 1
            }
            return raw.count
        }
    }

    private static func unicodeEscape(_ value: UInt32) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return Array("\\u".utf8) + [12, 8, 4, 0].map { digits[Int((value >> UInt32($0)) & 0xF)] }
    }
}
