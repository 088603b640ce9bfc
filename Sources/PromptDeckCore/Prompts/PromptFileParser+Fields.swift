import Yams

/// Typed readers for the fields of a prompt file; each records an error naming the field when the type is wrong.
extension PromptFileParser {
    static let variableKeys = ["default", "description", "type"]
    static let portkeyKeys = [
        "metadata", "trace_id", "config", "cache_namespace", "cache_force_refresh", "request_timeout",
    ]
    static let messageKeys = ["role", "content"]
    static let roles = ["system", "developer", "user", "assistant", "tool"]

    mutating func string(_ node: Node, field: String) -> String? {
        guard let scalar = node.scalar else {
            fail(node, "expected text, got \(Self.describe(node))", field: field)
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ node: Node, field: String) -> Bool? {
        if let scalar = node.scalar, let value = Bool.construct(from: scalar) { return value }
        fail(node, "expected true or false, got \(Self.describe(node))", field: field)
        return nil
    }

    mutating func integer(_ node: Node, field: String) -> Int? {
        if let scalar = node.scalar, let value = Int.construct(from: scalar) { return value }
        fail(node, "expected a whole number, got \(Self.describe(node))", field: field)
        return nil
    }

    mutating func object(_ node: Node, field: String) -> [String: JSONValue]? {
        guard node.mapping != nil, case .object(let object) = YAMLSupport.json(from: node) else {
            fail(node, "expected a mapping, got \(Self.describe(node))", field: field)
            return nil
        }
        return object
    }

    mutating func variables(_ node: Node) -> [VariableSpec] {
        guard let mapping = node.mapping else {
            fail(
                node, "expected a mapping of variable name to {default, description, type}, got \(Self.describe(node))",
                field: "variables")
            return []
        }
        var specs: [VariableSpec] = []
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            let field = "variables.\(name)"
            var spec = VariableSpec(name: name)
            if case .scalar(let scalar) = value,
                scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null"
            {
                specs.append(spec)
                continue
            }
            guard let entry = value.mapping else {
                fail(
                    value, "expected a mapping with default, description and type, got \(Self.describe(value))",
                    field: field)
                continue
            }
            warnUnknownKeys(in: entry, known: Self.variableKeys, path: field)
            spec.description = entry["description"].flatMap { string($0, field: "\(field).description") }
            if let typeNode = entry["type"], let typeName = string(typeNode, field: "\(field).type") {
                if let type = VariableType(rawValue: typeName) {
                    spec.type = type
                } else {
                    let choices = VariableType.allCases.map(\.rawValue)
                    fail(
                        typeNode,
                        "expected text, multiline, json, bool or list, got '\(typeName)'\(NameSuggestion.hint(for: typeName, in: choices))",
                        field: "\(field).type")
                }
            }
            if let defaultNode = entry["default"] {
                spec.defaultValue = YAMLSupport.json(from: defaultNode)
                if spec.type == .json, case .string(let text)? = spec.defaultValue {
                    do {
                        _ = try JSONValue.parse(text)
                    } catch {
                        // Point at the bad character: exact for one-line and literal block values.
                        let start = contentStart(of: defaultNode)
                        errors.append(
                            Diagnostic(
                                file: file, line: start.line + error.line - 1, column: start.column + error.column - 1,
                                field: "\(field).default", message: "not valid JSON: \(error.message)"))
                    }
                }
            }
            specs.append(spec)
        }
        return specs
    }

    mutating func portkey(_ node: Node) -> PortkeyOptions? {
        guard let mapping = node.mapping else {
            fail(
                node, "expected a mapping (metadata, trace_id, config...), got \(Self.describe(node))", field: "portkey"
            )
            return nil
        }
        warnUnknownKeys(in: mapping, known: Self.portkeyKeys, path: "portkey")
        var options = PortkeyOptions()
        options.metadata = mapping["metadata"].flatMap { object($0, field: "portkey.metadata") }
        options.traceID = mapping["trace_id"].flatMap { string($0, field: "portkey.trace_id") }
        if let config = mapping["config"] {
            if config.mapping != nil {
                options.config = YAMLSupport.json(from: config).serialized()
            } else {
                options.config = string(config, field: "portkey.config")
            }
        }
        options.cacheNamespace = mapping["cache_namespace"].flatMap { string($0, field: "portkey.cache_namespace") }
        options.cacheForceRefresh = mapping["cache_force_refresh"].flatMap {
            bool($0, field: "portkey.cache_force_refresh")
        }
        if let timeoutNode = mapping["request_timeout"],
            let timeout = integer(timeoutNode, field: "portkey.request_timeout")
        {
            if timeout > 0 {
                options.requestTimeoutMs = timeout
            } else {
                fail(timeoutNode, "expected milliseconds above 0, got \(timeout)", field: "portkey.request_timeout")
            }
        }
        return options
    }

    mutating func messages(_ node: Node) -> [MessageTemplate] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            let got = node.sequence != nil ? "an empty list" : Self.describe(node)
            fail(node, "expected a list of messages, each with role: and content:, got \(got)", field: "messages")
            return []
        }
        var messages: [MessageTemplate] = []
        for (index, item) in sequence.enumerated() {
            let field = "messages[\(index)]"
            guard let entry = item.mapping else {
                fail(item, "expected a mapping with role: and content:, got \(Self.describe(item))", field: field)
                continue
            }
            warnUnknownKeys(in: entry, known: Self.messageKeys, path: field)
            var role: String?
            if let roleNode = entry["role"], let name = string(roleNode, field: "\(field).role") {
                if Self.roles.contains(name) {
                    role = name
                } else {
                    fail(
                        roleNode,
                        "expected system, developer, user, assistant or tool, got '\(name)'\(NameSuggestion.hint(for: name, in: Self.roles))",
                        field: "\(field).role")
                }
            } else if entry["role"] == nil {
                fail(item, "missing field 'role' (system, user or assistant)", field: field)
            }
            guard let contentNode = entry["content"] else {
                fail(item, "missing field 'content' (the message template)", field: field)
                continue
            }
            guard let content = string(contentNode, field: "\(field).content"), let role else { continue }
            let start = contentStart(of: contentNode)
            messages.append(
                MessageTemplate(role: role, content: content, contentLine: start.line, contentColumn: start.column))
        }
        return messages
    }
}
