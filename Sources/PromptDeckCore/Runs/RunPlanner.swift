import Foundation

/// What a user asked to run: from `promptdeck run` flags or the TUI's form.
public struct RunInputs: Sendable, Equatable {
    public var promptID: String
    public var variables: [String: JSONValue]
    /// `--set k=v`: the highest parameter layer.
    public var overrides: [String: JSONValue]
    /// `--extra k=json`: provider-specific fields, unchecked.
    public var extras: [String: JSONValue]
    public var profileName: String?
    public var model: String?
    /// `--stream` / `--no-stream`; nil keeps the prompt's or profile's choice.
    public var stream: Bool?
    public var groupID: String?
    public var parentID: String?
    /// A recorded version to run instead of the file (`tagline@2`), looked up through `RunPlanner.versions`.
    public var version: PromptVersionSelector?
    /// Text to run instead of the file: a recorded version's, or a draft's. Wins over `version`.
    public var source: PromptSource?
    /// A conversation turn (chat prompts): the messages sent after the prompt's rendered ones, which are the
    /// earlier turns and this turn's user message or tool results. `ConversationChain` builds them (and
    /// `parentID`) from history: continue, regenerate, fork.
    public var conversation: [ConversationMessage] = []

    public init(
        promptID: String, variables: [String: JSONValue] = [:], overrides: [String: JSONValue] = [:],
        extras: [String: JSONValue] = [:], profileName: String? = nil, model: String? = nil, stream: Bool? = nil,
        groupID: String? = nil, parentID: String? = nil, version: PromptVersionSelector? = nil,
        source: PromptSource? = nil
    ) {
        self.version = version
        self.source = source
        self.promptID = promptID
        self.variables = variables
        self.overrides = overrides
        self.extras = extras
        self.profileName = profileName
        self.model = model
        self.stream = stream
        self.groupID = groupID
        self.parentID = parentID
    }
}

/// A run ready to start: everything resolved, validated and built, and its first history record.
public struct PreparedRun: Sendable {
    public var prompt: Prompt
    public var profile: Profile
    public var parameters: ParameterSet
    public var rendered: RenderedPrompt?
    public var request: BuiltRequest
    public var record: RunRecord
    public var warnings: [Diagnostic]
    /// What a comparison header shows as `version=…` when the run does not use the file as it is:
    /// `2`, `production (3)`, `draft`. Nil for the file.
    public var versionLabel: String?
}

/// Turns `RunInputs` into a `PreparedRun`: load the prompt, pick the profile, layer and check the
/// parameters, render the template, build the request. Pure apart from reading prompt files.
public struct RunPlanner: Sendable {
    public var library: PromptLibrary
    public var configuration: Configuration
    public var environment: [String: String]
    /// Asked for the server's models when a run has no model from the prompt, the profile or `--model`:
    /// a server with exactly one is used (with a warning). Nil keeps the plain "no model" error.
    public var modelDiscovery: (any ModelListing)?
    /// Where `RunInputs.version` is looked up (history). Nil: a run that names a version fails with a message.
    public var versions: (any PromptVersionLookup)?
    /// Where `portkey:` prompt ids are fetched (Portkey's library). Nil: such an id fails with a message.
    public var portkey: (any PortkeyPromptLoading)? = nil

    public init(
        library: PromptLibrary, configuration: Configuration,
        environment: [String: String] = ProcessEnvironment.current,
        modelDiscovery: (any ModelListing)? = nil, versions: (any PromptVersionLookup)? = nil
    ) {
        self.versions = versions
        self.library = library
        self.configuration = configuration
        self.environment = environment
        self.modelDiscovery = modelDiscovery
    }

    /// Prepares a run of the prompt file, or of `inputs.source` / `inputs.version` when given.
    public func prepare(_ inputs: RunInputs, requireKeys: Bool = true) throws(DiagnosticList) -> PreparedRun {
        let loaded = try loadPrompt(for: inputs)
        do {
            var prepared = try prepare(
                inputs, prompt: loaded.prompt, warnings: loaded.warnings, partials: loaded.source?.partials,
                requireKeys: requireKeys)
            prepared.versionLabel = loaded.source?.label
            prepared.record.versionNumber = loaded.source?.versionNumber
            return prepared
        } catch {
            // The file's warnings (an unknown key, say) often explain the error: keep them with it.
            throw DiagnosticList(loaded.warnings + error.diagnostics)
        }
    }

