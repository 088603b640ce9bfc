/// Variable discovery and rendering of a library's prompts (partials resolve through the library).
extension PromptLibrary {
    /// The variables a prompt's templates use, in order of first use, through sections, partials and all messages.
    public func variables(of prompt: Prompt) throws(DiagnosticList) -> [DiscoveredVariable] {
        try analyze(prompt).variables
    }

    /// Renders a prompt with `values` (defaults from `variables:` fill the gaps); see `VariableCoercion` for how
    /// text values are read for bool, list and json variables. `partials`, when given, replaces the library's
    /// partials (a re-run renders with the partials recorded in history).
    public func render(
        _ prompt: Prompt, values: [String: JSONValue], partials: [String: String]? = nil
    ) throws(DiagnosticList) -> RenderOutput {
        let sources = Self.templateSources(of: prompt)
        let analysis = try analyze(prompt, partials: partials)
        let context = try VariableCoercion(analysis: analysis, specs: prompt.variables).context(for: values)
        let outputs = try TemplateRenderer(htmlEscape: prompt.htmlEscape).render(
            sources, analysis: analysis, context: context)
        let rendered: RenderedPrompt
        switch prompt.kind {
        case .completion:
            rendered = .completion(outputs.first ?? "")
        case .chat:
            rendered = .chat(zip(prompt.messages, outputs).map { ChatMessage(role: $0.role, content: $1) })
        }
        let known = Set(analysis.variables.map(\.name) + prompt.variables.map(\.name))
        let warnings = values.keys.sorted().filter { !known.contains($0) }.map { name in
            Diagnostic(
                .warning, file: "--var", field: name,
                message: "'\(name)' is not a variable of this prompt\(NameSuggestion.hint(for: name, in: known))")
        }
        return RenderOutput(
            rendered: rendered, partials: analysis.partials.mapValues(\.source.text), warnings: warnings)
    }

    func analyze(_ prompt: Prompt, partials: [String: String]? = nil) throws(DiagnosticList)
        -> TemplateAnalyzer.Analysis
    {
        let searched = partials == nil ? partialSearchDescription(for: prompt) : "the partials recorded with this run"
        var analyzer = TemplateAnalyzer(
            specs: prompt.variables,
            resolvePartial: { name in
                if let partials { return partials[name].map { self.recordedPartial(name: name, source: $0) } }
                return self.partial(named: name, for: prompt)
            },
            unknownPartialMessage: { name in "unknown partial '\(name)': no \(name).mustache in \(searched)" })
        let analysis = analyzer.analyze(Self.templateSources(of: prompt))
        if !analysis.diagnostics.isEmpty { throw DiagnosticList(analysis.diagnostics) }
        return analysis
    }

    /// The templates of a prompt with where each starts in its file (none for a Portkey-hosted prompt).
    static func templateSources(of prompt: Prompt) -> [TemplateSource] {
        switch prompt.kind {
        case .completion:
            guard let template = prompt.template else { return [] }
            return [
                TemplateSource(
                    text: template, file: prompt.sourcePath, line: prompt.templateLine, column: prompt.templateColumn,
                    field: "prompt")
            ]
        case .chat:
            return prompt.messages.enumerated().map { index, message in
                TemplateSource(
                    text: message.content, file: prompt.sourcePath, line: message.contentLine,
                    column: message.contentColumn, field: "messages[\(index)].content")
            }
        }
    }
}
