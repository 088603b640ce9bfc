import Foundation

/// A JSON Schema, compiled once: the common subset of draft 2020-12 (`type`, `properties`, `required`,
/// `enum`, `const`, `items`, `additionalProperties`, `minimum`/`maximum`, `exclusiveMinimum`/`exclusiveMaximum`,
/// `minLength`/`maxLength`, `minItems`/`maxItems`). Keywords outside it are an error when compiling, so a
/// schema never passes for a reason the user did not write.
public struct JSONSchema: Sendable, Equatable {
    /// The schema as written.
    public let source: JSONValue
    private let node: Node

    /// Keywords that only annotate; they are accepted and ignored.
    static let annotations: Set<String> = [
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "format", "$defs",
    ]
    static let types: Set<String> = ["null", "boolean", "object", "array", "number", "integer", "string"]

    /// Compiles `schema`; an unsupported keyword or a wrong value is reported with its JSON pointer.
    public init(compiling schema: JSONValue) throws(JSONSchemaError) {
        source = schema
        node = try Node(schema, pointer: "")
    }

    /// Every place `value` breaks the schema, in document order; empty when it is valid.
    public func validate(_ value: JSONValue) -> [JSONSchemaViolation] {
        var violations: [JSONSchemaViolation] = []
        node.validate(value, pointer: "", into: &violations)
        return violations
    }

    fileprivate indirect enum Node: Sendable, Equatable {
        case always(Bool)
        case rules(Rules)

        init(_ schema: JSONValue, pointer: String) throws(JSONSchemaError) {
            if case .bool(let flag) = schema {
                self = .always(flag)
                return
            }
            guard let object = schema.objectValue else {
                throw JSONSchemaError(pointer: pointer, message: "a schema is an object or true/false")
            }
            self = .rules(try Rules(object, pointer: pointer))
        }

        func validate(_ value: JSONValue, pointer: String, into violations: inout [JSONSchemaViolation]) {
            switch self {
            case .always(true): return
            case .always(false):
                violations.append(JSONSchemaViolation(pointer: pointer, message: "no value is allowed here"))
            case .rules(let rules): rules.validate(value, pointer: pointer, into: &violations)
            }
        }
    }

