/// A conversation as history holds it: a chain of runs, each turn's parent the turn before it.
///
/// Each run records the messages it sent after the prompt's own (`RunRecord.conversation`), so the last
/// turn alone knows the whole conversation; the earlier turns say which run sent or answered each message.
public struct Conversation: Sendable, Equatable {
    /// The runs of the chain, the first turn first and `last` at the end.
    public var turns: [RunRecord]

    /// One message of the conversation and the turn (an index into `turns`) that sent or answered it.
    public struct Entry: Sendable, Equatable {
        public var message: ConversationMessage
        public var turn: Int
        /// True for a turn's reply (the assistant message history recorded as its output).
        public var isReply: Bool
    }

    /// Builds the conversation of `turns` (first turn first). Empty `turns` make an empty conversation.
    public init(turns: [RunRecord]) {
        self.turns = turns
    }

    /// The turn the conversation ends with.
    public var last: RunRecord? { turns.last }

    /// The prompt's own rendered messages, as the last turn sent them (before `entries`).
    public var promptMessages: [ConversationMessage] {
        guard let last, let body = try? JSONValue.parse(last.requestBody),
            let sent = body["messages"]?.arrayValue?.compactMap(ConversationMessage.init(json:))
        else { return [] }
        return Array(sent.prefix(max(0, sent.count - last.conversation.count)))
    }

    /// Every message after the prompt's, in order: each turn's new messages, then its reply.
    public var entries: [Entry] {
        guard let last else { return [] }
        let messages = last.conversation + [last.reply]
        // Which turn sent each message: a turn sent what follows the reply of the turn before it.
        var owners = [Int](repeating: turns.count - 1, count: messages.count)
        var replies = Set<Int>()
        var start = 0
        for (index, turn) in turns.enumerated() {
            let replyIndex = turn.conversation.count
            guard replyIndex >= start, replyIndex < messages.count else { continue }
            for position in start...replyIndex { owners[position] = index }
            replies.insert(replyIndex)
            start = replyIndex + 1
        }
        return messages.enumerated().map { position, message in
            Entry(message: message, turn: owners[position], isReply: replies.contains(position))
        }
    }

    /// The messages after the prompt's (`entries` without their turns).
    public var messages: [ConversationMessage] { entries.map(\.message) }
}
