import GRDB

/// The history database's tables and their migrations. Migrations only ever add: a file written by an
/// older PromptDeck opens in a newer one with every row kept.
enum HistorySchema {
    /// Version 1: runs (one row each) and their stream events, with the indexes `list` needs.
    static let v1 = """
        CREATE TABLE run (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            finished_at INTEGER,
            prompt_id TEXT NOT NULL,
            prompt_name TEXT NOT NULL,
            template_source TEXT NOT NULL,
            partials TEXT NOT NULL DEFAULT '{}',
            rendered_prompt TEXT NOT NULL,
            kind TEXT NOT NULL,
            profile TEXT NOT NULL,
            endpoint_url TEXT NOT NULL,
            model TEXT NOT NULL,
            variables TEXT NOT NULL DEFAULT '{}',
            parameters TEXT NOT NULL DEFAULT '{}',
            request_body TEXT NOT NULL,
            request_headers TEXT NOT NULL DEFAULT '[]',
            streamed INTEGER NOT NULL,
            status TEXT NOT NULL,
            http_status INTEGER,
            error_message TEXT,
            outputs TEXT NOT NULL DEFAULT '{}',
            finish_reasons TEXT NOT NULL DEFAULT '{}',
            output_preview TEXT NOT NULL DEFAULT '',
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            total_tokens INTEGER,
            ttft_ms INTEGER,
            duration_ms INTEGER,
            response_headers TEXT NOT NULL DEFAULT '[]',
            logprobs TEXT NOT NULL DEFAULT '{}',
            group_id TEXT,
            parent_id TEXT,
            writer_pid INTEGER,
            writer_start TEXT
        );
        CREATE INDEX run_created ON run(created_at);
        CREATE INDEX run_prompt ON run(prompt_id, created_at);
        CREATE INDEX run_model ON run(model, created_at);
        CREATE INDEX run_profile ON run(profile, created_at);
        CREATE INDEX run_status ON run(status, created_at);
        CREATE INDEX run_group ON run(group_id) WHERE group_id IS NOT NULL;
        CREATE INDEX run_parent ON run(parent_id) WHERE parent_id IS NOT NULL;
        CREATE TABLE run_event (
            run_seq INTEGER NOT NULL REFERENCES run(seq) ON DELETE CASCADE,
            sequence INTEGER NOT NULL,
            offset_ms INTEGER NOT NULL,
            choice INTEGER NOT NULL,
            text TEXT NOT NULL,
            logprobs TEXT,
            PRIMARY KEY (run_seq, sequence)
        ) WITHOUT ROWID;
        """

    /// The searchable text of a run row (`r` is `new` or `old` in triggers, `run` in the view).
    private static func searchColumns(_ r: String) -> String {
        """
        \(r).prompt_id || ' ' || \(r).prompt_name, \(r).rendered_prompt, \
        (SELECT group_concat(value, ' ') FROM json_tree(\(r).variables) WHERE type = 'text'), \
        (SELECT group_concat(value, char(10)) FROM json_each(\(r).outputs)), \(r).model
        """
    }

    /// Version 2: full-text search. An external-content FTS5 table reads its text through a view over
    /// `run`, so nothing is stored twice; triggers keep the index in step with every insert, update, delete.
    /// (SQLite fires triggers on one event in reverse order of creation: one trigger keeps delete-then-insert.)
    /// (FTS5's 'rebuild' fails on a view that calls json_each, so existing rows are indexed by hand.)
    static let v2 = """
        CREATE VIEW run_search_source(seq, prompt, rendered_prompt, variables, output, model) AS
            SELECT run.seq, \(searchColumns("run")) FROM run;
        CREATE VIRTUAL TABLE run_fts USING fts5(
            prompt, rendered_prompt, variables, output, model,
            content = 'run_search_source', content_rowid = 'seq',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER run_fts_insert AFTER INSERT ON run BEGIN
            INSERT INTO run_fts(rowid, prompt, rendered_prompt, variables, output, model)
            VALUES (new.seq, \(searchColumns("new")));
        END;
        CREATE TRIGGER run_fts_delete AFTER DELETE ON run BEGIN
            INSERT INTO run_fts(run_fts, rowid, prompt, rendered_prompt, variables, output, model)
            VALUES ('delete', old.seq, \(searchColumns("old")));
        END;
        CREATE TRIGGER run_fts_update
        AFTER UPDATE OF prompt_id, prompt_name, rendered_prompt, variables, outputs, model ON run BEGIN
            INSERT INTO run_fts(run_fts, rowid, prompt, rendered_prompt, variables, output, model)
            VALUES ('delete', old.seq, \(searchColumns("old")));
            INSERT INTO run_fts(rowid, prompt, rendered_prompt, variables, output, model)
            VALUES (new.seq, \(searchColumns("new")));
        END;
        INSERT INTO run_fts(rowid, prompt, rendered_prompt, variables, output, model)
            SELECT run.seq, \(searchColumns("run")) FROM run;
        """

