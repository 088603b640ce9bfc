import Yams

/// The type YAML 1.1 gives an untagged plain scalar (`true`, `0x1F`, `1:30`, `~`, `2026-12-02`, …), decided
/// by the same rules as Yams' `Resolver.default`, in the same order, without its regular expressions.
///
/// Yams compiles those seven ICU regular expressions the first time any tag is resolved: about 9 M
/// instructions (ICU building its regex character sets), 12% of a headless run's fixed start-up, for a
/// config file of a dozen scalars; then it runs them on every scalar. `YAMLSupport.compose` parses with `Resolver.basic` and tags each plain
/// scalar with this instead; `YAMLPlainScalarTests` checks it against `Resolver.default` string by string.
enum YAMLPlainScalar {
    static func tag(of text: String) -> Tag.Name {
        var text = text
        return text.withUTF8 { bytes in
            if isBool(bytes) { return .bool }
            if isInt(bytes) { return .int }
            if isFloat(bytes) { return .float }
            if bytes.elementsEqual("<<".utf8) { return .merge }
            if isNull(bytes) { return .null }
            if isTimestamp(bytes) { return .timestamp }
            if bytes.elementsEqual("=".utf8) { return .value }
            return .str
        }
    }

    private static let bools: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]

    private static func isBool(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes.count <= 5 && bools.contains(String(decoding: bytes, as: UTF8.self))
    }

    private static func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.isEmpty || ["~", "null", "Null", "NULL"].contains { bytes.elementsEqual($0.utf8) }
    }

    /// `[-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ |
    /// [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`
    private static func isInt(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = Cursor(bytes)
        s.sign()
        let body = s
        var t = body
        if t.literal("0b"), t.many(where: { $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }), t.atEnd { return true }
        t = body
        if t.literal("0") {
            _ = t.literal("o")
            var octal = t
            if octal.many(where: { isDigit($0) && $0 <= 0x37 || $0 == 0x5F }), octal.atEnd { return true }
        }
        t = body
        if t.literal("0"), t.atEnd { return true }
        t = body
        if t.literal("0x"), t.many(where: { isHexDigit($0) || $0 == 0x5F }), t.atEnd { return true }
        t = body
        guard let first = t.next(), first >= 0x31, first <= 0x39 else { return false }
        _ = t.many(where: { isDigit($0) || $0 == 0x5F })
        if t.atEnd { return true }
        return t.sexagesimalSegments() && t.atEnd
    }

    /// `[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)? |
    /// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)`
    private static func isFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Cursor(bytes)
        var t = start
        if t.literal("."), t.isRest(oneOf: ["nan", "NaN", "NAN"]) { return true }
        t = start
        if t.literal("."), t.many(where: { isDigit($0) || $0 == 0x5F }) {
            if t.atEnd { return true }
            if t.oneOf("eE"), t.oneOf("-+"), t.many(where: isDigit), t.atEnd { return true }
        }
        var signed = start
        signed.sign()
        t = signed
        if t.literal("."), t.isRest(oneOf: ["inf", "Inf", "INF"]) { return true }
        t = signed
        guard let first = t.next(), isDigit(first) else { return false }
        _ = t.many(where: { isDigit($0) || $0 == 0x5F })
        let afterDigits = t
        if t.literal(".") { _ = t.many(where: { isDigit($0) || $0 == 0x5F }) }
        if t.atEnd { return true }
        var exponent = t
        if exponent.oneOf("eE") {
            _ = exponent.oneOf("-+")
            if exponent.many(where: isDigit), exponent.atEnd { return true }
        }
        t = afterDigits
        guard t.sexagesimalSegments(), t.literal(".") else { return false }
        _ = t.many(where: { isDigit($0) || $0 == 0x5F })
        return t.atEnd
    }

    /// `[0-9]{4}-[0-9]{2}-[0-9]{2} | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}
    /// (\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?`
    private static func isTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Cursor(bytes)
        var t = start
        if t.digits(4...4), t.literal("-"), t.digits(2...2), t.literal("-"), t.digits(2...2), t.atEnd { return true }
        t = start
        guard t.digits(4...4), t.literal("-"), t.digits(1...2), t.literal("-"), t.digits(1...2) else { return false }
        if !t.oneOf("Tt") {
            guard t.many(where: { $0 == 0x20 || $0 == 0x09 }) else { return false }
        }
        guard t.digits(1...2), t.literal(":"), t.digits(2...2), t.literal(":"), t.digits(2...2) else { return false }
        if t.literal(".") { _ = t.many(where: isDigit) }
        if t.atEnd { return true }
        _ = t.many(where: { $0 == 0x20 || $0 == 0x09 })
        if t.literal("Z") { return t.atEnd }
        guard t.oneOf("-+"), t.digits(1...2) else { return false }
        if t.atEnd { return true }
        return t.literal(":") && t.digits(2...2) && t.atEnd
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66
    }

    /// A position in the scalar's bytes; each step returns whether it matched, and moves only when it did
    /// (callers keep a copy to try the next alternative from).
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func next() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            for i in 0..<count where bytes[index + i] != text.utf8Start[i] { return false }
            index += count
            return true
        }

        mutating func oneOf(_ set: StaticString) -> Bool {
            guard index < bytes.count else { return false }
            for i in 0..<set.utf8CodeUnitCount where bytes[index] == set.utf8Start[i] {
                index += 1
                return true
            }
            return false
        }

        mutating func sign() { _ = oneOf("-+") }

        /// Whether what is left is exactly one of `words`.
        func isRest(oneOf words: [StaticString]) -> Bool {
            words.contains { word in
                var t = self
                return t.literal(word) && t.atEnd
            }
        }

        /// One or more bytes that satisfy `predicate`.
        mutating func many(where predicate: (UInt8) -> Bool) -> Bool {
            let start = index
            while index < bytes.count, predicate(bytes[index]) { index += 1 }
            return index > start
        }

        /// Between `range.lowerBound` and `range.upperBound` ASCII digits, as many as there are.
        mutating func digits(_ range: ClosedRange<Int>) -> Bool {
            var n = 0
            while n < range.upperBound, index + n < bytes.count, YAMLPlainScalar.isDigit(bytes[index + n]) { n += 1 }
            guard n >= range.lowerBound else { return false }
            index += n
            return true
        }

        /// `(:[0-5]?[0-9])+`: a digit after a colon may be preceded by one from 0 to 5.
        mutating func sexagesimalSegments() -> Bool {
            var matched = false
            while index < bytes.count, bytes[index] == 0x3A {
                var t = self
                t.index += 1
                guard let d = t.next(), YAMLPlainScalar.isDigit(d) else { break }
                if d <= 0x35, t.index < t.bytes.count, YAMLPlainScalar.isDigit(t.bytes[t.index]) { t.index += 1 }
                self = t
                matched = true
            }
            return matched
        }
    }
}
