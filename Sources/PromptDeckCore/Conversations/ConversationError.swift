import Foundation

/// Why a conversation turn cannot be built.
public enum ConversationError: Error, LocalizedError, Equatable, Sendable {
    /// The parent called tools and some calls have no result (none given, no `mock:` for the tool).
    case missingToolResults(runID: String, calls: [ToolCall])
    /// A result names a call the parent did not make.
    case unknownToolCall(runID: String, callID: String, known: [String])
    /// Nothing to send: no user text and no tool results.
    case nothingToSay(runID: String)
    /// A message index outside the conversation.
    case noSuchMessage(index: Int, count: Int)
    /// Continuing needs a chat prompt.
    case notChat(runID: String, kind: String)

    public var errorDescription: String? {
        switch self {
        case .missingToolResults(let runID, let calls):
            let list = calls.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")
            return "run \(runID) called tools that have no result: \(list); give each one with "
                + "--tool-result CALL_ID=JSON, or a canned one under mock: in the prompt file"
        case .unknownToolCall(let runID, let callID, let known):
            let calls = known.isEmpty ? "it made no tool calls" : "its calls are " + known.joined(separator: ", ")
            return "run \(runID) made no tool call '\(callID)': \(calls)"
        case .nothingToSay(let runID):
            return "nothing to send after run \(runID): give --say TEXT (or --tool-result CALL_ID=JSON)"
        case .noSuchMessage(let index, let count):
            return "the conversation has no message \(index + 1) (it has \(count))"
        case .notChat(let runID, let kind):
            return "run \(runID) is a \(kind) run: only chat runs can be continued"
        }
    }
}
