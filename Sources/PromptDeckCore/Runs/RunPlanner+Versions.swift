/// Runs of a recorded version or a draft instead of the prompt file as it is on disk.
extension RunPlanner {
    /// A prompt ready to plan, and the explicit source it came from (nil: the file).
    public struct LoadedSource: Sendable {
        public var prompt: Prompt
        public var warnings: [Diagnostic]
        public var source: PromptSource?
    }

    /// Loads what `inputs` asks to run: `inputs.source` when set, else the version `inputs.version` names
    /// (through `versions`), else the prompt file.
    public func loadPrompt(for inputs: RunInputs) throws(DiagnosticList) -> LoadedSource {
        if let source = inputs.source {
            return try loaded(source, id: inputs.promptID)
        }
        if PortkeyPromptID.isPortkey(inputs.promptID) {
            guard let portkey else {
                throw DiagnosticList([
                    Diagnostic(file: inputs.promptID, message: "Portkey's prompt library is not available here")
                ])
            }
            return try portkey.loadSource(
                PromptReference(promptID: inputs.promptID, selector: inputs.version), profileName: inputs.profileName)
        }
        if let selector = inputs.version {
            let reference = PromptReference(promptID: inputs.promptID, selector: selector)
            return try loaded(try source(for: reference), id: inputs.promptID)
        }
        let file = try library.load(inputs.promptID)
        return LoadedSource(prompt: file.prompt, warnings: file.warnings, source: nil)
    }

    /// The recorded text of the version `reference` names, as a run source.
    public func source(for reference: PromptReference) throws(DiagnosticList) -> PromptSource {
        guard let versions else {
            throw DiagnosticList([
                Diagnostic(file: reference.description, message: "prompt versions need the history, which is off")
            ])
        }
        do {
            return try versions.version(reference).runSource(selectedBy: reference.selector)
        } catch {
            throw DiagnosticList([error.diagnostic])
        }
    }

    /// The number of the version whose content `record` used, if history already has it (for headers).
    func existingVersionNumber(of record: RunRecord) -> Int? {
        try? versions?.existingVersion(
            promptID: record.promptID, source: record.templateSource, partials: record.partials)?.number
    }

    private func loaded(_ source: PromptSource, id: String) throws(DiagnosticList) -> LoadedSource {
        let result = PromptFileParser.parse(source.text, id: id, file: source.file)
        guard var prompt = result.prompt else { throw DiagnosticList(result.errors + result.warnings) }
        // A version's text comes from history: its command checks do not run (a draft's do: it is the user's).
        if source.versionNumber != nil { prompt.checks = prompt.checks.map(\.fromHistory) }
        return LoadedSource(prompt: prompt, warnings: result.warnings, source: source)
    }
}
