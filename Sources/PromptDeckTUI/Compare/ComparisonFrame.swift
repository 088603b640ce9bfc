import PromptDeckCore

/// The state of every variant of a running comparison at one moment, as the runtime saw it.
public struct ComparisonFrame: Equatable, Sendable {
    public var groupID: String
    public var variants: [VariantState]
    /// Milliseconds since each variant's request went out (nil for one not started).
    public var elapsedMs: [Int?]
    /// Monotonic seconds when the frame was taken.
    public var at: Double

    /// Creates a frame.
    public init(groupID: String, variants: [VariantState], elapsedMs: [Int?], at: Double) {
        self.groupID = groupID
        self.variants = variants
        self.elapsedMs = elapsedMs
        self.at = at
    }
}
