/// One column of a comparison: the overrides a variant applies on top of the shared inputs.
public struct ComparisonVariant: Sendable, Equatable {
    /// Position in the comparison, from 0 (repeats included).
    public var position: Int
    /// The variant's number, from 1; repeats of one variant share it.
    public var number: Int
    /// Which repeat this is, from 1.
    public var repetition: Int
    /// How many identical runs of this variant there are (`--repeat`).
    public var repeatCount: Int
    /// Parameter overrides (`--set`-like); they win over the shared `--set`.
    public var overrides: [String: JSONValue]
    /// The model, overriding the shared `--model`.
    public var model: String?
    /// The profile, overriding the shared `--profile`.
    public var profileName: String?
    /// The recorded version this column runs (`version=2`), overriding the shared prompt reference.
    public var version: PromptVersionSelector?
    /// Text this column runs instead (a draft, or a version already looked up); wins over `version`.
    public var source: PromptSource?
    /// The flag each key came from (`--variant 2`, `--sweep 1`), so messages can name it.
    public var origins: [String: String]
    /// The assignments as given, in order, e.g. `temperature=0.5 model=m`.
    public var specText: String

    public init(
        position: Int, number: Int, repetition: Int = 1, repeatCount: Int = 1, overrides: [String: JSONValue] = [:],
        model: String? = nil, profileName: String? = nil, origins: [String: String] = [:], specText: String = "",
        version: PromptVersionSelector? = nil, source: PromptSource? = nil
    ) {
        self.version = version
        self.source = source
        self.position = position
        self.number = number
        self.repetition = repetition
        self.repeatCount = repeatCount
        self.overrides = overrides
        self.model = model
        self.profileName = profileName
        self.origins = origins
        self.specText = specText
    }

    /// `#2`, or `#2.3` for the third repeat of variant 2.
    public var label: String { repeatCount > 1 ? "#\(number).\(repetition)" : "#\(number)" }

    /// The shared inputs with this variant's overrides applied (the variant wins).
    public func apply(to base: RunInputs) -> RunInputs {
        var inputs = base
        inputs.overrides.merge(overrides) { _, variant in variant }
        if let model { inputs.model = model }
        if let profileName { inputs.profileName = profileName }
        if let source {
            inputs.source = source
            inputs.version = nil
        } else if let version {
            inputs.version = version
            inputs.source = nil
        }
        return inputs
    }
}
