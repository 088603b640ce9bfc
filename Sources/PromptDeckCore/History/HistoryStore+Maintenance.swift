import Foundation
import GRDB

extension HistoryStore {
    /// Deletes one run (by id or unique prefix) with its events and search entry; returns its full id.
    @discardableResult
    public func delete(id: String) throws(HistoryError) -> String {
        let runID = try run(prefix: id).id
        try write { db in try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [runID]) }
        return runID
    }

    /// Deletes every run created before `date`; returns how many.
    @discardableResult
    public func prune(before date: Date) throws(HistoryError) -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM run WHERE created_at < ?", arguments: [RunRowCoding.milliseconds(date)])
            return db.changesCount
        }
    }

    /// Runs, tokens, errors and cancellations per prompt and per model (of the runs since `since`).
    public func stats(since: Date? = nil) throws(HistoryError) -> HistoryStats {
        let filter = since.map { "WHERE created_at >= \(RunRowCoding.milliseconds($0))" } ?? ""
        let columns = """
            count(*) AS runs, coalesce(sum(total_tokens), 0) AS tokens,
            coalesce(max(tokens_estimated AND total_tokens IS NOT NULL), 0) AS estimated,
            sum(status = 'error') AS errors, sum(status = 'cancelled') AS cancelled
            """
        @Sendable func rows(_ db: Database, key: String) throws -> [HistoryStatsRow] {
            try Row.fetchAll(
                db, sql: "SELECT \(key) AS key, \(columns) FROM run \(filter) GROUP BY \(key) ORDER BY runs DESC, key"
            ).map(Self.statsRow)
        }
        return try read { db in
            let total = try Row.fetchOne(db, sql: "SELECT '' AS key, \(columns) FROM run \(filter)").map(Self.statsRow)
            return HistoryStats(
                byPrompt: try rows(db, key: "prompt_id"), byModel: try rows(db, key: "model"),
                total: total ?? HistoryStatsRow(key: "", runs: 0, totalTokens: 0, errors: 0, cancelled: 0))
        }
    }

    private static func statsRow(_ row: Row) -> HistoryStatsRow {
        HistoryStatsRow(
            key: row["key"], runs: row["runs"], totalTokens: row["tokens"], tokensEstimated: row["estimated"],
            errors: row["errors"] ?? 0, cancelled: row["cancelled"] ?? 0)
    }

    /// Marks runs left `running` by a process that is no longer alive as `interrupted`; returns how many.
    /// A run of this very process (same pid and start marker) is left alone.
    @discardableResult
    public func markInterruptedRuns() throws(HistoryError) -> Int {
        let me = writer
        return try write { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT seq, writer_pid, writer_start FROM run WHERE status = 'running'")
            var count = 0
            for row in rows {
                let pid = Int32(clamping: (row["writer_pid"] as Int64?) ?? 0)
                let marker: String = row["writer_start"] ?? ""
                if pid == me.pid && marker == me.startMarker { continue }
                if WriterProcess.isAlive(pid: pid, startMarker: marker) { continue }
                // The output as far as it came (the row holds it only once a run finishes), then the status,
                // so the search index reads it. A row with no events keeps the output it has.
                let seq: Int64 = row["seq"]
                let outputs = try Self.outputsFromEvents(runSeq: seq, db)
                try db.execute(
                    sql: """
                        UPDATE run SET outputs = coalesce(?, outputs), status = 'interrupted',
                            finished_at = coalesce(finished_at, ?)
                        WHERE seq = ?
                        """,
                    arguments: [
                        outputs.isEmpty ? nil : RunRowCoding.intMap(outputs), RunRowCoding.milliseconds(Date()), seq,
                    ])
                count += 1
            }
            return count
        }
    }
}
