import GRDB

/// Migration v8: conversations, tool calls and reasoning.
extension HistorySchema {
    /// The searchable text of a run row since v8: v2's columns, then the reasoning, and the conversation
    /// (every earlier turn's text, tool arguments and results) with this run's own tool calls.
    /// (`r` is `new` or `old` in triggers, `run` in the view.)
    static func searchColumnsV8(_ r: String) -> String {
        """
        \(r).prompt_id || ' ' || \(r).prompt_name, \(r).rendered_prompt, \
        (SELECT group_concat(value, ' ') FROM json_tree(\(r).variables) WHERE type = 'text'), \
        (SELECT group_concat(value, char(10)) FROM json_each(\(r).outputs)), \(r).model, \
        (SELECT group_concat(value, char(10)) FROM json_each(\(r).reasoning)), \
        ifnull((SELECT group_concat(value, char(10)) FROM json_tree(\(r).conversation) \
            WHERE type = 'text' AND key IN ('content', 'name', 'arguments')), '') || char(10) || \
        ifnull((SELECT group_concat(value, char(10)) FROM json_tree(\(r).tool_calls) \
            WHERE type = 'text' AND key IN ('name', 'arguments')), '')
        """
    }

    static let ftsColumnsV8 = "prompt, rendered_prompt, variables, output, model, reasoning, conversation"

    /// New run columns (JSON text, null when a run has none):
    /// - `reasoning`: reasoning text per choice; `reasoning_tokens`; `reasoning_ttft_ms`;
    /// - `tool_calls`: the calls per choice (`[{"id", "name", "arguments"}]`);
    /// - `conversation`: the messages sent after the prompt's own (request-body form).
    /// `run_event.channel` marks reasoning events (null: answer text).
    ///
    /// The search index gains two columns, so it is rebuilt: FTS5 cannot add a column. The view, the index
    /// and the triggers are dropped and made again as in v2/v3 (finished runs only), then every finished run
    /// is indexed again. Written by `RunRowCoding.conversationSQL`, so the insert is unchanged.
    static let v8 = """
        DROP TRIGGER run_fts_insert;
        DROP TRIGGER run_fts_delete;
        DROP TRIGGER run_fts_update;
        DROP TABLE run_fts;
        DROP VIEW run_search_source;
        ALTER TABLE run ADD COLUMN reasoning TEXT;
        ALTER TABLE run ADD COLUMN reasoning_tokens INTEGER;
        ALTER TABLE run ADD COLUMN reasoning_ttft_ms INTEGER;
        ALTER TABLE run ADD COLUMN tool_calls TEXT;
        ALTER TABLE run ADD COLUMN conversation TEXT;
        ALTER TABLE run_event ADD COLUMN channel TEXT;
        CREATE VIEW run_search_source(seq, \(ftsColumnsV8)) AS
            SELECT run.seq, \(searchColumnsV8("run")) FROM run;
        CREATE VIRTUAL TABLE run_fts USING fts5(
            \(ftsColumnsV8),
            content = 'run_search_source', content_rowid = 'seq',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER run_fts_insert AFTER INSERT ON run WHEN new.status <> 'running' BEGIN
            INSERT INTO run_fts(rowid, \(ftsColumnsV8)) VALUES (new.seq, \(searchColumnsV8("new")));
        END;
        CREATE TRIGGER run_fts_delete AFTER DELETE ON run WHEN old.status <> 'running' BEGIN
            INSERT INTO run_fts(run_fts, rowid, \(ftsColumnsV8))
            VALUES ('delete', old.seq, \(searchColumnsV8("old")));
        END;
        CREATE TRIGGER run_fts_update
        AFTER UPDATE OF prompt_id, prompt_name, rendered_prompt, variables, outputs, model, status, reasoning,
            tool_calls, conversation ON run BEGIN
            INSERT INTO run_fts(run_fts, rowid, \(ftsColumnsV8))
                SELECT 'delete', old.seq, \(searchColumnsV8("old")) WHERE old.status <> 'running';
            INSERT INTO run_fts(rowid, \(ftsColumnsV8))
                SELECT new.seq, \(searchColumnsV8("new")) WHERE new.status <> 'running';
        END;
        INSERT INTO run_fts(rowid, \(ftsColumnsV8))
            SELECT run.seq, \(searchColumnsV8("run")) FROM run WHERE status <> 'running';
        """
}
