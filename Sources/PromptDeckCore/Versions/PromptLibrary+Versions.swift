/// What a prompt file's current content is, in the terms history keeps versions in.
extension PromptLibrary {
    /// The partials a prompt's templates use (through nested partials), by name: what a run records and
    /// what `HistoryStore.recordVersion` takes with the file's text.
    public func partials(usedBy prompt: Prompt) throws(DiagnosticList) -> [String: String] {
        try analyze(prompt).partials.mapValues(\.source.text)
    }

    /// The prompt file `id` as it is now: the prompt, its text and the partials it uses.
    public func currentContent(of id: String) throws(DiagnosticList) -> (
        prompt: Prompt, source: String, partials: [String: String]
    ) {
        let loaded = try load(id)
        return (loaded.prompt, loaded.prompt.sourceText, try partials(usedBy: loaded.prompt))
    }
}

extension PromptLibrary {
    /// The variables of `prompt` with `partials` (a recorded version's) instead of the library's, when given.
    public func variables(of prompt: Prompt, partials: [String: String]?) throws(DiagnosticList)
        -> [DiscoveredVariable]
    {
        try analyze(prompt, partials: partials).variables
    }
}
