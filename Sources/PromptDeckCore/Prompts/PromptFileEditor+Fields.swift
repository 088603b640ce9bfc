import Yams

/// The top-level fields a save touches: `prompt:`, `name:`, `parameters:` and the variables' defaults.
extension PromptFileEditor {

    var rootStart: Int { source.offset(of: root) ?? 0 }

    func rootEntries(field: String) throws(PromptEditError) -> (entries: [MappingEntry], context: YAMLContext) {
        let result = try entries(of: root, at: rootStart, field: field)
        if result.context.flow {
            throw refusal(at: rootStart, field: field, "a prompt file written as one flow mapping is not spliced")
        }
        return result
    }

    /// Splices that insert new top-level entries before the first of `before` present (and the comment lines
    /// right above it), else after the last entry.
    func insertion(of lines: [String], before keys: [String], entries: [MappingEntry], context: YAMLContext)
        throws(PromptEditError) -> Splice
    {
        let text = lines.map { $0 + "\n" }.joined()
        if let next = entries.first(where: { keys.contains($0.key) }) {
            var line = source.line(containing: next.keyStart)
            while line > 0, source.isComment(line: line - 1), source.indentation(ofLine: line - 1) == context.indent {
                line -= 1
            }
            let at = source.lineStarts[line]
            if at > rootStart || line == source.line(containing: rootStart) { return Splice(at..<at, text) }
        }
        guard let last = entries.last else { return Splice(0..<0, text) }
        let end = try valueEnd(of: last, context: context, field: last.key)
        let line = source.line(containing: max(last.keyStart, end - 1))
        let at = source.end(ofLine: line)
        return Splice(at..<at, (source.hasBreak(line: line) ? "" : "\n") + text)
    }

    func topLevelStringSplices(_ key: String, _ value: String) throws(PromptEditError) -> [Splice] {
        let (entries, context) = try rootEntries(field: key)
        guard let entry = entries.first(where: { $0.key == key }) else {
            let before = key == "name" ? entries.first.map { [$0.key] } ?? [] : []
            return [
                try insertion(
                    of: blockEntry(key, .string(value), indent: context.indent), before: before, entries: entries,
                    context: context)
            ]
        }
        var splices: [Splice] = []
        try setValue(.string(value), of: entry, context: context, field: key, into: &splices)
        return splices
    }

    func parameterSplices(_ values: [String: JSONValue]) throws(PromptEditError) -> [Splice] {
        let (entries, context) = try rootEntries(field: "parameters")
        guard let entry = entries.first(where: { $0.key == "parameters" }) else {
            guard !values.isEmpty else { return [] }
            let lines = blockEntry("parameters", .object(values), indent: context.indent)
            return [
                try insertion(
                    of: lines, before: ["variables", "portkey", "prompt", "messages"], entries: entries,
                    context: context)
            ]
        }
        var splices: [Splice] = []
        try setValue(.object(values), of: entry, context: context, field: "parameters", into: &splices)
        return splices
    }

    func variableDefaultSplices(_ values: [String: JSONValue]) throws(PromptEditError) -> [Splice] {
        let (entries, context) = try rootEntries(field: "variables")
        guard let variables = entries.first(where: { $0.key == "variables" }), let start = variables.valueStart else {
            guard !values.isEmpty else { return [] }
            let object = values.mapValues { JSONValue.object(["default": $0]) }
            let lines = blockEntry("variables", .object(object), indent: context.indent)
            return [
                try insertion(of: lines, before: ["portkey", "prompt", "messages"], entries: entries, context: context)
            ]
        }
        if let problem = variables.problem { throw refusal(at: start, field: "variables", problem) }
        let (specs, inner) = try self.entries(of: variables.value, at: start, field: "variables")
        let missing = values.keys.filter { name in !specs.contains { $0.key == name } }.sorted()
        if inner.flow, !missing.isEmpty {
            return [try rewrittenFlowVariables(specs, at: start, context: inner, values: values, missing: missing)]
        }
        var splices: [Splice] = []
        for spec in specs {
            let field = "variables.\(spec.key)"
            guard let value = values[spec.key] else { continue }
            if spec.valueStart != nil, spec.value.mapping != nil,
                case .object(var fields) = YAMLSupport.json(from: spec.value)
            {
                guard let entryStart = spec.valueStart else { continue }
                if let problem = spec.problem { throw refusal(at: entryStart, field: field, problem) }
                fields["default"] = value
                try editMapping(spec.value, at: entryStart, to: fields, owner: nil, field: field, into: &splices)
            } else if inner.flow {
                splices += try replacement(
                    of: spec, context: inner,
                    with: ScalarText(inline: ScalarEmitter.inline(.object(["default": value]), flow: true)),
                    field: field)
            } else {
                // `name:` with no value (or null) becomes a mapping holding the default.
                let end = try valueEnd(of: spec, context: inner, field: field)
                let line = source.line(containing: max(spec.keyStart, end - 1))
                let lines = blockEntry("default", value, indent: inner.indent + Self.indentStep)
                splices.append(Splice(spec.colonEnd..<end, ""))
                let at = source.end(ofLine: line)
                splices.append(
                    Splice(at..<at, (source.hasBreak(line: line) ? "" : "\n") + lines.map { $0 + "\n" }.joined()))
            }
        }
        guard !missing.isEmpty, let last = specs.last else { return splices }
        let end = try valueEnd(of: last, context: inner, field: "variables")
        let line = source.line(containing: max(last.keyStart, end - 1))
        var text = source.hasBreak(line: line) ? "" : "\n"
        for name in missing {
            text += blockEntry(name, .object(["default": values[name] ?? .null]), indent: inner.indent).map {
                $0 + "\n"
            }.joined()
        }
        let at = source.end(ofLine: line)
        splices.append(Splice(at..<at, text))
        return splices
    }

    /// `variables: {...}` written again on one line with new variables added; untouched ones keep their text.
    private func rewrittenFlowVariables(
        _ specs: [MappingEntry], at start: Int, context: YAMLContext, values: [String: JSONValue], missing: [String]
    ) throws(PromptEditError) -> Splice {
        guard let (end, hasComment) = source.flowCollectionEnd(from: start), !hasComment else {
            throw refusal(
                at: start, field: "variables", "a flow mapping with comments inside would lose them when rewritten")
        }
        var items: [String] = []
        for spec in specs {
            guard let value = values[spec.key] else {
                items.append(source.text(spec.keyStart..<(try valueEnd(of: spec, context: context, field: spec.key))))
                continue
            }
            var fields = spec.valueStart == nil ? [:] : YAMLSupport.json(from: spec.value).objectValue ?? [:]
            fields["default"] = value
            items.append(
                source.text(spec.keyStart..<spec.colonEnd) + " " + ScalarEmitter.inline(.object(fields), flow: true))
        }
        for name in missing {
            items.append(
                ScalarEmitter.key(for: name, flow: true) + ": "
                    + ScalarEmitter.inline(.object(["default": values[name] ?? .null]), flow: true))
        }
        return Splice(start..<end, "{" + items.joined(separator: ", ") + "}", verbatim: true)
    }
}
