/// One message of a conversation as the chat API takes it: a user turn, an assistant reply (text, tool
/// calls or both), or a tool's result for one call.
public struct ConversationMessage: Sendable, Equatable, Hashable {
    public var role: String
    /// The text; nil for an assistant message that only calls tools.
    public var content: String?
    /// The calls an assistant message made.
    public var toolCalls: [ToolCall]
    /// The call a `tool` message answers.
    public var toolCallID: String?

    public init(role: String, content: String?, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// A user turn.
    public static func user(_ text: String) -> ConversationMessage { ConversationMessage(role: "user", content: text) }

    /// A tool's result for the call `callID`.
    public static func toolResult(callID: String, _ result: String) -> ConversationMessage {
        ConversationMessage(role: "tool", content: result, toolCallID: callID)
    }

    /// A reply as history recorded it: its text (none when empty and it called tools) and its calls.
    public static func assistant(_ text: String, toolCalls: [ToolCall] = []) -> ConversationMessage {
        ConversationMessage(
            role: "assistant", content: text.isEmpty && !toolCalls.isEmpty ? nil : text, toolCalls: toolCalls)
    }

    /// The request-body form: `{"role", "content"}`, plus `tool_calls` or `tool_call_id`.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["role": .string(role), "content": content.map(JSONValue.string) ?? .null]
        if !toolCalls.isEmpty { object["tool_calls"] = .array(toolCalls.map(\.json)) }
        if let toolCallID { object["tool_call_id"] = .string(toolCallID) }
        return .object(object)
    }

    /// Reads the request-body form; nil without a role.
    public init?(json: JSONValue) {
        guard let role = json["role"]?.stringValue else { return nil }
        self.init(
            role: role, content: json["content"]?.stringValue,
            toolCalls: json["tool_calls"]?.arrayValue?.compactMap(ToolCall.init(json:)) ?? [],
            toolCallID: json["tool_call_id"]?.stringValue)
    }

    /// `user: text`, `assistant → get_weather({...})`, `tool [call_1]: {...}`: one message for people.
    public var summary: String {
        var parts: [String] = []
        if let content, !content.isEmpty { parts.append(content) }
        let calls = toolCalls.map { "→ \($0.summary) [\($0.id)]" }
        let head = role + (toolCallID.map { " [\($0)]" } ?? "")
        return head + ": " + (parts + calls).joined(separator: "\n")
    }

    /// A list of messages as stored in history (a JSON array of the request-body form).
    static func encode(_ messages: [ConversationMessage]) -> String {
        JSONValue.array(messages.map(\.json)).serialized()
    }

    static func decode(_ text: String) -> [ConversationMessage] {
        ((try? JSONValue.parse(text))?.arrayValue ?? []).compactMap(ConversationMessage.init(json:))
    }
}
