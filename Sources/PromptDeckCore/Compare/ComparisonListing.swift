import Foundation
import GRDB

/// One comparison in history, for a list to pick from: its group, prompt, runs and when it ran.
public struct ComparisonListing: Sendable, Equatable {
    public var groupID: String
    public var promptID: String
    public var runCount: Int
    public var createdAt: Date

    /// Creates a listing.
    public init(groupID: String, promptID: String, runCount: Int, createdAt: Date) {
        self.groupID = groupID
        self.promptID = promptID
        self.runCount = runCount
        self.createdAt = createdAt
    }
}

extension HistoryStore {
    /// The newest comparisons first, `limit` of them.
    public func recentComparisons(limit: Int = 20) throws(HistoryError) -> [ComparisonListing] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT group_id, MIN(prompt_id) AS prompt_id, COUNT(*) AS runs, MIN(created_at) AS created_at
                    FROM run WHERE group_id IS NOT NULL GROUP BY group_id ORDER BY MIN(created_at) DESC LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in
                ComparisonListing(
                    groupID: row["group_id"], promptID: row["prompt_id"], runCount: row["runs"],
                    createdAt: RunRowCoding.date(row["created_at"]))
            }
        }
    }

    /// The group ids that start with `prefix` (at most a few: one means the prefix is unique).
    func groupIDs(prefix: String) throws(HistoryError) -> [String] {
        let escaped = prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT DISTINCT group_id FROM run WHERE group_id LIKE ? ESCAPE '\\' ORDER BY group_id LIMIT 5",
                arguments: [escaped + "%"])
        }
    }
}
