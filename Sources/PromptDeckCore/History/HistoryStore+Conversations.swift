import GRDB

extension HistoryStore {
    /// The conversation that ends with the run `prefix` names: that run and, through `parent_id`, the turns
    /// before it. A parent that sent the same messages (a re-run) is not a turn of its own; a deleted
    /// parent ends the chain there (the last run still holds every message).
    public func conversation(endingAt prefix: String) throws(HistoryError) -> Conversation {
        let last = try run(prefix: prefix)
        var turns = [last]
        var seen: Set<String> = [last.id]
        var parentID = last.parentID
        while let id = parentID, let first = turns.first, !first.conversation.isEmpty, !seen.contains(id) {
            seen.insert(id)
            let parent: RunRecord
            do {
                parent = try run(prefix: id)
            } catch .runNotFound {
                break
            }
            if parent.kind == first.kind, parent.conversation.count < first.conversation.count,
                first.conversation.starts(with: parent.conversation)
            {
                turns.insert(parent, at: 0)
            }
            parentID = parent.parentID
        }
        return Conversation(turns: turns)
    }

    /// The newest run (`run -c`), or nil when history has none.
    public func latestRun() throws(HistoryError) -> RunRecord? {
        guard let summary = try list(limit: 1).first else { return nil }
        return try run(prefix: summary.id)
    }
}
