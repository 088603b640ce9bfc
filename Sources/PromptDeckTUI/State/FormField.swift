import PromptDeckCore

/// The kind of input a variable gets, from discovery and the prompt file's `type:`.
public enum FieldKind: String, Equatable, Sendable {
    case text, multiline, bool, list, json

    /// The field kind for a discovered variable.
    public init(_ variable: DiscoveredVariable) {
        switch variable.spec?.type {
        case .bool?: self = .bool
        case .list?: self = .list
        case .json?: self = .json
        case .multiline?: self = .multiline
        case .text?: self = .text
        case nil:
            switch variable.usage {
            case .section: self = .bool
            case .list: self = .list
            case .value: self = .text
            }
        }
    }

    /// Whether editing opens the multi-line editor.
    public var isMultiline: Bool { self == .multiline || self == .list || self == .json }
}

/// One variable in the form: its text value (bools as `true`/`false`), default and help.
public struct FormField: Equatable, Sendable {
    public var name: String
    public var kind: FieldKind
    public var value: String
    public var defaultValue: String
    public var description: String?
    public var isRequired: Bool

    /// A field for a discovered variable, holding its default.
    public init(_ variable: DiscoveredVariable) {
        name = variable.name
        let kind = FieldKind(variable)
        self.kind = kind
        description = variable.spec?.description
        isRequired = variable.isRequired
        let initial =
            variable.spec?.defaultValue.map { Self.text(of: $0, kind: kind) } ?? (kind == .bool ? "false" : "")
        defaultValue = initial
        value = initial
    }

    /// A field with explicit contents (tests, and probing a value's validity).
    public init(name: String, kind: FieldKind, value: String, defaultValue: String = "", isRequired: Bool = false) {
        self.name = name
        self.kind = kind
        self.value = value
        self.defaultValue = defaultValue
        self.isRequired = isRequired
    }

    /// How a JSON value shows in a field of `kind` (lists one item per line, JSON as JSON).
    public static func text(of value: JSONValue, kind: FieldKind) -> String {
        switch (value, kind) {
        case (.string(let s), _): return s
        case (.bool(let b), _): return b ? "true" : "false"
        case (.number(let n), .bool): return n != 0 ? "true" : "false"
        case (.array(let items), .list) where items.allSatisfy({ $0.stringValue != nil }):
            return items.compactMap(\.stringValue).joined(separator: "\n")
        case (_, .json): return value.serialized(pretty: false)
        default: return value.serialized()
        }
    }

    public var isOn: Bool { ["true", "yes", "on", "1"].contains(value.lowercased()) }

    /// The problem with the value as typed (JSON fields are validated as you type).
    public var error: String? {
        guard kind == .json, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        do {
            _ = try JSONValue.parse(value)
            return nil
        } catch {
            return "invalid JSON at line \(error.line), column \(error.column): \(error.message)"
        }
    }

    /// The value sent with the run.
    public var runValue: JSONValue { kind == .bool ? .bool(isOn) : .string(value) }
}
