/// A tool call checked against the tool it calls: its arguments must be JSON that the tool's `parameters`
/// schema accepts (the common draft 2020-12 subset). A tool the request did not offer is a problem too.
public enum ToolCallCheck {
    /// What is wrong with `call` given the request that was sent (its `tools`), each with its JSON pointer;
    /// empty when the call is fine, or when the tool's schema uses keywords outside the checked subset.
    public static func problems(of call: ToolCall, requestBody: String) -> [String] {
        guard let tools = offeredTools(requestBody) else { return [] }
        return problems(of: call, offered: tools)
    }

    /// Every call of `record` with its problems (only the calls that have some); the request is read once.
    public static func problems(in record: RunRecord) -> [String: [String]] {
        let calls = record.toolCalls.values.flatMap { $0 }
        guard !calls.isEmpty, let tools = offeredTools(record.requestBody) else { return [:] }
        var found: [String: [String]] = [:]
        for call in calls {
            let problems = problems(of: call, offered: tools)
            if !problems.isEmpty { found[call.id] = problems }
        }
        return found
    }

    /// The request's tools by name, with their `parameters` schemas; nil when it offered none.
    private static func offeredTools(_ requestBody: String) -> [(name: String, parameters: JSONValue?)]? {
        guard let request = try? JSONValue.parse(requestBody), let tools = request["tools"]?.arrayValue else {
            return nil
        }
        return tools.compactMap { tool in
            let function = tool["function"] ?? tool
            guard let name = function["name"]?.stringValue else { return nil }
            return (name, function["parameters"])
        }
    }

    private static func problems(of call: ToolCall, offered: [(name: String, parameters: JSONValue?)]) -> [String] {
        guard let match = offered.first(where: { $0.name == call.name }) else {
            return ["the request offered no tool named \(call.name)"]
        }
        let arguments: JSONValue
        do {
            arguments = try JSONValue.parse(call.arguments.isEmpty ? "{}" : call.arguments)
        } catch {
            return ["arguments are not JSON: \(error)"]
        }
        guard let parameters = match.parameters, let schema = try? JSONSchema(compiling: parameters) else { return [] }
        return schema.validate(arguments).map(\.description)
    }
}
