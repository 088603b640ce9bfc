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

    public init(promptTokens: Int? = nil, completionTokens: Int? = nil, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
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
