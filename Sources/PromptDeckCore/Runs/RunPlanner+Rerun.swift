/// Re-runs: the same request again as a new run whose parent is the old one.
extension RunPlanner {
    /// What a re-run may change; anything left nil or empty stays as recorded.
    public struct RerunOverrides: Sendable, Equatable {
        public var variables: [String: JSONValue]
        public var parameters: [String: JSONValue]
        public var profileName: String?
        public var model: String?

        public init(
            variables: [String: JSONValue] = [:], parameters: [String: JSONValue] = [:], profileName: String? = nil,
            model: String? = nil
        ) {
            self.variables = variables
            self.parameters = parameters
            self.profileName = profileName
            self.model = model
        }
    }

    /// Prepares a re-run of `record` from what history recorded (the prompt file's text and partials as
    /// they were, the variables, the effective parameters, the profile and model), changing only what
    /// `overrides` names. The prompt file may have changed or gone since: the recorded template is used.
    public func prepareRerun(of record: RunRecord, overrides: RerunOverrides) throws(DiagnosticList) -> PreparedRun {
        var prompt = try library.prompt(
            recordedSource: record.templateSource, id: record.promptID,
            file: "\(record.promptID).yaml (recorded in run \(record.id))")
        // The recorded text is history's, not the user's file: its command checks do not run.
        prompt.checks = prompt.checks.map(\.fromHistory)
        var variables = record.variables.objectValue ?? [:]
        for (key, value) in overrides.variables { variables[key] = value }
        var parameters: [String: JSONValue] = [:]
        var extras: [String: JSONValue] = [:]
        for (name, value) in record.parameters.objectValue ?? [:] {
            if ParameterCatalog.spec(named: name, for: prompt.kind) != nil {
                parameters[name] = value
            } else {
                extras[name] = value
            }
        }
        for (name, value) in overrides.parameters {
            parameters[name] = value
            extras[name] = nil
        }
        var inputs = RunInputs(
            promptID: record.promptID, variables: variables, overrides: parameters, extras: extras,
            profileName: overrides.profileName ?? record.profileName,
            model: overrides.model ?? (overrides.profileName == nil ? record.model : nil), parentID: record.id)
        // A conversation turn is re-run with the same earlier turns.
        inputs.conversation = record.conversation
        return try prepare(inputs, prompt: prompt, partials: record.partials)
    }
}
