/// Prompts as history recorded them: a re-run uses the template and partials of the original run,
/// even when the prompt file has changed since.
extension PromptLibrary {
    /// Parses a prompt file's text as recorded with a run (`RunRecord.templateSource`).
    public func prompt(recordedSource text: String, id: String, file: String) throws(DiagnosticList) -> Prompt {
        let result = PromptFileParser.parse(text, id: id, file: file)
        guard let prompt = result.prompt else { throw DiagnosticList(result.errors) }
        return prompt
    }

    /// A recorded partial, named for messages as coming from history.
    func recordedPartial(name: String, source: String) -> TemplateSource {
        TemplateSource(text: source, file: "partials/\(name).mustache (recorded)")
    }
}
