/// One thing a completion stream (or a whole non-streamed body) told us, in provider-neutral form.
public enum StreamEvent: Sendable, Equatable {
    /// Text for one choice; `logprobs` holds one entry per token when the request asked for them.
    case delta(choice: Int, text: String, logprobs: [TokenLogprob]?)
    /// Token counts, usually on the last chunk.
    case usage(Usage)
    /// A choice is complete (`stop`, `length`, `content_filter`, ...).
    case finish(choice: Int, reason: String)
    /// The server reported an error inside the stream or in the body.
    case error(ServerError)
    /// `data: [DONE]`, or the end of a non-streamed body.
    case done
    /// Reasoning text for one choice (`delta.reasoning_content` or `delta.reasoning`, and the same fields of a
    /// whole `message`): shown apart from the answer, never part of `outputs`.
    case reasoning(choice: Int, text: String)
    /// A piece of a tool call for one choice: `index` tells the calls of one reply apart; `id` and `name`
    /// usually come with the first piece and `arguments` (JSON text) in pieces. A whole body's call arrives
    /// as one piece. `ToolCallAssembler` joins them.
    case toolCallDelta(choice: Int, index: Int, id: String?, name: String?, arguments: String)
}

/// A token with its log probability and the most likely alternatives at its position.
public struct TokenLogprob: Sendable, Equatable, Hashable, Codable {
    public var token: String
    public var logprob: Double
    public var topLogprobs: [Alternative]

    public struct Alternative: Sendable, Equatable, Hashable, Codable {
        public var token: String
        public var logprob: Double
        public init(token: String, logprob: Double) {
            self.token = token
            self.logprob = logprob
        }
    }

    public init(token: String, logprob: Double, topLogprobs: [Alternative] = []) {
        self.token = token
        self.logprob = logprob
        self.topLogprobs = topLogprobs
    }
}

public struct Usage: Sendable, Equatable, Hashable, Codable {
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var totalTokens: Int?
    /// `completion_tokens_details.reasoning_tokens`: the part of the completion tokens spent reasoning,
    /// when the server reports it.
    public var reasoningTokens: Int?
    /// `prompt_tokens_details.cached_tokens`: the part of the prompt tokens the server read from its
    /// prompt cache (priced at `cached_input`), when it reports any (a reported 0 stays nil).
    public var cachedPromptTokens: Int?

    public init(
        promptTokens: Int? = nil, completionTokens: Int? = nil, totalTokens: Int? = nil, reasoningTokens: Int? = nil,
        cachedPromptTokens: Int? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
        self.reasoningTokens = reasoningTokens
        self.cachedPromptTokens = cachedPromptTokens
    }
}

/// An error as the server worded it, OpenAI's `{"error":{...}}` or Portkey's `{"status":"failure",...}`.
public struct ServerError: Sendable, Equatable, Hashable, Codable {
    public var message: String
    public var type: String?
    public var code: String?

    public init(message: String, type: String? = nil, code: String? = nil) {
        self.message = message
        self.type = type
        self.code = code
    }
}

/// llama.cpp's server `timings` (on its last stream chunk, or in a whole response): how many tokens it read
/// and generated, and how fast. Every field is optional: servers differ in what they send.
public struct ServerTimings: Sendable, Equatable, Hashable, Codable {
    /// `prompt_n`: prompt tokens the server evaluated (a cached prefix is not counted).
    public var promptTokens: Int?
    /// `prompt_ms`.
    public var promptMs: Double?
    /// `prompt_per_second`: prompt evaluation speed.
    public var promptPerSecond: Double?
    /// `predicted_n`: tokens generated.
    public var predictedTokens: Int?
    /// `predicted_ms`.
    public var predictedMs: Double?
    /// `predicted_per_second`: generation speed.
    public var predictedPerSecond: Double?

    public init(
        promptTokens: Int? = nil, promptMs: Double? = nil, promptPerSecond: Double? = nil,
        predictedTokens: Int? = nil, predictedMs: Double? = nil, predictedPerSecond: Double? = nil
    ) {
        self.promptTokens = promptTokens
        self.promptMs = promptMs
        self.promptPerSecond = promptPerSecond
        self.predictedTokens = predictedTokens
        self.predictedMs = predictedMs
        self.predictedPerSecond = predictedPerSecond
    }

    /// Reads llama.cpp's `timings` object; nil when it is not an object or holds none of the fields.
    public init?(json value: JSONValue) {
        guard case .object(let object) = value else { return nil }
        self.init(
            promptTokens: object["prompt_n"]?.intValue, promptMs: object["prompt_ms"]?.doubleValue,
            promptPerSecond: object["prompt_per_second"]?.doubleValue,
            predictedTokens: object["predicted_n"]?.intValue, predictedMs: object["predicted_ms"]?.doubleValue,
            predictedPerSecond: object["predicted_per_second"]?.doubleValue)
        if self == ServerTimings() { return nil }
    }

    /// Under llama.cpp's own field names (absent ones null).
    public var json: JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        return [
            "prompt_n": promptTokens.map { .int($0) } ?? .null, "prompt_ms": number(promptMs),
            "prompt_per_second": number(promptPerSecond), "predicted_n": predictedTokens.map { .int($0) } ?? .null,
            "predicted_ms": number(predictedMs), "predicted_per_second": number(predictedPerSecond),
        ]
    }

    /// `prompt 240.0 tok/s (3 tokens) · generation 25.0 tok/s (3 tokens)`: the parts the server sent.
    public var summary: String {
        func part(_ name: String, _ speed: Double?, _ count: Int?) -> String? {
            guard speed != nil || count != nil else { return nil }
            var text = name
            if let speed { text += String(format: " %.1f tok/s", speed) }
            if let count { text += speed == nil ? " \(count) tokens" : " (\(count) tokens)" }
            return text
        }
        return [part("prompt", promptPerSecond, promptTokens), part("generation", predictedPerSecond, predictedTokens)]
            .compactMap { $0 }.joined(separator: " · ")
    }
}
