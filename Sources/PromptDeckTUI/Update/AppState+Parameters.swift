import PromptDeckCore

extension AppState {
    /// Every parameter valid for the prompt's kind, in catalogue order.
    /// A chat prompt with tools lists `tool_choice` and `tools` after them (typed values override the file's).
    public var parameterSpecs: [ParameterSpec] {
        let specs = ParameterCatalog.specs(for: detail?.prompt.kind ?? .chat)
        guard let prompt = detail?.prompt, prompt.kind == .chat, !prompt.tools.isEmpty || prompt.toolChoice != nil
        else { return specs }
        return specs + ParameterCatalog.toolFields
    }

    /// Where a parameter's value comes from now.
    public enum ParameterOrigin: String, Sendable { case typed = "set", profile, prompt, api = "default", recorded }

    /// The value a run would send for `name` (typed > profile > prompt), and where it came from.
    public func parameterValue(_ name: String) -> (value: JSONValue?, origin: ParameterOrigin) {
        if let value = editedColumn?.variant.overrides[name] { return (value, .typed) }
        if let id = detail?.prompt.id, let value = overrides[id]?[name] { return (value, .typed) }
        if let value = activeProfile?.defaults[name] { return (value, .profile) }
        if let value = detail?.prompt.parameters[name] { return (value, .prompt) }
        if name == "tool_choice", let choice = detail?.prompt.toolChoice { return (choice, .prompt) }
        if name == "tools", let tools = detail?.prompt.tools, !tools.isEmpty { return (.array(tools), .prompt) }
        return (nil, .api)
    }

    func effectiveParameter(_ name: String) -> JSONValue? { parameterValue(name).value }

