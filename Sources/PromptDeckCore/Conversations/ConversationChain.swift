/// Builds the `RunInputs` of a conversation's next run from history: continue after a turn, regenerate a
/// reply (a sibling run), or fork at an edited message (the rest of the chain stays as it was). Pure.
///
/// `inputs` carries what the new run is asked with (prompt, `--set`, profile, model, stream); the chain
/// fills in `conversation` and `parentID`, and the parent's variables under any the new run sets.
public enum ConversationChain {
    /// The next turn after `parent`: its earlier turns, its reply, then `messages` (the user's next message,
    /// or the results of the tools it called, or both).
    public static func continuing(
        _ parent: RunRecord, with messages: [ConversationMessage], inputs: RunInputs
    ) throws(ConversationError) -> RunInputs {
        guard parent.kind == PromptKind.chat.rawValue else {
            throw .notChat(runID: parent.id, kind: parent.kind)
        }
        guard !messages.isEmpty else { throw .nothingToSay(runID: parent.id) }
        var next = withVariables(of: parent, inputs)
        next.conversation = parent.conversation + [parent.reply] + messages
        next.parentID = parent.id
        return next
    }

    /// The same turn again: the messages `run` sent, as a sibling of it (same parent).
    public static func regenerating(_ run: RunRecord, inputs: RunInputs) -> RunInputs {
        var next = withVariables(of: run, inputs)
        next.conversation = run.conversation
        next.parentID = run.parentID
        return next
    }

    /// A fork: the conversation up to `index` (into `conversation.entries`), that message replaced by
    /// `content`, as a new run whose parent is the turn whose reply came just before it.
    /// (The prompt's own messages are edited in the prompt, or its draft, and run as a new first turn.)
    public static func forking(
        _ conversation: Conversation, at index: Int, content: String, inputs: RunInputs
    ) throws(ConversationError) -> RunInputs {
        let entries = conversation.entries
        guard let last = conversation.last, entries.indices.contains(index) else {
            throw .noSuchMessage(index: index, count: entries.count)
        }
        var edited = entries[index].message
        edited.content = content
        let before = entries[..<index]
        let parentTurn = before.last(where: \.isReply)?.turn
        var next = withVariables(of: last, inputs)
        next.conversation = before.map(\.message) + [edited]
        next.parentID = parentTurn.map { conversation.turns[$0].id } ?? conversation.turns.first?.parentID
        return next
    }

    /// One `tool` message per call `parent` made, in its order: the result given for the call's id, else the
    /// prompt's canned `mock:` result for the tool's name. Throws naming the calls left without one.
    public static func toolResults(
        for parent: RunRecord, results: [String: String], mocks: [String: String] = [:]
    ) throws(ConversationError) -> [ConversationMessage] {
        let calls = parent.toolCalls[0] ?? []
        for callID in results.keys.sorted() where !calls.contains(where: { $0.id == callID }) {
            throw .unknownToolCall(runID: parent.id, callID: callID, known: calls.map(\.id))
        }
        let missing = calls.filter { results[$0.id] == nil && mocks[$0.name] == nil }
        if !missing.isEmpty { throw .missingToolResults(runID: parent.id, calls: missing) }
        return calls.map { call in
            .toolResult(callID: call.id, results[call.id] ?? mocks[call.name] ?? "")
        }
    }

    /// `inputs` with the run's recorded variables under its own, so the prompt renders as it did.
    private static func withVariables(of run: RunRecord, _ inputs: RunInputs) -> RunInputs {
        var next = inputs
        for (name, value) in run.variables.objectValue ?? [:] where next.variables[name] == nil {
            next.variables[name] = value
        }
        return next
    }
}
