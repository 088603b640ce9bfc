/// How a template uses a variable, which decides how a text value given for it is read.
public enum VariableUsage: String, Sendable, Equatable, CaseIterable {
    /// Interpolated: `{{name}}`, `{{{name}}}`, `{{name.field}}`.
    case value
    /// Only tested by sections: `{{#name}}...{{/name}}`, `{{^name}}...{{/name}}` (true/false, present/absent).
    case section
    /// A section that reads from its items: its body uses `{{.}}` or fields of the item (`{{#items}}{{name}}{{/items}}`).
    case list
}

/// A variable a prompt's templates use, found through sections, partials and every chat message.
public struct DiscoveredVariable: Sendable, Equatable {
    /// The top-level name (`user` for `{{user.name}}`).
    public var name: String
    /// How the templates use it (decides how a text value is read).
    public var usage: VariableUsage
    /// True when a template interpolates it outside any section that tests it and it has no default.
    public var isRequired: Bool
    /// What `variables:` in the prompt file says about it, if anything.
    public var spec: VariableSpec?

    /// The type to show for it: the one `variables:` declares, else the one its use implies (`text` for an
    /// interpolated value, `bool` for a section that only tests it, `list` for one that reads its items).
    public var type: VariableType {
        if let declared = spec?.type { return declared }
        switch usage {
        case .value: return .text
        case .section: return .bool
        case .list: return .list
        }
    }

    /// Creates a discovered variable.
    public init(name: String, usage: VariableUsage, isRequired: Bool, spec: VariableSpec? = nil) {
        self.name = name
        self.usage = usage
        self.isRequired = isRequired
        self.spec = spec
    }
}