    /// Version 3: a run is indexed for search once, when it stops running, instead of on every flush
    /// during its stream (which re-indexed the whole output several times a second). Running rows are not
    /// in the index; the triggers only ever 'delete' values that were indexed, which FTS5 requires.
    static let v3 = """
        INSERT INTO run_fts(run_fts, rowid, prompt, rendered_prompt, variables, output, model)
            SELECT 'delete', run.seq, \(searchColumns("run")) FROM run WHERE status = 'running';
        DROP TRIGGER run_fts_insert;
        DROP TRIGGER run_fts_delete;
        DROP TRIGGER run_fts_update;
        CREATE TRIGGER run_fts_insert AFTER INSERT ON run WHEN new.status <> 'running' BEGIN
            INSERT INTO run_fts(rowid, prompt, rendered_prompt, variables, output, model)
            VALUES (new.seq, \(searchColumns("new")));
        END;
        CREATE TRIGGER run_fts_delete AFTER DELETE ON run WHEN old.status <> 'running' BEGIN
            INSERT INTO run_fts(run_fts, rowid, prompt, rendered_prompt, variables, output, model)
            VALUES ('delete', old.seq, \(searchColumns("old")));
        END;
        CREATE TRIGGER run_fts_update
        AFTER UPDATE OF prompt_id, prompt_name, rendered_prompt, variables, outputs, model, status ON run BEGIN
            INSERT INTO run_fts(run_fts, rowid, prompt, rendered_prompt, variables, output, model)
                SELECT 'delete', old.seq, \(searchColumns("old")) WHERE old.status <> 'running';
            INSERT INTO run_fts(rowid, prompt, rendered_prompt, variables, output, model)
                SELECT new.seq, \(searchColumns("new")) WHERE new.status <> 'running';
        END;
        """

    /// Version 4: the comparison column a run was, so reopening tells duplicated columns from repeats.
    static let v4 = "ALTER TABLE run ADD COLUMN variant TEXT;"

    /// Version 5: whether a run's completion/total tokens are PromptDeck's estimate (the server sent no usage),
    /// and llama.cpp's `timings` as JSON. Written by `RunRowCoding.extrasSQL`, so the insert is unchanged.
    static let v5 = """
        ALTER TABLE run ADD COLUMN tokens_estimated INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE run ADD COLUMN timings TEXT;
        """

    /// Version 7: the attempts a run retried before its answer (JSON, `RunAttempt`s), null for most runs.
    /// Written by `RunRowCoding.extrasSQL`. (v6 is the prompt versions.)
    static let v7 = "ALTER TABLE run ADD COLUMN attempts TEXT;"

    /// Version 9: check results (JSON `CheckResult`s) with their counts, so lists filter on them without
    /// reading the JSON, and the run's cost when it was known. Written by `RunRowCoding.evaluationSQL`.
    static let v9 = """
        ALTER TABLE run ADD COLUMN checks TEXT;
        ALTER TABLE run ADD COLUMN checks_passed INTEGER;
        ALTER TABLE run ADD COLUMN checks_failed INTEGER;
        ALTER TABLE run ADD COLUMN cost_usd REAL;
        ALTER TABLE run ADD COLUMN cost_estimated INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX run_checks_failed ON run(checks_failed, created_at) WHERE checks_failed IS NOT NULL;
        """

    /// All migrations, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
        migrator.registerMigration("v2-search") { db in try db.execute(sql: v2) }
        migrator.registerMigration("v3-index-finished-runs") { db in try db.execute(sql: v3) }
        migrator.registerMigration("v4-variant-label") { db in try db.execute(sql: v4) }
        migrator.registerMigration("v5-estimated-tokens") { db in try db.execute(sql: v5) }
        migrator.registerMigration("v6-prompt-versions") { db in try migrateToVersions(db) }
        migrator.registerMigration("v7-attempts") { db in try db.execute(sql: v7) }
        migrator.registerMigration("v8-conversations") { db in try db.execute(sql: v8) }
        migrator.registerMigration("v9-evaluation") { db in try db.execute(sql: v9) }
        migrator.registerMigration("v10-cached-tokens") { db in try db.execute(sql: v10) }
        migrator.registerMigration("v11-search-prefix-index") { db in try migrateToPrefixIndex(db) }
        migrator.registerMigration("v12-index-on-search") { db in try db.execute(sql: v12) }
        return migrator
    }
}

/// Migration v11: prefix indexes for search.
extension HistorySchema {
    /// The search index is made again with FTS5 prefix indexes for 2- and 3-character prefixes, so search as
    /// you type (`to` is `"to"*`) reads one doclist instead of merging every token that starts with it. It
    /// costs space: at 100,000 runs the index grew from 108 MB to 305 MB (the file by 40%), and the
    /// migration re-indexes every finished run once. The table is rebuilt from its own definition and
    /// columns (whatever migration made them last), only gaining `prefix`; the triggers and the view are
    /// untouched. A later migration that rebuilds `run_fts` must keep `prefix = '2 3'`.
    /// From how many runs a migration that re-indexes every run says so first.
    static let longMigrationRuns = 5_000

    static func migrateToPrefixIndex(_ db: Database) throws {
        guard let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'run_fts'"),
            !definition.contains("prefix"), definition.contains("tokenize")
        else { return }
        let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(run_fts)").map { $0["name"] as String }
        let list = columns.joined(separator: ", ")
        // A large history takes a while (about 4,000 runs a second here): whoever opens it is told why.
        let runs = try Int.fetchOne(db, sql: "SELECT count(*) FROM run WHERE status <> 'running'") ?? 0
        if runs >= longMigrationRuns {
            HistoryStore.notice(
                "rebuilding the history's search index for \(runs) runs with prefix indexes "
                    + "(once, after an upgrade; about \(max(1, runs / 4000)) s)…")
        }
        try db.execute(sql: "DROP TABLE run_fts")
        try db.execute(sql: definition.replacing("tokenize", with: "prefix = '2 3', tokenize"))
        try db.execute(
            sql: """
                INSERT INTO run_fts(rowid, \(list))
                    SELECT source.seq, \(columns.map { "source." + $0 }.joined(separator: ", "))
                    FROM run_search_source AS source JOIN run ON run.seq = source.seq
                    WHERE run.status <> 'running'
                """)
    }
}
