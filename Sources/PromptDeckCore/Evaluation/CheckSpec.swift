/// Where a check came from. Only the user's own files may run shell commands: a prompt recorded in
/// history or a dataset row could have been written by someone else.
public enum CheckOrigin: String, Sendable, Equatable, Codable {
    /// `checks:` in a prompt file of the user's library.
    case promptFile = "prompt"
    /// `--checks FILE` on the command line.
    case checksFile = "checks-file"
    /// A dataset row's `__expected` or `__checks`.
    case dataset
    /// A prompt as history recorded it (re-runs).
    case history

    /// Whether `command:` checks from here may run.
    public var mayRunCommands: Bool { self == .promptFile || self == .checksFile }
}

/// How `max_length` counts.
public enum LengthUnit: String, Sendable, Equatable, Codable {
    case characters, words
}

/// What a check tests. Text values may hold `{{variable}}` tags, filled from the run's variables.
public enum CheckKind: Sendable, Equatable {
    /// Every text is in the output.
    case contains([String], ignoreCase: Bool)
    /// No text is in the output.
    case notContains([String], ignoreCase: Bool)
    /// The output, trimmed of surrounding white space, is the text.
    case equals(String, ignoreCase: Bool)
    /// The output (leading white space ignored) starts with the text.
    case startsWith(String, ignoreCase: Bool)
    /// The regular expression matches somewhere in the output.
    case regex(String, ignoreCase: Bool)
    /// The output is one JSON value.
    case isJSON
    /// The output is JSON that the schema accepts.
    case jsonSchema(JSONSchema)
    /// At most this many characters or words.
    case maxLength(Int, unit: LengthUnit)
    /// At most this many completion tokens (the run's, over all choices).
    case maxTokens(Int)
    /// The run took at most this long.
    case maxLatencyMs(Int)
    /// A shell command gets the output on stdin and the run as JSON in `PROMPTDECK_RUN`; exit 0 passes.
    case command(String, timeoutSeconds: Double)

    /// The key that names the kind in a file.
    public var key: String {
        switch self {
        case .contains: "contains"
        case .notContains: "not_contains"
        case .equals: "equals"
        case .startsWith: "starts_with"
        case .regex: "regex"
        case .isJSON: "is_json"
        case .jsonSchema: "json_schema"
        case .maxLength: "max_length"
        case .maxTokens: "max_tokens"
        case .maxLatencyMs: "max_latency_ms"
        case .command: "command"
        }
    }

    /// Whether the check looks at each choice's text (the others look at the run as a whole).
    var isPerChoice: Bool {
        switch self {
        case .maxTokens, .maxLatencyMs: false
        default: true
        }
    }
}

/// One check from `checks:`, `--checks FILE` or a dataset row.
public struct CheckSpec: Sendable, Equatable {
    /// `name:` when given.
    public var name: String?
    public var kind: CheckKind
    public var origin: CheckOrigin

    public init(name: String? = nil, kind: CheckKind, origin: CheckOrigin = .promptFile) {
        self.name = name
        self.kind = kind
        self.origin = origin
    }

    /// What results and reports call the check: its name, else a short description (`contains "Paris"`).
    public var label: String {
        if let name, !name.isEmpty { return name }
        func quoted(_ s: String) -> String { "\"" + (s.count > 40 ? String(s.prefix(39)) + "…" : s) + "\"" }
        switch kind {
        case .contains(let texts, let ignoreCase), .notContains(let texts, let ignoreCase):
            return kind.key + " " + texts.map(quoted).joined(separator: ", ") + (ignoreCase ? " (any case)" : "")
        case .equals(let text, let ignoreCase), .startsWith(let text, let ignoreCase):
            return kind.key + " " + quoted(text) + (ignoreCase ? " (any case)" : "")
        case .regex(let pattern, _): return "regex /\(pattern)/"
        case .isJSON: return "is_json"
        case .jsonSchema: return "json_schema"
        case .maxLength(let limit, let unit): return "max_length \(limit) \(unit.rawValue)"
        case .maxTokens(let limit): return "max_tokens \(limit)"
        case .maxLatencyMs(let limit): return "max_latency_ms \(limit)"
        case .command(let command, _): return "command " + quoted(command)
        }
    }
}

extension CheckSpec {
    /// The same check, marked as read from history (its command does not run).
    public var fromHistory: CheckSpec {
        var check = self
        check.origin = .history
        return check
    }
}
