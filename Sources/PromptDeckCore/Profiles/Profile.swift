/// Where a request goes and how it authenticates. Keys are never stored: only the names of the
/// environment variables that hold them.
public struct Profile: Sendable, Equatable {
    public enum ProfileType: String, Sendable, CaseIterable {
        /// Any OpenAI-compatible server (`/v1/completions`, `/v1/chat/completions`).
        case openai
        /// The Portkey AI gateway (self-hosted by default), with `x-portkey-*` headers.
        case portkey
        /// Portkey's hosted API: hosted prompts (`/prompts/:id/completions`, `/render`) and the gateway.
        case portkeyHosted = "portkey-hosted"
        /// The built-in offline provider.
        case echo
    }

    public var name: String
    public var type: ProfileType
    public var baseURL: String
    /// Default model when the prompt names none.
    public var model: String?
    /// `Authorization: Bearer $<env>` for openai; the provider key for portkey.
    public var apiKeyEnv: String?
    /// `x-portkey-api-key: $<env>`.
    public var portkeyAPIKeyEnv: String?
    public var provider: String?
    public var virtualKey: String?
    /// Config id or inline JSON.
    public var config: String?
    public var metadata: [String: JSONValue]?
    public var traceID: String?
    public var cacheNamespace: String?
    public var cacheForceRefresh: Bool
    public var requestTimeoutMs: Int?
    public var customHost: String?
    /// Parameter defaults of this profile (between the prompt's and the command line's).
    public var defaults: [String: JSONValue]
    /// Extra headers sent as given (never secrets: use the *_env fields for those).
    public var headers: [String: String]
    /// Ask streaming servers for usage on the last chunk (`stream_options.include_usage`).
    public var streamUsage: Bool
    /// Echo only: milliseconds between words.
    public var echoDelayMs: Int
    /// `max_concurrency:`: at most this many requests to the profile at once in a comparison or sweep
    /// (one-slot servers such as llama-cpp-python cut a stream when a second request arrives); the others
    /// wait their turn, shown as queued. Nil: no limit.
    public var maxConcurrency: Int?
    /// `retries:` and `retry_max_wait:`: a 429, a 503 or a refused connection before any answer is retried
    /// (once, waiting at most 30 s, unless the profile says otherwise).
    public var retry = RetryPolicy.standard
    /// `collection:` (portkey-hosted): the Portkey collection (id or slug) whose prompts the library lists
    /// and where `prompts push` creates new ones. Nil: every prompt the key can see.
    public var collection: String?
    /// Where this profile was defined (`config.yaml`, or `built-in` / `$OPENAI_API_KEY`).
    public var origin: String
    /// Line of the profile in the config file.
    public var line: Int?

    public init(
        name: String, type: ProfileType, baseURL: String, model: String? = nil, apiKeyEnv: String? = nil,
        portkeyAPIKeyEnv: String? = nil, provider: String? = nil, virtualKey: String? = nil, config: String? = nil,
        metadata: [String: JSONValue]? = nil, traceID: String? = nil, cacheNamespace: String? = nil,
        cacheForceRefresh: Bool = false, requestTimeoutMs: Int? = nil, customHost: String? = nil,
        defaults: [String: JSONValue] = [:], headers: [String: String] = [:], streamUsage: Bool = true,
        echoDelayMs: Int = 20, origin: String = "built-in", line: Int? = nil
    ) {
        self.name = name
        self.type = type
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.portkeyAPIKeyEnv = portkeyAPIKeyEnv
        self.provider = provider
        self.virtualKey = virtualKey
        self.config = config
        self.metadata = metadata
        self.traceID = traceID
        self.cacheNamespace = cacheNamespace
        self.cacheForceRefresh = cacheForceRefresh
        self.requestTimeoutMs = requestTimeoutMs
        self.customHost = customHost
        self.defaults = defaults
        self.headers = headers
        self.streamUsage = streamUsage
        self.echoDelayMs = echoDelayMs
        self.origin = origin
        self.line = line
    }

    public static func defaultBaseURL(for type: ProfileType) -> String {
        switch type {
        case .openai: return "https://api.openai.com/v1"
        case .portkey: return "http://localhost:8787/v1"
        case .portkeyHosted: return "https://api.portkey.ai/v1"
        case .echo: return "echo://local/v1"
        }
    }

    /// The built-in offline profile.
    public static let echo = Profile(name: "echo", type: .echo, baseURL: defaultBaseURL(for: .echo), model: "echo")

    /// Environment variables this profile reads keys from, with what each is for.
    public var keyVariables: [(variable: String, purpose: String)] {
        var result: [(String, String)] = []
        if let apiKeyEnv { result.append((apiKeyEnv, type == .openai ? "API key" : "provider key")) }
        if let portkeyAPIKeyEnv { result.append((portkeyAPIKeyEnv, "Portkey API key")) }
        return result
    }
}
