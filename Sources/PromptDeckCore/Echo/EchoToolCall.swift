/// The echo provider's answer to a request that offers tools: a call to the first tool (or the one
/// `tool_choice` names), whose string arguments echo the last user message, so conversations with tool
/// calls can be tried offline. After a `tool` message it answers in text with the tools' results instead.
struct EchoToolCall {
    let id: String
    let name: String
    /// The arguments as JSON text.
    let arguments: String

    /// Nil when the request offers no tools, `tool_choice` is `none`, or the last message is a tool result.
    init?(request: JSONValue) {
        guard let tools = request["tools"]?.arrayValue, !tools.isEmpty, request["tool_choice"] != "none" else {
            return nil
        }
        let messages = request["messages"]?.arrayValue ?? []
        if messages.last?["role"] == "tool" { return nil }
        let chosen = request["tool_choice"]?["function"]?["name"]?.stringValue
        let tool = tools.first { $0["function"]?["name"]?.stringValue == chosen } ?? tools[0]
        guard let name = tool["function"]?["name"]?.stringValue else { return nil }
        let user = messages.last { $0["role"] == "user" }?["content"]?.stringValue ?? ""
        var arguments: [String: JSONValue] = [:]
        for (property, schema) in tool["function"]?["parameters"]?["properties"]?.objectValue ?? [:] {
            switch schema["type"]?.stringValue {
            case "integer", "number": arguments[property] = .int(1)
            case "boolean": arguments[property] = .bool(true)
            case "array": arguments[property] = .array([.string(user)])
            case "object": arguments[property] = .object([:])
            default: arguments[property] = .string(user)
            }
        }
        // Numbered by the replies so far, so each turn's call has its own id.
        let replies = messages.filter { $0["role"] == "assistant" }.count
        self.id = "call_echo_\(replies + 1)"
        self.name = name
        self.arguments = JSONValue.object(arguments).serialized()
    }

    /// The arguments cut in pieces of up to 8 characters, as a model streams them.
    var pieces: [String] {
        var pieces: [String] = []
        var rest = Substring(arguments)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(8)))
            rest = rest.dropFirst(8)
        }
        return pieces.isEmpty ? [""] : pieces
    }

    /// The `delta`s of a stream: the first names the call, each one carries a piece of the arguments.
    func streamedDeltas() -> [JSONValue] {
        pieces.enumerated().map { step, piece in
            var call: [String: JSONValue] = ["index": 0, "function": ["arguments": .string(piece)]]
            var delta: [String: JSONValue] = [:]
            if step == 0 {
                call["id"] = .string(id)
                call["type"] = "function"
                call["function"] = ["name": .string(name), "arguments": .string(piece)]
                delta["role"] = "assistant"
                delta["content"] = .null
            }
            delta["tool_calls"] = [.object(call)]
            return .object(delta)
        }
    }

    var json: JSONValue { ToolCall(id: id, name: name, arguments: arguments).json }

    /// The text of the tool results that end the messages (`get_weather: {...}`), or nil when the last
    /// message is not a tool result.
    static func resultsText(_ messages: [JSONValue]) -> String? {
        let results = messages.reversed().prefix { $0["role"] == "tool" }.reversed()
        guard !results.isEmpty else { return nil }
        var names: [String: String] = [:]
        for message in messages {
            for call in message["tool_calls"]?.arrayValue ?? [] {
                if let id = call["id"]?.stringValue { names[id] = call["function"]?["name"]?.stringValue }
            }
        }
        return results.map { result in
            let name = result["tool_call_id"]?.stringValue.flatMap { names[$0] } ?? "tool"
            return "\(name) returned \(result["content"]?.stringValue ?? "")"
        }.joined(separator: "\n")
    }
}
