import PromptDeckCore

/// A loaded prompt and what discovery found in its templates.
public struct PromptDetail: Equatable, Sendable {
    public var prompt: Prompt
    public var variables: [DiscoveredVariable]

    /// Creates a detail.
    public init(prompt: Prompt, variables: [DiscoveredVariable]) {
        self.prompt = prompt
        self.variables = variables
    }

    /// The template text as shown: the completion template, or each message as `role:` plus content.
    public var templateText: String {
        switch prompt.kind {
        case .completion: return prompt.template ?? "(hosted prompt \(prompt.portkeyPromptID ?? ""))"
        case .chat:
            if prompt.messages.isEmpty { return "(hosted prompt \(prompt.portkeyPromptID ?? ""))" }
            return prompt.messages.map { "\($0.role):\n\($0.content)" }.joined(separator: "\n\n")
        }
    }
}

/// What the render preview shows: the exact request a run would send.
public struct PreviewContent: Equatable, Sendable {
    public var method: String
    public var url: String
    /// Headers with secrets masked.
    public var headers: [HTTPHeader]
    /// The JSON body exactly as it would be sent.
    public var body: String
    public var warnings: [String]

    /// Creates preview content.
    public init(method: String, url: String, headers: [HTTPHeader], body: String, warnings: [String] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.warnings = warnings
    }
}
