import Foundation
import PromptDeckCore

/// A conversation as `history show` prints it: the prompt's messages, then each turn's messages under
/// the turn's number and run id.
enum ConversationText {
    static func make(_ conversation: Conversation) -> String {
        var lines: [String] = []
        if !conversation.promptMessages.isEmpty { lines.append("prompt") }
        for message in conversation.promptMessages { lines.append(indented(message.summary)) }
        var lastTurn: Int?
        for entry in conversation.entries {
            if entry.turn != lastTurn {
                lines.append("turn \(entry.turn + 1) · run \(conversation.turns[entry.turn].id)")
                lastTurn = entry.turn
            }
            lines.append(indented(entry.message.summary))
        }
        return lines.joined(separator: "\n")
    }

    private static func indented(_ text: String) -> String {
        "  " + text.replacingOccurrences(of: "\n", with: "\n    ")
    }
}