    /// Prepares a run of an already-loaded prompt (re-runs pass the prompt recorded in history).
    public func prepare(
        _ inputs: RunInputs, prompt: Prompt, warnings: [Diagnostic] = [], partials: [String: String]? = nil,
        requireKeys: Bool = true
    ) throws(DiagnosticList) -> PreparedRun {
        let profile: Profile
        do {
            profile = try configuration.resolveProfile(inputs.profileName ?? prompt.profile)
        } catch {
            throw DiagnosticList([error])
        }
        let prompt = try Self.applyToolOverrides(inputs, to: prompt)
        let parameters = try layerParameters(inputs, prompt: prompt, profile: profile)
        let hosted = prompt.portkeyPromptID != nil && profile.type == .portkeyHosted
        var allWarnings = warnings
        var rendered: RenderedPrompt?
        var partialsUsed: [String: String] = [:]
        var variables = inputs.variables
        if !hosted || prompt.template != nil || !prompt.messages.isEmpty {
            let output = try library.render(prompt, values: inputs.variables, partials: partials)
            rendered = output.rendered
            partialsUsed = output.partials
            allWarnings += output.warnings
        }
        for spec in prompt.variables where variables[spec.name] == nil {
            if let value = spec.defaultValue { variables[spec.name] = value }
        }
        var model = inputs.model
        if !hosted, model == nil {
            if let served = try discoverModel(prompt: prompt, profile: profile) {
                model = served.model
                allWarnings.append(served.warning)
            }
        }
        let built: BuiltRequest
        do {
            built = try RequestBuilder(environment: environment).build(
                prompt: prompt, rendered: hosted ? nil : rendered, variables: variables, parameters: parameters,
                profile: profile, model: model, requireKeys: requireKeys, conversation: inputs.conversation)
        } catch {
            throw DiagnosticList([error])
        }
        var record = RunRecord(
            id: HistoryStore.newRunID(), promptID: prompt.id, promptName: prompt.name,
            templateSource: prompt.sourceText, partials: partialsUsed,
            renderedPrompt: rendered.map { Self.text(of: $0) } ?? "",
            kind: prompt.kind.rawValue, profileName: profile.name, endpointURL: built.spec.url, model: built.model,
            variables: .object(variables), parameters: .object(parameters.bodyFields),
            requestBody: String(decoding: built.spec.body ?? Data(), as: UTF8.self),
            requestHeaders: built.spec.maskedHeaders,
            streamed: parameters.stream, groupID: inputs.groupID, parentID: inputs.parentID)
        record.status = .running
        record.conversation = inputs.conversation
        return PreparedRun(
            prompt: prompt, profile: profile, parameters: parameters, rendered: rendered, request: built,
            record: record,
            warnings: allWarnings)
    }

    /// When nothing names a model and `modelDiscovery` is set: the server's only model and a warning saying
    /// so; an error listing the models when there are several, or saying why the server could not be asked.
    func discoverModel(prompt: Prompt, profile: Profile) throws(DiagnosticList) -> (model: String, warning: Diagnostic)?
    {
        guard let modelDiscovery, profile.type != .echo else { return nil }
        if let configured = profile.model ?? prompt.model, !configured.isEmpty { return nil }
        let url = ModelDiscovery.modelsURL(for: profile)
        let noModel = "no model: set model: in the prompt or the profile '\(profile.name)', or pass --model"
        func failure(_ reason: String) -> DiagnosticList {
            DiagnosticList([Diagnostic(file: prompt.sourcePath, field: "model", message: noModel + "; " + reason)])
        }
        let models: [String]
        do {
            models = try modelDiscovery.models(for: profile)
        } catch {
            throw failure("could not ask the server for its models: \(error.errorDescription ?? "\(error)")")
        }
        switch models.count {
        case 0:
            throw failure("the server lists no models (GET \(url))")
        case 1:
            let warning = Diagnostic(
                .warning, file: prompt.sourcePath, field: "model",
                message: "no model set: using the server's only model '\(models[0])' (from GET \(url))")
            return (models[0], warning)
        default:
            throw failure("the server offers \(models.count) models: \(models.joined(separator: ", ")) (GET \(url))")
        }
    }

    /// Prompt defaults < profile defaults < `--set` (and `--stream`), then checked against the prompt's kind.
    /// `tools` and `tool_choice` are taken out first (see `applyToolOverrides`).
    func layerParameters(_ inputs: RunInputs, prompt: Prompt, profile: Profile) throws(DiagnosticList) -> ParameterSet {
        var inputs = inputs
        for name in Self.toolFields { inputs.overrides[name] = nil }
        var parameters = ParameterSet()
        parameters.apply(
            prompt.parameters, source: ParameterSource(layer: .prompt, file: prompt.sourcePath),
            lines: Self.parameterLines(in: prompt.sourceText))
        parameters.apply(
            profile.defaults, source: ParameterSource(layer: .profile, file: profile.origin, line: profile.line))
        parameters.apply(inputs.overrides, source: ParameterSource(layer: .override, file: "--set"))
        if let stream = inputs.stream {
            parameters.set("stream", .bool(stream), source: ParameterSource(layer: .override, file: "--stream"))
        }
        parameters.applyExtras(inputs.extras)
        try parameters.validate(for: prompt.kind)
        return parameters
    }

    /// The line of each key under `parameters:` in a prompt file, so messages can point at it.
    static func parameterLines(in source: String) -> [String: Int] {
        var lines: [String: Int] = [:]
        var inParameters = false
        var indent: Int?
        for (number, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let leading = line.count - trimmed.count
            if leading == 0 {
                inParameters = trimmed.hasPrefix("parameters:")
                indent = nil
                continue
            }
            guard inParameters, let colon = trimmed.firstIndex(of: ":") else { continue }
            if indent == nil { indent = leading }
            if leading == indent { lines[String(trimmed[..<colon])] = number + 1 }
        }
        return lines
    }

    /// The rendered prompt as text: the completion prompt, or the messages as `role: content` lines.
    public static func text(of rendered: RenderedPrompt) -> String {
        switch rendered {
        case .completion(let text): return text
        case .chat(let messages): return messages.map { "\($0.role): \($0.content)" }.joined(separator: "\n\n")
        }
    }
}
