/// One `key=value` of a variant or sweep; `model`, `profile` and `version` are special keys, the rest are parameters.
public struct VariantAssignment: Sendable, Equatable {
    public var key: String
    public var value: JSONValue
    /// The text after `=` as typed, for labels.
    public var text: String

    public init(key: String, value: JSONValue, text: String) {
        self.key = key
        self.value = value
        self.text = text
    }

    /// Keys that pick where a run goes rather than a body parameter.
    public static let specialKeys: Set<String> = ["model", "profile", "version"]
}

/// One `--sweep key=v1,v2,...`: a key and the values to try.
public struct SweepAxis: Sendable, Equatable {
    public var key: String
    public var values: [VariantAssignment]
    /// The flag it came from, e.g. `--sweep 1`.
    public var origin: String

    public init(key: String, values: [VariantAssignment], origin: String) {
        self.key = key
        self.values = values
        self.origin = origin
    }
}

/// One `--variant '...'`: its assignments in order.
public struct VariantSpec: Sendable, Equatable {
    public var assignments: [VariantAssignment]
    /// The flag it came from, e.g. `--variant 2`.
    public var origin: String

    public init(assignments: [VariantAssignment], origin: String) {
        self.assignments = assignments
        self.origin = origin
    }
}
