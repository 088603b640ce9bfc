import Foundation
import GRDB

extension HistoryStore {
    static let summaryColumns = """
        run.id, run.created_at, run.prompt_id, run.model, run.profile, run.status, run.total_tokens,
        run.ttft_ms, run.duration_ms, run.output_preview, run.group_id, run.parent_id, run.tokens_estimated,
        run.checks_passed, run.checks_failed, run.cost_usd, run.cost_estimated
        """

    /// Runs matching `filter`, newest first.
    public func list(filter: HistoryFilter = HistoryFilter(), limit: Int = 50) throws(HistoryError) -> [RunSummary] {
        let (conditions, arguments) = filter.sqlConditions
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT \(Self.summaryColumns) FROM run \(whereClause)
            ORDER BY run.created_at DESC, run.seq DESC LIMIT ?
            """
        return try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: sql), arguments: StatementArguments(arguments + [limit.databaseValue])
            )
            .map(Self.summary)
        }
    }

    /// How many recent matches `search` ranks: bm25 over every match of a very common word would take
    /// seconds on a large history, and the newest matches are the ones a user is after.
    static let searchCandidateLimit = 500

    /// Full-text search over prompt id and name, rendered prompt, variable values, output and model,
    /// best bm25 rank first (among the newest 500 matches); snippets mark matches with `highlight`. Runs
    /// finished since the last search are added to the index first (`indexPendingRuns`); when they cannot
    /// be (a read-only file), they are searched through a temporary index of their own, so a search never
    /// misses a finished run.
    public func search(
        query: String, filter: HistoryFilter = HistoryFilter(), limit: Int = 50,
        highlight: (open: String, close: String) = ("[", "]"), prefixLastWord: Bool = true
    ) throws(HistoryError) -> [HistorySearchResult] {
        guard let match = SearchQuery.matchExpression(query, prefixLastWord: prefixLastWord) else { return [] }
        let unindexed = try indexPendingRuns()
        let (conditions, filterArguments) = filter.sqlConditions
        let extra = conditions.map { " AND " + $0 }.joined()
        let tables = unindexed == 0 ? ["run_fts"] : ["run_fts", HistorySchema.unindexedRunsTable]
        let snippetArguments = [highlight.open.databaseValue, highlight.close.databaseValue]
        // A snippet reads and tokenizes the run's whole text (~25 µs in the scan, ~50 µs apart, at 20,000
        // runs): for a short page, only the runs shown get one, through a second MATCH limited to their
        // rowids; for a long page (the playground asks for 200) the candidates' scan makes them all.
        let snippetsApart = limit <= Self.searchCandidateLimit / 5
        func snippet(_ table: String) -> String { "snippet(\(table), -1, ?, ?, '…', 12) AS snippet" }
        func candidates(_ table: String) -> String {
            // Join `run` only to filter: the join costs the FTS scan its cheap newest-first order.
            let join = conditions.isEmpty ? "" : "JOIN run ON run.seq = \(table).rowid"
            return """
                SELECT * FROM (
                    SELECT \(table).rowid AS seq, bm25(\(table), 3.0, 1.0, 1.0, 1.0, 2.0) AS rank\
                \(snippetsApart ? "" : ", " + snippet(table))
                    FROM \(table) \(join)
                    WHERE \(table) MATCH ?\(extra)
                    ORDER BY \(table).rowid DESC LIMIT \(Self.searchCandidateLimit))
                """
        }
        func shown(_ table: String) -> String {
            """
            SELECT \(table).rowid AS seq, \(snippet(table)) FROM \(table)
            WHERE \(table) MATCH ? AND \(table).rowid IN (SELECT seq FROM best)
            """
        }
        let shownPart = snippetsApart ? ", shown AS (\(tables.map(shown).joined(separator: " UNION ALL ")))" : ""
        let sql = """
            WITH candidate AS (\(tables.map(candidates).joined(separator: " UNION ALL "))),
            best AS (SELECT * FROM candidate ORDER BY rank, seq DESC LIMIT ?)\(shownPart)
            SELECT \(Self.summaryColumns), best.rank AS rank, \(snippetsApart ? "shown" : "best").snippet AS snippet
            FROM best JOIN run ON run.seq = best.seq\(snippetsApart ? " LEFT JOIN shown ON shown.seq = best.seq" : "")
            ORDER BY best.rank, best.seq DESC
            """
        // In the order of the placeholders: each table's candidates, the page's limit, each table's snippets.
        let perCandidates = (snippetsApart ? [] : snippetArguments) + [match.databaseValue] + filterArguments
        let perShown = snippetsApart ? snippetArguments + [match.databaseValue] : []
        let statementArguments = StatementArguments(
            tables.flatMap { _ in perCandidates } + [limit.databaseValue] + tables.flatMap { _ in perShown })
        @Sendable func results(_ db: Database) throws -> [HistorySearchResult] {
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map { row in
                HistorySearchResult(summary: Self.summary(row), snippet: row["snippet"] ?? "", rank: row["rank"])
            }
        }
        if unindexed == 0 { return try read(results) }
        // A temporary table is this connection's own: a read-only file can hold it (not a read transaction).
        do {
            return try pool.writeWithoutTransaction { db in
                try HistorySchema.indexUnindexedRunsApart(db)
                return try results(db)
            }
        } catch {
            throw HistoryError(error, path: path)
        }
    }

    /// The run with this id, or the only run whose id starts with this prefix.
    public func run(prefix: String) throws(HistoryError) -> RunRecord {
        guard let id = HistoryStore.normalizedID(prefix) else { throw .invalidRunID(prefix) }
        return try read { db in
            let ids = try String.fetchAll(
                db, sql: "SELECT id FROM run WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                arguments: [id, id + "~", Self.ambiguityListLimit])
            if ids.count > 1 && !ids.contains(id) { throw HistoryError.ambiguousRunID(prefix: id, candidates: ids) }
            let exact = ids.contains(id) ? id : ids.first
            guard let exact, let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [exact])
            else { throw HistoryError.runNotFound(prefix) }
            var record = RunRowCoding.record(from: row)
            if record.status == .running { record.outputs = try Self.outputsFromEvents(runSeq: row["seq"], db) }
            return record
        }
    }

    /// The output of a run still streaming, or one its process left behind: its answer events' text, joined
    /// per choice (the row's output is written when the run finishes).
    static func outputsFromEvents(runSeq: Int64, _ db: Database) throws -> [Int: String] {
        var outputs: [Int: String] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT choice, text FROM run_event WHERE run_seq = ? AND channel IS NULL ORDER BY sequence",
            arguments: [runSeq])
        while let row = try rows.next() {
            outputs[row["choice"], default: ""] += row["text"] as String? ?? ""
        }
        return outputs
    }

    /// The recorded stream events of a run, in order.
    public func events(runID: String) throws(HistoryError) -> [RecordedEvent] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT run_event.* FROM run_event JOIN run ON run.seq = run_event.run_seq
                    WHERE run.id = ? ORDER BY run_event.sequence
                    """, arguments: [runID]
            ).map(RunRowCoding.event)
        }
    }

    /// Runs whose parent is `runID` (re-runs of it), oldest first.
    public func children(of runID: String) throws(HistoryError) -> [RunSummary] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.summaryColumns) FROM run WHERE parent_id = ? ORDER BY created_at, seq",
                arguments: [runID]
            ).map(Self.summary)
        }
    }

    static func summary(_ row: Row) -> RunSummary {
        var summary = RunSummary(
            id: row["id"], createdAt: RunRowCoding.date(row["created_at"]), promptID: row["prompt_id"],
            model: row["model"], profileName: row["profile"], status: RunStatus(rawValue: row["status"]) ?? .error,
            totalTokens: row["total_tokens"], timeToFirstTokenMs: row["ttft_ms"], durationMs: row["duration_ms"],
            firstLine: row["output_preview"], groupID: row["group_id"], parentID: row["parent_id"],
            tokensEstimated: row["tokens_estimated"] ?? false)
        summary.checksPassed = row["checks_passed"]
        summary.checksFailed = row["checks_failed"]
        summary.cost = (row["cost_usd"] as Double?).map { RunCost(usd: $0, estimated: row["cost_estimated"] ?? false) }
        return summary
    }
}
