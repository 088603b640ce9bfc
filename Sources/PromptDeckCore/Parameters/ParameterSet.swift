/// Where a parameter value came from: decides precedence and what a message points at.
public struct ParameterSource: Sendable, Equatable, Hashable {
    public enum Layer: Int, Sendable, Comparable {
        case prompt = 0, profile = 1, override = 2
        public static func < (a: Layer, b: Layer) -> Bool { a.rawValue < b.rawValue }
    }
    public var layer: Layer
    /// The file or flag shown in messages: `prompts/tagline.yaml`, `config.yaml`, `--set`.
    public var file: String
    public var line: Int?

    public init(layer: Layer, file: String, line: Int? = nil) {
        self.layer = layer
        self.file = file
        self.line = line
    }
}

/// The effective hyperparameters of one run: prompt defaults < profile defaults < overrides.
/// Known parameters are validated against the prompt's kind; `extras` pass through unchecked.
public struct ParameterSet: Sendable, Equatable {
    public internal(set) var values: [String: JSONValue] = [:]
    public internal(set) var sources: [String: ParameterSource] = [:]
    /// Provider-specific fields (`--extra top_k=40`), sent as given.
    public internal(set) var extras: [String: JSONValue] = [:]

    public init() {}

    /// Applies a layer of values; a higher or equal layer replaces what is there.
    public mutating func apply(_ layer: [String: JSONValue], source: ParameterSource, lines: [String: Int] = [:]) {
        for (name, value) in layer {
            if let existing = sources[name], existing.layer > source.layer { continue }
            var source = source
            source.line = lines[name] ?? source.line
            if value == .null {
                values[name] = nil
                sources[name] = nil
            } else {
                values[name] = value
                sources[name] = source
            }
        }
    }

    public mutating func applyExtras(_ layer: [String: JSONValue]) {
        for (name, value) in layer { extras[name] = value }
    }

    public mutating func set(_ name: String, _ value: JSONValue?, source: ParameterSource) {
        if let value, value != .null {
            values[name] = value
            sources[name] = source
        } else {
            values[name] = nil
            sources[name] = nil
        }
    }

    public subscript(name: String) -> JSONValue? { values[name] }

    /// Whether the run streams (`stream: true`).
    public var stream: Bool { values["stream"]?.boolValue ?? false }

    /// The number of choices (`n`, default 1).
    public var choiceCount: Int { values["n"]?.intValue ?? 1 }

    /// Everything sent in the body: values plus extras, as one object.
    public var bodyFields: [String: JSONValue] {
        var fields = values
        for (name, value) in extras { fields[name] = value }
        return fields
    }
}
