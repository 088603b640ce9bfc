import Foundation

/// A JSON value: request bodies, parameters, variables and extras all travel as this.
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// An integer-valued number keeps its integer spelling when serialised.
    public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The number as an Int when it has no fractional part.
    public var intValue: Int? {
        if case .number(let n) = self, n.rounded() == n, abs(n) < 9.0e15 { return Int(n) }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }
}

// MARK: - Parsing and serialising

extension JSONValue {
    /// Parses JSON text (any top-level value).
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        try parse(Array(data))
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try JSONParser.parse(buffer) }
        }
        return try result.get()
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(bytes)
    }

    /// Compact JSON text with sorted keys: the same value always gives the same bytes.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    public func serializedData(pretty: Bool = false) -> Data { Data(serializedBytes(pretty: pretty)) }

    private func serializedBytes(pretty: Bool) -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    /// Written as UTF-8 bytes: strings go through `JSONStringWriter`, which copies the runs that need no
    /// escape at once (a `--json` compare of four long replies spent half its CPU appending one scalar at a
    /// time to a String).
    private func write(to out: inout [UInt8], pretty: Bool, indent: Int) {
        func put(_ text: String) { out.append(contentsOf: text.utf8) }
        func newline(_ depth: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
        }
        switch self {
        case .null: put("null")
        case .bool(let b): put(b ? "true" : "false")
        case .number(let n): put(Self.format(n))
        case .string(let s): JSONStringWriter.append(s, to: &out)
        case .array(let items):
            if items.isEmpty { put("[]"); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                item.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { put("{}"); return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in object.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                JSONStringWriter.append(key, to: &out)
                put(pretty ? ": " : ":")
                value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func format(_ n: Double) -> String {
        if n.isNaN || n.isInfinite { return "null" }
        if n.rounded() == n, abs(n) < 9.0e15 { return String(Int(n)) }
        return "\(n)"
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
