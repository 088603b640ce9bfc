/// A function the model asked to call, assembled from its streamed pieces (or read whole from a body).
public struct ToolCall: Sendable, Equatable, Hashable, Codable {
    /// The call id the answer must name (`tool_call_id`); servers that send none get `call_<index>`.
    public var id: String
    /// The function's name.
    public var name: String
    /// The arguments as the model wrote them: JSON text, not always valid.
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// `get_weather({"city":"Paris"})`: how the CLI and history show a call.
    public var summary: String { "\(name)(\(arguments))" }

    /// OpenAI's shape: `{"id", "type": "function", "function": {"name", "arguments"}}`.
    public var json: JSONValue {
        [
            "id": .string(id), "type": "function",
            "function": ["name": .string(name), "arguments": .string(arguments)],
        ]
    }

    /// Reads OpenAI's shape; nil when there is no function name.
    public init?(json: JSONValue) {
        let function = json["function"] ?? json
        guard let name = function["name"]?.stringValue else { return nil }
        let arguments = function["arguments"].map { $0.stringValue ?? $0.serialized() } ?? ""
        self.init(id: json["id"]?.stringValue ?? "", name: name, arguments: arguments)
    }
}

/// Joins `.toolCallDelta` pieces into `ToolCall`s, per choice, in `index` order.
///
/// Pieces of one call share its `index`; the first usually carries `id` and `name`, later ones only more
/// `arguments`. A later `id` or `name` fills in what was missing and never replaces what arrived.
public struct ToolCallAssembler: Sendable, Equatable {
    private var calls: [Int: [Int: ToolCall]] = [:]

    public init() {}

    /// Adds one piece.
    public mutating func add(choice: Int, index: Int, id: String?, name: String?, arguments: String) {
        var call = calls[choice]?[index] ?? ToolCall(id: "", name: "", arguments: "")
        if call.id.isEmpty, let id { call.id = id }
        // Some servers repeat the name on every piece: the first one stands.
        if call.name.isEmpty, let name { call.name = name }
        call.arguments += arguments
        calls[choice, default: [:]][index] = call
    }

    /// Adds the piece a `.toolCallDelta` carries; other events are ignored.
    public mutating func add(_ event: StreamEvent) {
        guard case .toolCallDelta(let choice, let index, let id, let name, let arguments) = event else { return }
        add(choice: choice, index: index, id: id, name: name, arguments: arguments)
    }

    /// The calls of every choice so far, each in `index` order; a call without an id gets `call_<index>`.
    public var toolCalls: [Int: [ToolCall]] {
        calls.mapValues { byIndex in
            byIndex.keys.sorted().compactMap { index in
                guard var call = byIndex[index] else { return nil }
                if call.id.isEmpty { call.id = "call_\(index)" }
                return call
            }
        }
    }

    public var isEmpty: Bool { calls.isEmpty }
}