    fileprivate struct Rules: Sendable, Equatable {
        var types: [String]?
        var properties: [(String, Node)] = []
        var required: [String] = []
        var additional: Node?
        var items: Node?
        var enumValues: [JSONValue]?
        var constValue: JSONValue?
        var minimum: Double?
        var maximum: Double?
        var exclusiveMinimum: Double?
        var exclusiveMaximum: Double?
        var minLength: Int?
        var maxLength: Int?
        var minItems: Int?
        var maxItems: Int?

        static func == (a: Rules, b: Rules) -> Bool {
            a.types == b.types && a.properties.map { $0.0 } == b.properties.map { $0.0 }
                && a.properties.map { $0.1 } == b.properties.map { $0.1 } && a.required == b.required
                && a.additional == b.additional && a.items == b.items && a.enumValues == b.enumValues
                && a.constValue == b.constValue && a.minimum == b.minimum && a.maximum == b.maximum
                && a.exclusiveMinimum == b.exclusiveMinimum && a.exclusiveMaximum == b.exclusiveMaximum
                && a.minLength == b.minLength && a.maxLength == b.maxLength && a.minItems == b.minItems
                && a.maxItems == b.maxItems
        }

        init(_ object: [String: JSONValue], pointer: String) throws(JSONSchemaError) {
            for key in object.keys.sorted() {
                let value = object[key] ?? .null
                let here = pointer + "/" + JSONSchemaViolation.escape(key)
                func number() throws(JSONSchemaError) -> Double {
                    guard let n = value.doubleValue else {
                        throw JSONSchemaError(pointer: here, message: "expected a number")
                    }
                    return n
                }
                func count() throws(JSONSchemaError) -> Int {
                    guard let n = value.intValue, n >= 0 else {
                        throw JSONSchemaError(pointer: here, message: "expected a whole number, 0 or more")
                    }
                    return n
                }
                switch key {
                case "type":
                    let names = value.stringValue.map { [$0] } ?? value.arrayValue?.compactMap(\.stringValue)
                    guard let names, !names.isEmpty, names.allSatisfy(JSONSchema.types.contains) else {
                        throw JSONSchemaError(
                            pointer: here,
                            message:
                                "expected a type name or a list of them (null, boolean, object, array, number, integer, string)"
                        )
                    }
                    types = names
                case "properties":
                    guard let map = value.objectValue else {
                        throw JSONSchemaError(pointer: here, message: "expected an object of property schemas")
                    }
                    for name in map.keys.sorted() {
                        properties.append(
                            (name, try Node(map[name] ?? .null, pointer: here + "/" + JSONSchemaViolation.escape(name)))
                        )
                    }
                case "required":
                    guard let names = value.arrayValue?.compactMap(\.stringValue),
                        names.count == value.arrayValue?.count
                    else { throw JSONSchemaError(pointer: here, message: "expected a list of property names") }
                    required = names
                case "additionalProperties": additional = try Node(value, pointer: here)
                case "items": items = try Node(value, pointer: here)
                case "enum":
                    guard let values = value.arrayValue else {
                        throw JSONSchemaError(pointer: here, message: "expected a list")
                    }
                    enumValues = values
                case "const": constValue = value
                case "minimum": minimum = try number()
                case "maximum": maximum = try number()
                case "exclusiveMinimum": exclusiveMinimum = try number()
                case "exclusiveMaximum": exclusiveMaximum = try number()
                case "minLength": minLength = try count()
                case "maxLength": maxLength = try count()
                case "minItems": minItems = try count()
                case "maxItems": maxItems = try count()
                default:
                    guard JSONSchema.annotations.contains(key) else {
                        throw JSONSchemaError(
                            pointer: here,
                            message:
                                "'\(key)' is not supported (PromptDeck checks type, properties, required, enum, const, items, additionalProperties, minimum/maximum, minLength/maxLength, minItems/maxItems)"
                        )
                    }
                }
            }
        }

        func validate(_ value: JSONValue, pointer: String, into violations: inout [JSONSchemaViolation]) {
            func fail(_ message: String, at place: String = pointer) {
                violations.append(JSONSchemaViolation(pointer: place, message: message))
            }
            if let types, !types.contains(where: { JSONSchemaViolation.matches(value, type: $0) }) {
                fail("expected \(types.joined(separator: " or ")), got \(JSONSchemaViolation.describe(value))")
                return
            }
            if let enumValues, !enumValues.contains(where: { JSONSchemaViolation.equal($0, value) }) {
                let choices = enumValues.map { $0.serialized() }.joined(separator: ", ")
                fail("expected one of \(choices), got \(JSONSchemaViolation.describe(value))")
            }
            if let constValue, !JSONSchemaViolation.equal(constValue, value) {
                fail("expected \(constValue.serialized()), got \(JSONSchemaViolation.describe(value))")
            }
            switch value {
            case .number(let n):
                if let minimum, n < minimum { fail("\(Self.format(n)) is below the minimum \(Self.format(minimum))") }
                if let maximum, n > maximum { fail("\(Self.format(n)) is above the maximum \(Self.format(maximum))") }
                if let exclusiveMinimum, n <= exclusiveMinimum {
                    fail("\(Self.format(n)) is not above \(Self.format(exclusiveMinimum))")
                }
                if let exclusiveMaximum, n >= exclusiveMaximum {
                    fail("\(Self.format(n)) is not below \(Self.format(exclusiveMaximum))")
                }
            case .string(let s):
                // Lengths count code points, as JSON Schema says.
                let length = s.unicodeScalars.count
                if let minLength, length < minLength { fail("\(length) characters, fewer than \(minLength)") }
                if let maxLength, length > maxLength { fail("\(length) characters, more than \(maxLength)") }
            case .array(let elements):
                if let minItems, elements.count < minItems { fail("\(elements.count) items, fewer than \(minItems)") }
                if let maxItems, elements.count > maxItems { fail("\(elements.count) items, more than \(maxItems)") }
                if let items {
                    for (index, element) in elements.enumerated() {
                        items.validate(element, pointer: pointer + "/\(index)", into: &violations)
                    }
                }
            case .object(let members):
                for name in required where members[name] == nil {
                    fail("missing required property '\(name)'")
                }
                for (name, schema) in properties {
                    if let member = members[name] {
                        schema.validate(
                            member, pointer: pointer + "/" + JSONSchemaViolation.escape(name), into: &violations)
                    }
                }
                if let additional {
                    let known = Set(properties.map { $0.0 })
                    for name in members.keys.sorted() where !known.contains(name) {
                        let place = pointer + "/" + JSONSchemaViolation.escape(name)
                        if case .always(false) = additional {
                            fail("property '\(name)' is not allowed", at: place)
                        } else if let member = members[name] {
                            additional.validate(member, pointer: place, into: &violations)
                        }
                    }
                }
            case .null, .bool: break
            }
        }

        static func format(_ n: Double) -> String {
            n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : String(n)
        }
    }
}

/// A schema that cannot be compiled, with the JSON pointer of the bad keyword.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pointer: String
    public var message: String
    public var description: String { (pointer.isEmpty ? "" : "\(pointer): ") + message }
}

/// One place where a value breaks a schema: `/age: expected integer, got string "thirty"`.
public struct JSONSchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// RFC 6901 pointer into the checked value; empty for the value itself.
    public var pointer: String
    public var message: String
    public var description: String { (pointer.isEmpty ? "(root)" : pointer) + ": " + message }

    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("object", .object), ("array", .array), ("number", .number),
            ("string", .string):
            return true
        case ("integer", .number(let n)): return n.rounded() == n && n.isFinite
        default: return false
        }
    }

    /// JSON equality: 1 and 1.0 are the same number.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool { a == b }

    /// `string "thirty"`, `number 3.5`, `object`, `null`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "boolean \(b)"
        case .number(let n): return (n.rounded() == n ? "integer " : "number ") + JSONSchema.Rules.format(n)
        case .string(let s):
            let shown = s.count > 40 ? String(s.prefix(39)) + "…" : s
            return "string " + JSONValue.string(shown).serialized()
        case .array(let a): return "array (\(a.count) items)"
        case .object: return "object"
        }
    }
}
