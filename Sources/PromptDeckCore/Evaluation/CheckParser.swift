import Foundation
import Yams

/// Reads checks from a prompt file's `checks:`, a `--checks FILE` or a dataset row's `__checks` (JSON).
/// Every problem names the check (`checks[2].regex`) and, from YAML, its line and column.
public enum CheckParser {
    /// The keys that name a kind; each check has exactly one.
    public static let kindKeys = [
        "contains", "not_contains", "equals", "starts_with", "regex", "is_json", "json_schema", "max_length",
        "max_tokens", "max_latency_ms", "command",
    ]
    /// Keys that modify a kind.
    static let modifierKeys = ["name", "ignore_case", "timeout", "unit"]
    /// Seconds a `command:` check may take unless it says `timeout:`.
    public static let defaultCommandTimeout: Double = 10

    /// One check from its JSON form (`{"contains": "Paris", "ignore_case": true}`); the error is the
    /// message and the key it is about.
    public static func parse(_ value: JSONValue, origin: CheckOrigin) throws(CheckParseError) -> CheckSpec {
        guard let object = value.objectValue else {
            throw CheckParseError(
                key: nil, message: "expected a mapping such as {contains: text}, got \(describe(value))")
        }
        let kinds = kindKeys.filter { object[$0] != nil }
        for key in object.keys.sorted() where !kindKeys.contains(key) && !modifierKeys.contains(key) {
            let hint = NameSuggestion.hint(for: key, in: kindKeys + modifierKeys)
            throw CheckParseError(key: key, message: "unknown key '\(key)'\(hint)")
        }
        guard let key = kinds.first else {
            throw CheckParseError(key: nil, message: "a check needs one of: " + kindKeys.joined(separator: ", "))
        }
        guard kinds.count == 1 else {
            throw CheckParseError(
                key: kinds[1],
                message: "one kind per check (found \(kinds.joined(separator: " and "))); make two checks")
        }
        let ignoreCase = try flag(object["ignore_case"], key: "ignore_case") ?? false
        var name: String?
        if let nameValue = object["name"] {
            guard let text = nameValue.stringValue, !text.isEmpty else {
                throw CheckParseError(key: "name", message: "expected text, got \(describe(nameValue))")
            }
            name = text
        }
        let value = object[key] ?? .null
        func allowOnly(_ allowed: [String]) throws(CheckParseError) {
            for modifier in ["ignore_case", "timeout", "unit"]
            where object[modifier] != nil && !allowed.contains(modifier) {
                throw CheckParseError(key: modifier, message: "'\(modifier)' does not apply to \(key)")
            }
        }
        let kind: CheckKind
        switch key {
        case "contains", "not_contains":
            try allowOnly(["ignore_case"])
            let texts = try textList(value, key: key)
            kind =
                key == "contains"
                ? .contains(texts, ignoreCase: ignoreCase) : .notContains(texts, ignoreCase: ignoreCase)
        case "equals":
            try allowOnly(["ignore_case"])
            kind = .equals(try text(value, key: key), ignoreCase: ignoreCase)
        case "starts_with":
            try allowOnly(["ignore_case"])
            kind = .startsWith(try text(value, key: key), ignoreCase: ignoreCase)
        case "regex":
            try allowOnly(["ignore_case"])
            let pattern = try text(value, key: key)
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                throw CheckParseError(key: key, message: "not a valid regular expression: /\(pattern)/")
            }
            kind = .regex(pattern, ignoreCase: ignoreCase)
        case "is_json":
            try allowOnly([])
            guard value == .bool(true) || value == .null else {
                throw CheckParseError(key: key, message: "write is_json: true")
            }
            kind = .isJSON
        case "json_schema":
            try allowOnly([])
            do {
                kind = .jsonSchema(try JSONSchema(compiling: value))
            } catch {
                throw CheckParseError(key: key, message: "invalid schema: \(error.description)")
            }
        case "max_length":
            try allowOnly(["unit"])
            kind = try maxLength(value, unit: object["unit"])
        case "max_tokens":
            try allowOnly([])
            kind = .maxTokens(try count(value, key: key))
        case "max_latency_ms":
            try allowOnly([])
            kind = .maxLatencyMs(try count(value, key: key))
        default:
            try allowOnly(["timeout"])
            guard origin.mayRunCommands else {
                throw CheckParseError(
                    key: key, message: "command checks run only from your own prompt files and --checks files")
            }
            let command = try text(value, key: key)
            var timeout = defaultCommandTimeout
            if let given = object["timeout"] {
                guard let seconds = given.doubleValue, seconds > 0, seconds <= 600 else {
                    throw CheckParseError(key: "timeout", message: "expected seconds above 0 (at most 600)")
                }
                timeout = seconds
            }
            kind = .command(command, timeoutSeconds: timeout)
        }
        return CheckSpec(name: name, kind: kind, origin: origin)
    }

    /// A YAML list of checks (a prompt file's `checks:` or a checks file); `field` prefixes the messages.
    public static func parse(
        node: Node, file: String, field: String = "checks", origin: CheckOrigin
    ) -> (checks: [CheckSpec], errors: [Diagnostic]) {
        guard let items = node.sequence else {
            let mark = node.mark
            return (
                [],
                [
                    Diagnostic(
                        file: file, line: mark?.line, column: mark?.column, field: field,
                        message:
                            "expected a list of checks (- contains: text), got \(node.mapping != nil ? "a mapping" : "text")"
                    )
                ]
            )
        }
        var checks: [CheckSpec] = []
        var errors: [Diagnostic] = []
        for (index, item) in items.enumerated() {
            do {
                checks.append(try parse(json(from: item), origin: origin))
            } catch {
                // Point at the key the problem is about when there is one.
                let keyNode = error.key.flatMap { key in item.mapping?.first { $0.key.string == key }?.value }
                let mark = (keyNode ?? item).mark
                errors.append(
                    Diagnostic(
                        file: file, line: mark?.line, column: mark?.column,
                        field: "\(field)[\(index)]" + (error.key.map { ".\($0)" } ?? ""), message: error.message))
            }
        }
        return (checks, errors)
    }

    /// Reads a `--checks FILE`: a YAML (or JSON) list of checks, or a mapping with `checks:`.
    public static func load(file: String) throws(DiagnosticList) -> [CheckSpec] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DiagnosticList([Diagnostic(file: file, message: "cannot read the checks file")])
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: Node?
        do {
            root = try YAMLSupport.compose(text, file: file)
        } catch {
            throw DiagnosticList([error])
        }
        guard let root else { return [] }
        let list = root.mapping?["checks"] ?? root
        let (checks, errors) = parse(node: list, file: file, origin: .checksFile)
        if !errors.isEmpty { throw DiagnosticList(errors) }
        return checks
    }

    /// YAML to JSON for checks: only `true`/`false` are booleans, so `equals: yes` compares with "yes".
    static func json(from node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar) where scalar.style == .plain:
            switch scalar.string.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "yes", "no", "on", "off", "y", "n": return .string(scalar.string)
            default: return YAMLSupport.json(from: node)
            }
        case .sequence(let sequence): return .array(sequence.map { json(from: $0) })
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.string ?? "\(key)"] = json(from: value) }
            return .object(object)
        default: return YAMLSupport.json(from: node)
        }
    }

    private static func text(_ value: JSONValue, key: String) throws(CheckParseError) -> String {
        switch value {
        case .string(let s): return s
        case .number(let n): return n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): return String(b)
        default: throw CheckParseError(key: key, message: "expected text, got \(describe(value))")
        }
    }

    private static func textList(_ value: JSONValue, key: String) throws(CheckParseError) -> [String] {
        if let items = value.arrayValue {
            guard !items.isEmpty else {
                throw CheckParseError(key: key, message: "expected text or a list of texts, got an empty list")
            }
            var texts: [String] = []
            for item in items { texts.append(try text(item, key: key)) }
            return texts
        }
        return [try text(value, key: key)]
    }

    private static func count(_ value: JSONValue, key: String) throws(CheckParseError) -> Int {
        guard let n = value.intValue, n >= 0 else {
            throw CheckParseError(key: key, message: "expected a whole number, 0 or more, got \(describe(value))")
        }
        return n
    }

    private static func flag(_ value: JSONValue?, key: String) throws(CheckParseError) -> Bool? {
        guard let value else { return nil }
        guard let b = value.boolValue else { throw CheckParseError(key: key, message: "expected true or false") }
        return b
    }

    /// `max_length: 200` (characters), `max_length: {words: 50}`, or `max_length: 50` with `unit: words`.
    private static func maxLength(_ value: JSONValue, unit: JSONValue?) throws(CheckParseError) -> CheckKind {
        if let object = value.objectValue {
            guard object.count == 1, let (name, limit) = object.first, let unit = LengthUnit(rawValue: name) else {
                throw CheckParseError(key: "max_length", message: "expected a number, or {characters: N} or {words: N}")
            }
            return .maxLength(try count(limit, key: "max_length"), unit: unit)
        }
        var chosen = LengthUnit.characters
        if let unit {
            guard let name = unit.stringValue, let parsed = LengthUnit(rawValue: name) else {
                throw CheckParseError(key: "unit", message: "expected characters or words")
            }
            chosen = parsed
        }
        return .maxLength(try count(value, key: "max_length"), unit: chosen)
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "nothing"
        case .bool(let b): "\(b)"
        case .number(let n): "the number \(n.rounded() == n ? String(Int(n)) : String(n))"
        case .string(let s): "'\(s)'"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}

/// A check that cannot be read: the message, and the key it is about.
public struct CheckParseError: Error, Sendable, Equatable {
    public var key: String?
    public var message: String
}
