extension ParameterSet {
    /// Checks every value against its spec and the prompt's kind, and normalises spellings
    /// (`response_format: json_object` becomes `{"type": "json_object"}`). Returns all problems at once.
    public mutating func validate(for kind: PromptKind) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        for name in values.keys.sorted() {
            guard let value = values[name] else { continue }
            let source = sources[name] ?? ParameterSource(layer: .override, file: "--set")
            func problem(_ message: String) {
                problems.append(Diagnostic(file: source.file, line: source.line, field: name, message: message))
            }
            guard let spec = ParameterCatalog.spec(named: name, for: kind) else {
                if ParameterCatalog.isKnown(name) {
                    let fits = ParameterCatalog.all.filter { $0.name == name }.flatMap(\.kinds).map(\.rawValue)
                    problem(
                        "does not apply to \(kind.rawValue) prompts (only \(Set(fits).sorted().joined(separator: ", ")))"
                    )
                } else {
                    let hint = Self.nearestName(to: name).map { "; did you mean '\($0)'?" } ?? ""
                    problem("unknown parameter\(hint) (pass provider-specific fields with --extra \(name)=<json>)")
                }
                continue
            }
            switch Self.check(value, against: spec) {
            case .success(let normalised): values[name] = normalised
            case .failure(let message): problem(message)
            }
        }
        // Relations between fields.
        let n = values["n"]?.intValue ?? 1
        if kind == .completion, let bestOf = values["best_of"]?.intValue, bestOf < n {
            let source = sources["best_of"] ?? ParameterSource(layer: .override, file: "--set")
            problems.append(
                Diagnostic(
                    file: source.file, line: source.line, field: "best_of",
                    message: "best_of (\(bestOf)) must be >= n (\(n))"))
        }
        if kind == .chat, values["top_logprobs"] != nil, values["logprobs"]?.boolValue != true {
            let source = sources["top_logprobs"] ?? ParameterSource(layer: .override, file: "--set")
            problems.append(
                Diagnostic(
                    file: source.file, line: source.line, field: "top_logprobs",
                    message: "needs logprobs: true on chat prompts"))
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
    }

    enum Check: Equatable {
        case success(JSONValue)
        case failure(String)
    }

    static func check(_ value: JSONValue, against spec: ParameterSpec) -> Check {
        let shown = value.serialized()
        switch spec.type {
        case .integer(let range):
            guard let int = value.intValue else { return .failure("expected an integer, got \(shown)") }
            if let range, !range.contains(int) { return .failure("\(int) is out of range (\(spec.rangeDescription))") }
            return .success(value)
        case .number(let range):
            guard let number = value.doubleValue else { return .failure("expected a number, got \(shown)") }
            if !range.contains(number) {
                return .failure("\(JSONValue.format(number)) is out of range (\(spec.rangeDescription))")
            }
            return .success(value)
        case .boolean:
            if value.boolValue != nil { return .success(value) }
            if let s = value.stringValue, let b = Bool(s) { return .success(.bool(b)) }
            return .failure("expected true or false, got \(shown)")
        case .string:
            switch value {
            case .string: return .success(value)
            case .number, .bool: return .success(.string(value.serialized()))
            default: return .failure("expected a string, got \(shown)")
            }
        case .stringOrList(let maxCount):
            if value.stringValue != nil { return .success(value) }
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                return .failure("expected \(spec.rangeDescription), got \(shown)")
            }
            if items.count > maxCount {
                return .failure("\(items.count) stop sequences given; at most \(maxCount) are allowed")
            }
            return .success(value)
        case .responseFormat:
            if let s = value.stringValue {
                guard s == "json_object" || s == "text" else {
                    return .failure("expected json_object or text, got \(shown)")
                }
                return .success(.object(["type": .string(s)]))
            }
            if value["type"]?.stringValue != nil {
                if let problem = CheckSpec.problem(inResponseFormat: value) { return .failure(problem) }
                return .success(value)
            }
            return .failure("expected \(spec.rangeDescription), got \(shown)")
        case .toolChoice:
            switch PromptFileParser.toolChoice(value) {
            case .success(let choice): return .success(choice)
            case .failure(let message): return .failure(message)
            }
        case .toolList:
            guard let list = value.arrayValue else { return .failure("expected \(spec.rangeDescription)") }
            var tools: [JSONValue] = []
            for (index, item) in list.enumerated() {
                switch PromptFileParser.tool(item) {
                case .success(let tool): tools.append(tool)
                case .failure(let message): return .failure("tool \(index + 1): \(message)")
                }
            }
            return .success(.array(tools))
        case .logitBias:
            guard let object = value.objectValue else {
                return .failure("expected \(spec.rangeDescription), got \(shown)")
            }
            for (token, bias) in object {
                guard Int(token) != nil else { return .failure("token id '\(token)' is not an integer") }
                guard let b = bias.doubleValue, (-100...100).contains(b) else {
                    return .failure(
                        "bias for token \(token) must be a number from -100 to 100, got \(bias.serialized())")
                }
            }
            return .success(value)
        }
    }

    /// The problem with `value` for `spec` on its own (nil: it fits), as a run would word it.
    public static func problem(with value: JSONValue, for spec: ParameterSpec) -> String? {
        if case .failure(let message) = check(value, against: spec) { return message }
        return nil
    }

    static func nearestName(to name: String) -> String? {
        EditDistance.nearest(to: name, in: Set(ParameterCatalog.all.map(\.name)))
    }
}
