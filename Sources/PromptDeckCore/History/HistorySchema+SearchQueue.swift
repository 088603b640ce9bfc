import GRDB

/// Migration v12: a finished run joins the search index when someone searches, not when it finishes.
extension HistorySchema {
    /// Until v12 the triggers indexed a run as it left `running`, inside the run's last write. Indexing is
    /// most of what recording costs: a 100,000-word answer spent ~90 M of its ~125 M instructions of history
    /// writing in FTS5's tokenizer and prefix indexes, on the run's own path (the CLI could not exit, the
    /// playground could not show ✔ until it was done). Now the triggers only queue the run's `seq` in
    /// `run_fts_pending`, and `HistoryStore.indexPendingRuns` adds every queued run in one transaction
    /// before a search reads the index: search still sees every finished run, and many runs (a sweep, an
    /// evaluation) are indexed in one batch.
    ///
    /// The invariant the triggers keep: a finished run is in the index or in the queue, never both, and a
    /// running run is in neither. Taking a run out of the index (`'delete'` of an external-content table)
    /// needs exactly the text it was indexed with, so only an indexed run (finished, not queued) is taken out.
    /// The index itself (`prefix = '2 3'`, v11) is not rebuilt; the runs already in it stay.
    static let v12 = """
        CREATE TABLE run_fts_pending (seq INTEGER PRIMARY KEY);
        DROP TRIGGER run_fts_insert;
        DROP TRIGGER run_fts_delete;
        DROP TRIGGER run_fts_update;
        CREATE TRIGGER run_fts_insert AFTER INSERT ON run WHEN new.status <> 'running' BEGIN
            INSERT OR IGNORE INTO run_fts_pending(seq) VALUES (new.seq);
        END;
        CREATE TRIGGER run_fts_delete AFTER DELETE ON run WHEN old.status <> 'running' BEGIN
            INSERT INTO run_fts(run_fts, rowid, \(ftsColumnsV8))
                SELECT 'delete', old.seq, \(searchColumnsV8("old"))
                WHERE NOT EXISTS (SELECT 1 FROM run_fts_pending WHERE seq = old.seq);
            DELETE FROM run_fts_pending WHERE seq = old.seq;
        END;
        CREATE TRIGGER run_fts_update
        AFTER UPDATE OF prompt_id, prompt_name, rendered_prompt, variables, outputs, model, status, reasoning,
            tool_calls, conversation ON run BEGIN
            INSERT INTO run_fts(run_fts, rowid, \(ftsColumnsV8))
                SELECT 'delete', old.seq, \(searchColumnsV8("old"))
                WHERE old.status <> 'running' AND NOT EXISTS (SELECT 1 FROM run_fts_pending WHERE seq = old.seq);
            INSERT OR IGNORE INTO run_fts_pending(seq) SELECT new.seq WHERE new.status <> 'running';
        END;
        """

    /// The rowid and the index's columns of every queued run, read through the view, for an INSERT.
    private static var queuedRunsText: String {
        let columns = ftsColumnsV8.split(separator: ", ").map { "source." + $0 }.joined(separator: ", ")
        return """
            SELECT source.seq, \(columns)
            FROM run_fts_pending JOIN run_search_source AS source ON source.seq = run_fts_pending.seq
            """
    }

    /// Adds every queued run to the index and empties the queue. Run in a write transaction: a run that
    /// finishes meanwhile waits for it, and is queued after.
    static func indexPendingRuns(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO run_fts(rowid, \(ftsColumnsV8)) \(queuedRunsText)")
        try db.execute(sql: "DELETE FROM run_fts_pending")
    }

    /// Where a search reads the queued runs it could not add to the index (`indexUnindexedRunsApart`).
    static let unindexedRunsTable = "run_fts_unindexed"

    /// Indexes the queued runs in a temporary FTS5 table of this connection (same columns, tokenizer and
    /// prefixes as `run_fts`, holding its own copy of their text), made again for each such search. Ranks
    /// from it are not quite comparable with the main index's (bm25 weighs words against each table's own
    /// runs); a search of a history that cannot be written is rare, and finding the run matters more.
    static func indexUnindexedRunsApart(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP TABLE IF EXISTS temp.\(unindexedRunsTable);
                CREATE VIRTUAL TABLE temp.\(unindexedRunsTable) USING fts5(
                    \(ftsColumnsV8), prefix = '2 3', tokenize = 'unicode61 remove_diacritics 2');
                INSERT INTO temp.\(unindexedRunsTable)(rowid, \(ftsColumnsV8)) \(queuedRunsText);
                """)
    }
}
