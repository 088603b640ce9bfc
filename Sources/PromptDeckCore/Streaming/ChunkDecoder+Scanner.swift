#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ChunkDecoder {
    /// A forward-only reader over one JSON text that builds only the values asked for and skips the rest.
    ///
    /// It exists because it runs once per streamed chunk: building a whole `JSONValue` tree (dictionaries for
    /// every object) costs several times more than the few fields a chunk is read for. It checks the grammar
    /// of everything it skips, so a broken chunk is still reported as broken. Keys are compared as raw
    /// bytes: a key spelled with escapes is treated as unknown.
    struct Scanner {
        struct Malformed: Error {}

        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Where the body (between the quotes) of the string `readString` last returned is, when it had no
        /// escapes; nil after a string with escapes, a null or a non-string.
        private(set) var plainStringBody: Range<Int>?
        private var depth = 0
        private static let maximumDepth = 512

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var isAtEnd: Bool {
            mutating get {
                skipWhitespace()
                return index >= bytes.count
            }
        }

        /// The next significant byte, not consumed.
        mutating func peek() -> UInt8? {
            skipWhitespace()
            return index < bytes.count ? bytes[index] : nil
        }

        mutating func skipWhitespace() {
            // Compact JSON has none: one test for the usual case.
            if index < bytes.count, bytes[index] > 0x20 { return }
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        /// Consumes `{` or `[`; false (nothing consumed) when the next value is something else.
        mutating func enter(_ opening: UInt8) throws(Malformed) -> Bool {
            guard peek() == opening else { return false }
            depth += 1
            if depth > Self.maximumDepth { throw Malformed() }
            index += 1
            return true
        }

        /// The next key of the object being read (its raw bytes), or nil after its closing `}`.
        mutating func nextKey(first: inout Bool) throws(Malformed) -> UnsafeBufferPointer<UInt8>? {
            guard let byte = peek() else { throw Malformed() }
            if byte == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return nil
            }
            if !first {
                guard byte == UInt8(ascii: ",") else { throw Malformed() }
                index += 1
                skipWhitespace()
            }
            first = false
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Malformed() }
            let start = index + 1
            try skipString()
            let key = UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)])
            guard peek() == UInt8(ascii: ":") else { throw Malformed() }
            index += 1
            return key
        }

        /// Moves to the next element of the array being read; false after its closing `]`.
        mutating func nextElement(first: inout Bool) throws(Malformed) -> Bool {
            guard let byte = peek() else { throw Malformed() }
            if byte == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return false
            }
            if !first {
                guard byte == UInt8(ascii: ",") else { throw Malformed() }
                index += 1
            }
            first = false
            return true
        }

        /// Consumes a `null`; false (nothing consumed) when the next value is something else.
        mutating func skipNull() throws(Malformed) -> Bool {
            guard peek() == UInt8(ascii: "n") else { return false }
            try skipLiteral("null")
            return true
        }

        /// A string value; nil (the value skipped) when it is null or not a string.
        mutating func readString() throws(Malformed) -> String? {
            plainStringBody = nil
            guard peek() == UInt8(ascii: "\"") else {
                try skipValue()
                return nil
            }
            index += 1
            let start = index
            skipPlainBytes()
            guard index < bytes.count else { throw Malformed() }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                plainStringBody = start..<index
                index += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(openingAt: start - 1) }
            throw Malformed()  // a control character
        }

        /// An integer value; nil (the value skipped) when it is not a number with an integral value.
        mutating func readInt() throws(Malformed) -> Int? {
            guard let byte = peek(), byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte) else {
                try skipValue()
                return nil
            }
            let start = index
            try skipNumber()
            let number = UnsafeBufferPointer(rebasing: bytes[start..<index])
            if let value = Self.plainInt(number) { return value }
            let text = String(decoding: number, as: UTF8.self)
            if let value = Int(text) { return value }
            guard let value = Double(text), value.rounded() == value, abs(value) < 9.0e15 else { return nil }
            return Int(value)
        }

        /// The value of a number written as at most 18 digits (with an optional minus): no String made.
        private static func plainInt(_ number: UnsafeBufferPointer<UInt8>) -> Int? {
            let negative = number.first == UInt8(ascii: "-")
            let digits = negative ? UnsafeBufferPointer(rebasing: number[1...]) : number
            guard !digits.isEmpty, digits.count <= 18 else { return nil }
            var value = 0
            for digit in digits {
                guard (0x30...0x39).contains(digit) else { return nil }
                value = value * 10 + Int(digit - 0x30)
            }
            return negative ? -value : value
        }

        /// Skips one value and returns the range of bytes it took.
        mutating func skipValueReturningRange() throws(Malformed) -> Range<Int> {
            skipWhitespace()
            let start = index
            try skipValue()
            return start..<index
        }

        /// Skips one value of any kind, checking its grammar.
        mutating func skipValue() throws(Malformed) {
            guard let byte = peek() else { throw Malformed() }
            switch byte {
            case UInt8(ascii: "\""): try skipString()
            case UInt8(ascii: "{"):
                _ = try enter(byte)
                var first = true
                while try nextKey(first: &first) != nil { try skipValue() }
            case UInt8(ascii: "["):
                _ = try enter(byte)
                var first = true
                while try nextElement(first: &first) { try skipValue() }
            case UInt8(ascii: "t"): try skipLiteral("true")
            case UInt8(ascii: "f"): try skipLiteral("false")
            case UInt8(ascii: "n"): try skipLiteral("null")
            case UInt8(ascii: "-"), 0x30...0x39: try skipNumber()
            default: throw Malformed()
            }
        }

        // MARK: - Pieces

        private mutating func skipString() throws(Malformed) {
            index += 1  // the opening quote
            while true {
                skipPlainBytes()
                guard index < bytes.count else { throw Malformed() }
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return }
                if byte < 0x20 { throw Malformed() }
                // A backslash: the escape after it.
                guard index < bytes.count else { throw Malformed() }
                let escape = bytes[index]
                index += 1
                if escape == UInt8(ascii: "u") {
                    try skipHex4()
                } else if !Self.isSimpleEscape(escape) {
                    throw Malformed()
                }
            }
        }

        /// Moves past string bytes that need no attention (not a quote, a backslash or a control character),
        /// eight at a time: most of a chunk's bytes are inside strings.
        private mutating func skipPlainBytes() {
            index = Self.firstSpecial(UnsafeRawBufferPointer(bytes), from: index, orNonASCII: false)
        }

        /// The index of the first byte at or after `start` that cannot stand unchanged in a JSON string's body
        /// or is not ASCII (a quote, a backslash, a control character, 0x80 and above); `bytes.count` when none.
        static func firstNonPlainASCII(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
            firstSpecial(bytes, from: start, orNonASCII: true)
        }

        /// The index of the first quote, backslash or control character at or after `start` (and, with
        /// `orNonASCII`, the first byte of 0x80 and above), eight bytes at a time; `bytes.count` when none.
        @inline(__always)
        private static func firstSpecial(_ bytes: UnsafeRawBufferPointer, from start: Int, orNonASCII: Bool) -> Int {
            let count = bytes.count
            var position = start
            if let base = bytes.baseAddress {
                let extra = orNonASCII ? highBits : 0
                while position + 8 <= count {
                    let word = UInt64(littleEndian: (base + position).loadUnaligned(as: UInt64.self))
                    let mask = specialByteMask(word) | (word & extra)
                    if mask != 0 { return position + mask.trailingZeroBitCount >> 3 }
                    position += 8
                }
            }
            while position < count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                if orNonASCII && byte >= 0x80 { break }
                position += 1
            }
            return position
        }

        private static let ones: UInt64 = 0x0101_0101_0101_0101
        private static let highBits: UInt64 = 0x8080_8080_8080_8080

        /// The high bit of each byte of `word` (read little-endian) that may be a quote, a backslash or below
        /// 0x20. The lowest bit set is exact: a false mark only ever follows a true one (a borrow from it).
        @inline(__always)
        private static func specialByteMask(_ word: UInt64) -> UInt64 {
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let zeroInQuote = (quote &- ones) & ~quote
            let zeroInBackslash = (backslash &- ones) & ~backslash
            let belowSpace = (word &- ones &* 0x20) & ~word
            return (zeroInQuote | zeroInBackslash | belowSpace) & highBits
        }

        /// Whether the bytes can stand as a JSON string's body unchanged and are ASCII: no quote, backslash,
        /// control character or byte of 0x80 and above. `readable` bytes from the start may be read (at least
        /// `bytes.count`): with 8 of them past the last whole word, the last bytes are read as one word and
        /// the marks of what follows them dropped, instead of being copied out first.
        static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int? = nil) -> Bool {
            guard let base = bytes.baseAddress else { return true }
            var index = 0
            var marks: UInt64 = 0
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                marks |= specialByteMask(word) | (word & highBits)
                index += 8
            }
            let rest = bytes.count - index
            if rest > 0, index + 8 <= (readable ?? 0) {
                // A mark among the last bytes is exact: a false one only ever follows a true one, and so is
                // dropped with the bytes after the text that it would belong to.
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                marks |= (specialByteMask(word) | (word & highBits)) & (1 << (UInt64(rest) * 8) - 1)
            } else if rest > 0 {
                // The last bytes as one word, padded with a plain byte: a mark means a special byte among them.
                var word: UInt64 = ones &* UInt64(UInt8(ascii: "a"))
                memcpy(&word, base + index, rest)
                word = UInt64(littleEndian: word)
                marks |= specialByteMask(word) | (word & highBits)
            }
            return marks == 0
        }

        /// Whether every byte is below 0x80.
        static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = bytes.baseAddress else { return true }
            var index = 0
            var high: UInt64 = 0
            while index + 8 <= bytes.count {
                high |= UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                index += 8
            }
            while index < bytes.count {
                high |= UInt64(bytes[index])
                index += 1
            }
            return high & highBits == 0
        }

        /// A string with escapes: rare enough on the hot path to hand to the full parser.
        private mutating func readEscapedString(openingAt quote: Int) throws(Malformed) -> String {
            index = quote
            try skipString()
            guard case .string(let text)? = try? JSONValue.parse(UnsafeBufferPointer(rebasing: bytes[quote..<index]))
            else { throw Malformed() }
            return text
        }

        private mutating func skipHex4() throws(Malformed) {
            guard index + 4 <= bytes.count else { throw Malformed() }
            for _ in 0..<4 {
                guard bytes[index] < 0x80, Character(Unicode.Scalar(bytes[index])).isHexDigit else { throw Malformed() }
                index += 1
            }
        }

        private mutating func skipNumber() throws(Malformed) {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw Malformed() }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard skipDigits() > 0 else { throw Malformed() }
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard skipDigits() > 0 else { throw Malformed() }
            }
        }

        private mutating func skipDigits() -> Int {
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return index - start
        }

        private mutating func skipLiteral(_ literal: StaticString) throws(Malformed) {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count, let base = bytes.baseAddress,
                memcmp(base + index, literal.utf8Start, count) == 0
            else { throw Malformed() }
            index += count
        }

        private static func isSimpleEscape(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                return true
            default: return false
            }
        }

        /// Whether raw key bytes spell `literal`.
        static func key(_ key: UnsafeBufferPointer<UInt8>, is literal: StaticString) -> Bool {
            guard key.count == literal.utf8CodeUnitCount, let base = key.baseAddress else { return false }
            return memcmp(base, literal.utf8Start, key.count) == 0
        }
    }
}
