/// Which endpoint a prompt talks to.
public enum PromptKind: String, Sendable, Codable, CaseIterable {
    /// `/v1/completions`, with `prompt:`.
    case completion
    /// `/v1/chat/completions`, with `messages:`.
    case chat
}

/// The declared type of a variable, which decides its form field and how its value is checked.
public enum VariableType: String, Sendable, Codable, CaseIterable {
    case text, multiline, json, bool, list
}

/// Metadata a prompt file gives for one variable.
public struct VariableSpec: Sendable, Equatable {
    public var name: String
    public var defaultValue: JSONValue?
    public var description: String?
    public var type: VariableType?

    public init(name: String, defaultValue: JSONValue? = nil, description: String? = nil, type: VariableType? = nil) {
        self.name = name
        self.defaultValue = defaultValue
        self.description = description
        self.type = type
    }
}

/// One chat message of a prompt; `content` is a Mustache template.
public struct MessageTemplate: Sendable, Equatable {
    public var role: String
    public var content: String
    /// Where `content` starts in the prompt file, so template errors point into the file.
    public var contentLine: Int
    public var contentColumn: Int

    public init(role: String, content: String, contentLine: Int = 1, contentColumn: Int = 1) {
        self.role = role
        self.content = content
        self.contentLine = contentLine
        self.contentColumn = contentColumn
    }
}

/// A rendered chat message, ready for a request body.
public struct ChatMessage: Sendable, Equatable, Hashable, Codable {
    public var role: String
    public var content: String
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// Per-prompt Portkey headers (`portkey:` in a prompt file).
public struct PortkeyOptions: Sendable, Equatable {
    public var metadata: [String: JSONValue]?
    public var traceID: String?
    public var config: String?
    public var cacheNamespace: String?
    public var cacheForceRefresh: Bool?
    public var requestTimeoutMs: Int?

    public init(
        metadata: [String: JSONValue]? = nil, traceID: String? = nil, config: String? = nil,
        cacheNamespace: String? = nil, cacheForceRefresh: Bool? = nil, requestTimeoutMs: Int? = nil
    ) {
        self.metadata = metadata
        self.traceID = traceID
        self.config = config
        self.cacheNamespace = cacheNamespace
        self.cacheForceRefresh = cacheForceRefresh
        self.requestTimeoutMs = requestTimeoutMs
    }
}

/// A saved prompt: a Mustache template (or chat messages of templates) plus its defaults.
public struct Prompt: Sendable, Equatable {
    /// `tagline`, or `examples/tagline` for a bundled one.
    public var id: String
    public var name: String
    public var description: String?
    public var kind: PromptKind
    public var model: String?
    public var profile: String?
    /// The completion template (kind `completion`).
    public var template: String?
    /// Where `template` starts in the file.
    public var templateLine: Int
    public var templateColumn: Int
    /// The chat messages (kind `chat`).
    public var messages: [MessageTemplate]
    /// Declared variable metadata, in file order.
    public var variables: [VariableSpec]
    /// Default hyperparameters.
    public var parameters: [String: JSONValue]
    public var portkey: PortkeyOptions?
    /// A prompt hosted on Portkey: `id`, `id@12`, `id@production`.
    public var portkeyPromptID: String?
    /// Opt-in HTML escaping of `{{var}}` (off by default: prompts are not HTML).
    public var htmlEscape: Bool
    /// The file it came from, as shown in messages (`examples/tagline.yaml` for bundled ones).
    public var sourcePath: String
    /// The file's full text, kept so history can record the template exactly as used.
    public var sourceText: String
    /// `checks:`: run on every choice of every run of the prompt when it ends.
    public var checks: [CheckSpec] = []
    /// `dataset:`: the rows `promptdeck eval` runs, a path relative to the prompt file.
    public var dataset: String? = nil
    /// `tools:` (chat): OpenAI function tools, each `{"type": "function", "function": {name, description,
    /// parameters}}`.
    public var tools: [JSONValue] = []
    /// `tool_choice:`: `auto`, `none`, `required`, or `{"type": "function", "function": {"name": ...}}`.
    public var toolChoice: JSONValue?
    /// `mock:`: a canned result (JSON text) per tool name, offered when a call needs an answer.
    public var mocks: [String: String] = [:]

    public init(
        id: String, name: String, description: String? = nil, kind: PromptKind, model: String? = nil,
        profile: String? = nil, template: String? = nil, templateLine: Int = 1, templateColumn: Int = 1,
        messages: [MessageTemplate] = [], variables: [VariableSpec] = [], parameters: [String: JSONValue] = [:],
        portkey: PortkeyOptions? = nil, portkeyPromptID: String? = nil, htmlEscape: Bool = false,
        sourcePath: String, sourceText: String = ""
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.kind = kind
        self.model = model
        self.profile = profile
        self.template = template
        self.templateLine = templateLine
        self.templateColumn = templateColumn
        self.messages = messages
        self.variables = variables
        self.parameters = parameters
        self.portkey = portkey
        self.portkeyPromptID = portkeyPromptID
        self.htmlEscape = htmlEscape
        self.sourcePath = sourcePath
        self.sourceText = sourceText
    }

    public func spec(for variable: String) -> VariableSpec? {
        variables.first { $0.name == variable }
    }
}

/// What a prompt rendered to.
public enum RenderedPrompt: Sendable, Equatable {
    case completion(String)
    case chat([ChatMessage])
}
