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

extension HistoryStore {
    /// The finished replies that answer the same messages as run `prefix` (the turn asked for again, `A`
    /// or `--regenerate`): the children of its parent with its kind and conversation, oldest first, itself
    /// among them. A first turn (no parent) has none but itself.
    public func siblings(of prefix: String) throws(HistoryError) -> [RunRecord] {
        let run = try run(prefix: prefix)
        guard let parentID = run.parentID else { return [run] }
        var found: [RunRecord] = []
        for child in try children(of: parentID) where child.status == .ok || child.id == run.id {
            let record = try self.run(prefix: child.id)
            if record.kind == run.kind, record.conversation == run.conversation { found.append(record) }
        }
        return found
    }
}
