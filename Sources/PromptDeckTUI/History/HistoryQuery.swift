import PromptDeckCore

/// What the history list asks for: search text (FTS5) or none (newest first), and filters.
public struct HistoryQuery: Equatable, Sendable {
    public var text: String
    public var filter: HistoryFilter
    public var limit: Int

    /// Creates a query.
    public init(text: String = "", filter: HistoryFilter = HistoryFilter(), limit: Int = 200) {
        self.text = text
        self.filter = filter
        self.limit = limit
    }

    /// Runs the query against `store` (called by the runtime off the key loop, never by `update`).
    public func rows(in store: HistoryStore) throws(HistoryError) -> [HistoryRow] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            return try store.list(filter: filter, limit: limit).map { HistoryRow(summary: $0) }
        }
        return try store.search(query: trimmed, filter: filter, limit: limit, highlight: ("«", "»")).map {
            HistoryRow(summary: $0.summary, snippet: $0.snippet)
        }
    }
}
