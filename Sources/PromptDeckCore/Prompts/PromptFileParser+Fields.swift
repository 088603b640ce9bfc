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

/// `tools:`, `tool_choice:` and `mock:`.
extension PromptFileParser {
    static let toolKeys = ["name", "description", "parameters", "type", "function", "strict"]

    mutating func readTools(_ mapping: Node.Mapping, into prompt: inout Prompt) {
        if let node = mapping["tools"] {
            if prompt.kind != .chat { fail(node, "tools need a chat prompt (kind: chat)", field: "tools") }
            prompt.tools = tools(node)
        }
        if let node = mapping["tool_choice"] {
            switch Self.toolChoice(YAMLSupport.json(from: node)) {
            case .success(let choice): prompt.toolChoice = choice
            case .failure(let message): fail(node, message, field: "tool_choice")
            }
        }
        if let node = mapping["mock"] {
            guard let entries = object(node, field: "mock") else { return }
            // A canned result is sent as the tool message's content: text as it is, anything else as JSON.
            prompt.mocks = entries.mapValues { $0.stringValue ?? $0.serialized() }
            let names = Set(prompt.tools.compactMap { $0["function"]?["name"]?.stringValue })
            for name in entries.keys.sorted() where !prompt.tools.isEmpty && !names.contains(name) {
                let hint = NameSuggestion.hint(for: name, in: names.sorted())
                warnings.append(
                    Diagnostic(
                        .warning, file: file, line: node.mark?.line, column: node.mark?.column, field: "mock.\(name)",
                        message: "no tool is named '\(name)'\(hint)"))
            }
        }
    }

    /// Each item is a function definition (`name`, `description`, `parameters`), or OpenAI's whole
    /// `{type: function, function: {...}}`; both become the latter.
    mutating func tools(_ node: Node) -> [JSONValue] {
        guard let sequence = node.sequence else {
            fail(node, "expected a list of functions, each with name:, description: and parameters:", field: "tools")
            return []
        }
        var tools: [JSONValue] = []
        for (index, item) in sequence.enumerated() {
            let field = "tools[\(index)]"
            guard let entry = item.mapping else {
                fail(
                    item, "expected a mapping with name:, description: and parameters:, got \(Self.describe(item))",
                    field: field)
                continue
            }
            warnUnknownKeys(in: entry, known: Self.toolKeys, path: field)
            switch Self.tool(YAMLSupport.json(from: item)) {
            case .success(let tool): tools.append(tool)
            case .failure(let message): fail(item, message, field: field)
            }
        }
        return tools
    }

    enum ToolCheck {
        case success(JSONValue)
        case failure(String)
    }

    /// One tool in OpenAI's shape, or why it is not one.
    static func tool(_ value: JSONValue) -> ToolCheck {
        let function = value["function"] ?? value
        guard let name = function["name"]?.stringValue, !name.isEmpty else {
            return .failure("missing field 'name' (the function's name)")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        guard name.count <= 64, name.allSatisfy(allowed.contains) else {
            return .failure("the name '\(name)' may hold only letters, digits, _ and - (at most 64)")
        }
        if let parameters = function["parameters"], parameters.objectValue == nil {
            return .failure("parameters must be a JSON Schema object (type: object, properties: ...)")
        }
        var definition = function.objectValue ?? [:]
        definition["type"] = nil
        return .success(["type": "function", "function": .object(definition)])
    }

    /// `auto`, `none`, `required`, a function's name, or the whole object.
    static func toolChoice(_ value: JSONValue) -> ToolCheck {
        switch value {
        case .string("auto"), .string("none"), .string("required"): return .success(value)
        case .string(let name) where !name.isEmpty:
            return .success(["type": "function", "function": ["name": .string(name)]])
        case .object where value["function"]?["name"]?.stringValue != nil:
            return .success(value)
        default:
            return .failure("expected auto, none, required or a tool's name, got \(value.serialized())")
        }
    }
}
