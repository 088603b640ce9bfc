/// The shape and range of one hyperparameter.
public struct ParameterSpec: Sendable, Equatable {
    public enum ValueType: Sendable, Equatable {
        case integer(ClosedRange<Int>?)
        case number(ClosedRange<Double>)
        case boolean
        case string
        /// A string or a list of up to `maxCount` strings (`stop`).
        case stringOrList(maxCount: Int)
        /// `json_object` / `text` (or an object with a `type`): `response_format`.
        case responseFormat
        /// An object of token id -> bias in -100...100 (`logit_bias`).
        case logitBias
        /// `auto`, `none`, `required`, a tool's name, or the whole object (`tool_choice`).
        case toolChoice
        /// A list of function definitions (`tools`).
        case toolList
    }

    public var name: String
    public var type: ValueType
    /// Kinds the parameter applies to.
    public var kinds: Set<PromptKind>
    /// The value the API assumes when the field is absent (shown in the form; never sent implicitly).
    public var apiDefault: JSONValue?
    public var help: String

    /// The allowed values in words, for messages and the parameters panel: "0 to 2", ">= 1", "true or false".
    public var rangeDescription: String {
        switch type {
        case .integer(let range?):
            return range.upperBound == Int.max ? ">= \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
        case .integer(nil): return "an integer"
        case .number(let range):
            return "\(JSONValue.format(range.lowerBound)) to \(JSONValue.format(range.upperBound))"
        case .boolean: return "true or false"
        case .string: return "a string"
        case .stringOrList(let max): return "a string or a list of up to \(max) strings"
        case .responseFormat: return "json_object, text or {\"type\": ...}"
        case .logitBias: return "an object of token id -> bias from -100 to 100"
        case .toolChoice: return "auto, none, required or a tool's name"
        case .toolList: return "a JSON list of function definitions"
        }
    }
}

/// Every hyperparameter of `/v1/completions` and `/v1/chat/completions`, with its range.
public enum ParameterCatalog {
    public static let all: [ParameterSpec] = [
        spec("max_tokens", .integer(1...Int.max), [.completion, .chat], 16, "Most tokens to generate"),
        spec("max_completion_tokens", .integer(1...Int.max), [.chat], nil, "Most tokens to generate (chat)"),
        spec("temperature", .number(0...2), [.completion, .chat], 1, "Sampling temperature"),
        spec("top_p", .number(0...1), [.completion, .chat], 1, "Nucleus sampling mass"),
        spec("n", .integer(1...128), [.completion, .chat], 1, "Choices to generate"),
        spec("stream", .boolean, [.completion, .chat], false, "Stream tokens as they are generated"),
        spec("stop", .stringOrList(maxCount: 4), [.completion, .chat], nil, "Up to 4 stop sequences"),
        spec("presence_penalty", .number(-2...2), [.completion, .chat], 0, "Penalise tokens already present"),
        spec("frequency_penalty", .number(-2...2), [.completion, .chat], 0, "Penalise frequent tokens"),
        spec("suffix", .string, [.completion], nil, "Text after the completion"),
        spec("echo", .boolean, [.completion], false, "Echo the prompt before the completion"),
        spec("best_of", .integer(1...128), [.completion], 1, "Candidates generated server-side (>= n)"),
        spec("logprobs", .integer(0...5), [.completion], nil, "Log probabilities of the top k tokens"),
        spec("user", .string, [.completion, .chat], nil, "End-user id for abuse monitoring"),
        spec("seed", .integer(nil), [.completion, .chat], nil, "Seed for best-effort determinism"),
        spec("logit_bias", .logitBias, [.completion, .chat], nil, "Token id -> bias"),
        spec("top_logprobs", .integer(0...20), [.chat], nil, "Alternatives per token (needs logprobs: true)"),
        spec("response_format", .responseFormat, [.chat], nil, "json_object for JSON mode"),
    ]

    /// A chat prompt's `tool_choice:` and `tools:`, shown and typed beside the parameters (the playground
    /// lists them for a prompt with tools). Typed values override the prompt file's, as `--set` does; they
    /// are never sent as hyperparameters (the request carries them as the prompt's tools).
    public static let toolFields: [ParameterSpec] = [
        spec("tool_choice", .toolChoice, [.chat], nil, "Which tool the model may call"),
        spec("tools", .toolList, [.chat], nil, "The tools the model may call"),
    ]

    /// Chat's `logprobs` is a boolean; completion's is an integer. Same name, two specs.
    public static let chatLogprobs = spec(
        "logprobs", .boolean, [.chat], false, "Return log probabilities of output tokens")

    /// The spec of `name` for `kind`, or nil if the parameter does not apply to that kind.
    public static func spec(named name: String, for kind: PromptKind) -> ParameterSpec? {
        if name == "logprobs", kind == .chat { return chatLogprobs }
        return all.first { $0.name == name && $0.kinds.contains(kind) }
    }

    /// The specs that apply to `kind`, in catalogue order.
    public static func specs(for kind: PromptKind) -> [ParameterSpec] {
        all.compactMap { $0.name == "logprobs" && kind == .chat ? chatLogprobs : ($0.kinds.contains(kind) ? $0 : nil) }
    }

    /// Whether the name is a known parameter for any kind.
    public static func isKnown(_ name: String) -> Bool { all.contains { $0.name == name } }

    private static func spec(
        _ name: String, _ type: ParameterSpec.ValueType, _ kinds: Set<PromptKind>, _ apiDefault: JSONValue?,
        _ help: String
    ) -> ParameterSpec {
        ParameterSpec(name: name, type: type, kinds: kinds, apiDefault: apiDefault, help: help)
    }
}
