/// `--set tools=[...]` and `--set tool_choice=...`: they override the prompt file's `tools:` and
/// `tool_choice:` rather than being hyperparameters.
extension RunPlanner {
    static let toolFields = ["tools", "tool_choice"]

    static func applyToolOverrides(_ inputs: RunInputs, to prompt: Prompt) throws(DiagnosticList) -> Prompt {
        var prompt = prompt
        var problems: [Diagnostic] = []
        if let value = inputs.overrides["tool_choice"] {
            switch PromptFileParser.toolChoice(value) {
            case .success(let choice): prompt.toolChoice = choice
            case .failure(let message):
                problems.append(Diagnostic(file: "--set", field: "tool_choice", message: message))
            }
        }
        if let value = inputs.overrides["tools"] {
            guard let list = value.arrayValue else {
                throw DiagnosticList([
                    Diagnostic(file: "--set", field: "tools", message: "expected a JSON list of function definitions")
                ])
            }
            prompt.tools = []
            for (index, item) in list.enumerated() {
                switch PromptFileParser.tool(item) {
                case .success(let tool): prompt.tools.append(tool)
                case .failure(let message):
                    problems.append(Diagnostic(file: "--set", field: "tools[\(index)]", message: message))
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return prompt
    }
}
