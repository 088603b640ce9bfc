/// Saving a conversation as a new prompt.
extension Conversation {
    /// The text of a new prompt file: the first turn's prompt file as it was recorded (comments, variables,
    /// parameters and tools kept), named `name`, with every message of the conversation appended to its
    /// `messages:` as few-shot examples. The prompt's own messages stay templates, so its variables stay
    /// variables; the turns are literal text (Mustache tags in them are protected by a delimiter change).
    /// A tool call or result has no place in a prompt file's messages: it is kept as text
    /// (`→ get_weather({"city":"Paris"})`, `get_weather result: ...`).
    public func savedPromptText(name: String) throws(DiagnosticList) -> String {
        guard let first = turns.first else {
            throw DiagnosticList([Diagnostic(file: "conversation", message: "the conversation has no turns")])
        }
        let file = "\(first.promptID).yaml (recorded in run \(first.id))"
        let editor = try PromptFileEditor(text: first.templateSource, file: file, id: first.promptID)
        let calls = Dictionary(
            messages.flatMap(\.toolCalls).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let fewShot = messages.map { message -> ChatMessage in
            switch message.role {
            case "tool":
                let tool = message.toolCallID.flatMap { calls[$0] } ?? "tool"
                return ChatMessage(role: "user", content: Self.literal("\(tool) result: \(message.content ?? "")"))
            default:
                var parts = message.content.map { [$0] } ?? []
                parts += message.toolCalls.map { "→ \($0.summary)" }
                return ChatMessage(role: message.role, content: Self.literal(parts.joined(separator: "\n")))
            }
        }
        let original = editor.prompt.messages.map { ChatMessage(role: $0.role, content: $0.content) }
        do {
            let withMessages = try editor.settingMessages(original + fewShot)
            return try PromptFileEditor(text: withMessages, file: file, id: first.promptID).settingName(name)
        } catch let error as PromptEditError {
            throw DiagnosticList([Diagnostic(file: file, message: error.localizedDescription)])
        } catch let error as DiagnosticList {
            throw error
        } catch {
            throw DiagnosticList([Diagnostic(file: file, message: "\(error)")])
        }
    }

    /// Text that renders as itself: a turn holding `{{` switches to delimiters it does not contain.
    static func literal(_ text: String) -> String {
        guard text.contains("{{") || text.contains("}}") else { return text }
        for (open, close) in [("<%", "%>"), ("[[%", "%]]"), ("<<<|", "|>>>")]
        where !text.contains(open) && !text.contains(close) {
            return "{{=\(open) \(close)=}}" + text
        }
        return text
    }
}
