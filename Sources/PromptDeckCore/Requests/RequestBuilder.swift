import Foundation

/// A request ready to send, with the body also as a value (for `render --json` and history).
public struct BuiltRequest: Sendable, Equatable {
    public var spec: HTTPRequestSpec
    public var body: JSONValue
    public var model: String
    /// Key variables the profile names that are not set (only when keys were not required).
    public var unsetKeyVariables: [String]
}

/// Pure: (prompt, rendered text, parameters, profile) -> the exact request. No I/O but reading key variables.
public struct RequestBuilder: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessEnvironment.current) {
        self.environment = environment
    }

    /// Builds the request. `variables` are needed for Portkey-hosted prompts, which render server-side.
    /// With `requireKeys`, a named key variable that is unset is an error; without, the header is left out and reported.
    /// `conversation` (chat only) follows the prompt's rendered messages: earlier turns, with assistant
    /// `tool_calls` and `tool` results, and the new user turn. The prompt's `tools` and `tool_choice` are sent.
    public func build(
        prompt: Prompt, rendered: RenderedPrompt?, variables: [String: JSONValue], parameters: ParameterSet,
        profile: Profile, model overrideModel: String? = nil, requireKeys: Bool = true,
        conversation: [ConversationMessage] = []
    ) throws(Diagnostic) -> BuiltRequest {
        let model = overrideModel ?? profile.model ?? prompt.model ?? (profile.type == .echo ? "echo" : nil)
        let base = profile.baseURL.hasSuffix("/") ? String(profile.baseURL.dropLast()) : profile.baseURL
        var body: [String: JSONValue] = [:]
        let url: String
        let hostedID = profile.type == .portkeyHosted ? prompt.portkeyPromptID : nil
        if let hostedID {
            guard conversation.isEmpty else {
                throw Diagnostic(
                    file: prompt.sourcePath, field: "portkey_prompt_id",
                    message: "a Portkey-hosted prompt cannot be continued: its messages live on Portkey")
            }
            url = base + "/prompts/" + Self.pathEscape(hostedID) + "/completions"
            body["variables"] = .object(
                variables.mapValues { $0.stringValue.map(JSONValue.string) ?? .string($0.serialized()) })
            if let overrideModel { body["model"] = .string(overrideModel) }
        } else {
            guard let rendered else {
                throw Diagnostic(
                    file: prompt.sourcePath, field: "portkey_prompt_id",
                    message:
                        "this prompt is hosted on Portkey and has no local template; run it with a portkey-hosted profile"
                )
            }
            guard let model, !model.isEmpty else {
                throw Diagnostic(
                    file: prompt.sourcePath, field: "model",
                    message: "no model: set model: in the prompt or the profile '\(profile.name)', or pass --model")
            }
            body["model"] = .string(model)
            switch rendered {
            case .completion(let text):
                url = base + "/completions"
                body["prompt"] = .string(text)
            case .chat(let messages):
                url = base + "/chat/completions"
                body["messages"] = .array(
                    messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }
                        + conversation.map(\.json))
            }
        }
        if !conversation.isEmpty, case .completion? = rendered {
            throw Diagnostic(
                file: prompt.sourcePath, field: "kind", message: "a conversation needs a chat prompt (kind: chat)")
        }
        if !prompt.tools.isEmpty, hostedID == nil { body["tools"] = .array(prompt.tools) }
        if let toolChoice = prompt.toolChoice, hostedID == nil { body["tool_choice"] = toolChoice }
        for (name, value) in parameters.bodyFields { body[name] = value }
        let stream = parameters.stream
        body["stream"] = .bool(stream)
        if stream, profile.streamUsage, profile.type != .echo, hostedID == nil, body["stream_options"] == nil {
            body["stream_options"] = .object(["include_usage": .bool(true)])
        }

        var headers = [HTTPHeader("Content-Type", "application/json")]
        headers.append(HTTPHeader("Accept", stream ? "text/event-stream" : "application/json"))
        headers.append(HTTPHeader("User-Agent", "promptdeck/\(PromptDeckVersion.string)"))
        if profile.type == .portkey, profile.provider == nil, profile.config == nil, prompt.portkey?.config == nil {
            throw Diagnostic(
                file: profile.origin, line: profile.line, field: "profiles.\(profile.name).provider",
                message: "the Portkey gateway needs provider: (or config:) to know where to send the request")
        }
        let shared = try ProfileHeaders.make(
            profile: profile, environment: environment, portkey: prompt.portkey, requireKeys: requireKeys)
        headers += shared.headers
        let secrets = shared.secrets
        let sources = shared.sources
        let unset = shared.unset

        let bodyValue = JSONValue.object(body)
        let spec = HTTPRequestSpec(
            method: "POST", url: url, headers: headers, body: bodyValue.serializedData(), secretHeaderNames: secrets,
            secretSources: sources)
        return BuiltRequest(spec: spec, body: bodyValue, model: model ?? "", unsetKeyVariables: unset)
    }

    /// Builds Portkey's `/prompts/:id/render` request for a hosted prompt.
    public func buildHostedRender(
        prompt: Prompt, variables: [String: JSONValue], parameters: ParameterSet, profile: Profile
    ) throws(Diagnostic) -> BuiltRequest {
        var built = try build(
            prompt: prompt, rendered: nil, variables: variables, parameters: parameters, profile: profile)
        built.spec.url = built.spec.url.replacingOccurrences(of: "/completions", with: "/render", options: .backwards)
        return built
    }

    static func pathEscape(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