    /// The problem with typing `text` for `name`, checked with the other values as a run would check them.
    func parameterProblem(_ name: String, text: String) -> String? {
        guard let detail else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }  // empty: back to the default
        // A schema file is read (and checked) when the value is kept.
        if name == "response_format", ResponseFormatFile.isReference(trimmed) { return nil }
        if let spec = ParameterCatalog.toolFields.first(where: { $0.name == name }) {
            return ParameterSet.problem(with: KeyValueArgument.parameterValue(text), for: spec)
        }
        var typed = overrides[detail.prompt.id] ?? [:]
        typed.merge(editedColumn?.variant.overrides ?? [:]) { _, column in column }
        // The tool fields are the prompt's, not hyperparameters: they are checked on their own.
        for field in ParameterCatalog.toolFields { typed[field.name] = nil }
        typed[name] = KeyValueArgument.parameterValue(text)
        var set = ParameterSet()
        set.apply(detail.prompt.parameters, source: ParameterSource(layer: .prompt, file: detail.prompt.sourcePath))
        set.apply(activeProfile?.defaults ?? [:], source: ParameterSource(layer: .profile, file: "profile"))
        set.apply(typed, source: ParameterSource(layer: .override, file: "typed"))
        do {
            try set.validate(for: detail.prompt.kind)
            return nil
        } catch {
            let problems = error.diagnostics.filter { $0.field == name }
            return (problems.first ?? error.diagnostics.first).map {
                $0.field == name ? $0.message : "\($0.field ?? name): \($0.message)"
            }
        }
    }

    var selectedParameter: ParameterSpec? {
        let specs = parameterSpecs
        return specs.indices.contains(parameterCursor) ? specs[parameterCursor] : nil
    }

    mutating func editParameter() -> [Effect] {
        guard let spec = selectedParameter, detail != nil else { return [] }
        if spec.type == .boolean { return stepParameter(by: 1) }
        let current = effectiveParameter(spec.name).map { $0.stringValue ?? $0.serialized() } ?? ""
        inlineEdit = InlineEdit(target: .parameter(spec.name), text: current)
        return []
    }

    mutating func commitParameter(_ name: String, text: String) -> [Effect] {
        guard let detail else { return [] }
        if name == "response_format", ResponseFormatFile.isReference(text) {
            statusMessage = StatusMessage(.info, "reading the schema \(TerminalSafeText.make(text))…")
            return [
                .readResponseFormat(promptID: detail.prompt.id, reference: text, promptPath: detail.prompt.sourcePath)
            ]
        }
        let empty = text.trimmingCharacters(in: .whitespaces).isEmpty
        setTypedParameter(name, empty ? nil : KeyValueArgument.parameterValue(text))
        parameterError = nil
        return []
    }

    /// A schema file was read for `response_format`: it is the typed value (the panel shows it).
    mutating func receiveResponseFormat(promptID: String, reference: String, value: JSONValue) {
        guard detail?.prompt.id == promptID else { return }
        setTypedParameter("response_format", value)
        let name = value["json_schema"]?["name"]?.stringValue.map { " \($0)" } ?? ""
        statusMessage = StatusMessage(
            .info, "response_format: the schema\(TerminalSafeText.make(name)) from \(TerminalSafeText.make(reference))")
    }

    mutating func resetParameter() -> [Effect] {
        guard let spec = selectedParameter, detail != nil else { return [] }
        setTypedParameter(spec.name, nil)
        parameterError = nil
        statusMessage = StatusMessage(.info, "\(spec.name) reset to its default")
        return []
    }

    /// ←/→ on a parameter: numbers move by a step inside their range, booleans flip.
    mutating func stepParameter(by direction: Int) -> [Effect] {
        guard let spec = selectedParameter, detail != nil else { return [] }
        let current = effectiveParameter(spec.name) ?? spec.apiDefault
        let next: JSONValue
        switch spec.type {
        case .boolean:
            next = .bool(!(current?.boolValue ?? false))
        case .number(let range):
            let step = range.upperBound - range.lowerBound > 10 ? 1.0 : 0.1
            let value = (current?.doubleValue ?? range.lowerBound) + Double(direction) * step
            next = .number(((min(max(value, range.lowerBound), range.upperBound)) * 10).rounded() / 10)
        case .integer(let range):
            let step = spec.name.hasSuffix("tokens") ? 16 : 1
            var value = (current?.intValue ?? range?.lowerBound ?? 0) + direction * step
            if let range { value = min(max(value, range.lowerBound), range.upperBound) }
            next = .int(value)
        case .toolChoice:
            // ←/→ step through auto, none, required and each tool by name.
            let names = (detail?.prompt.tools ?? []).compactMap { $0["function"]?["name"]?.stringValue }
            let choices: [JSONValue] = ["auto", "none", "required"] + names.map { .string($0) }
            let shown = current.map { $0["function"]?["name"] ?? $0 } ?? "auto"
            let position = choices.firstIndex(of: shown) ?? 0
            next = choices[(position + direction + choices.count) % choices.count]
        default:
            parameterError = "\(spec.name): press Enter to type a value (\(spec.rangeDescription))"
            return []
        }
        if let problem = parameterProblem(spec.name, text: next.serialized()) {
            parameterError = problem
            return []
        }
        setTypedParameter(spec.name, next)
        parameterError = nil
        return []
    }

    /// Sets (nil: removes) a typed value: the focused column's in compare mode, else the prompt's.
    mutating func setTypedParameter(_ name: String, _ value: JSONValue?) {
        if editedColumn != nil, var compare {
            compare.columns[compare.focused].variant.overrides[name] = value
            compare.columns[compare.focused].isEdited = true
            compare.madeBySweep = false
            self.compare = compare
            return
        }
        guard let id = detail?.prompt.id else { return }
        if let value {
            overrides[id, default: [:]][name] = value
        } else {
            overrides[id]?[name] = nil
        }
    }

    /// The column whose settings the parameters panel and pickers show and change (compare mode).
    var editedColumn: CompareColumn? {
        guard isComparing, let compare, compare.columns.indices.contains(compare.focused) else { return nil }
        return compare.columns[compare.focused]
    }
}
