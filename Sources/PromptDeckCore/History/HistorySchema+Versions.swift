import GRDB

/// Migration v6: prompt versions (content-addressed, numbered per prompt) and their labels.
extension HistorySchema {
    /// `prompt_version` holds one row per distinct (prompt, file text + partials); `prompt_label` one row per
    /// (prompt, label name), so a label is on one version at a time. Runs point at their version.
    /// The first statement fails with "already exists" when another process ran this migration first,
    /// which the first-open retry in `HistoryStore.openAndMigrate` treats as the race it is.
    static let v6 = """
        CREATE TABLE prompt_version (
            seq INTEGER PRIMARY KEY,
            prompt_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            hash TEXT NOT NULL,
            template_source TEXT NOT NULL,
            partials TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            UNIQUE (prompt_id, number),
            UNIQUE (prompt_id, hash)
        );
        CREATE TABLE prompt_label (
            prompt_id TEXT NOT NULL,
            name TEXT NOT NULL,
            version_seq INTEGER NOT NULL REFERENCES prompt_version(seq),
            set_at INTEGER NOT NULL,
            PRIMARY KEY (prompt_id, name)
        ) WITHOUT ROWID;
        ALTER TABLE run ADD COLUMN version_seq INTEGER;
        ALTER TABLE run ADD COLUMN version_number INTEGER;
        CREATE INDEX run_version ON run(version_seq) WHERE version_seq IS NOT NULL;
        """

    /// Creates the tables and gives every run already in the file its version, numbered per prompt in the
    /// order of each content's first run (created_at, then seq).
    static func migrateToVersions(_ db: Database) throws {
        try db.execute(sql: v6)
        var versions = VersionAssigner()
        var assignments: [(run: Int64, version: Int64, number: Int)] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT seq, prompt_id, template_source, partials, created_at FROM run ORDER BY created_at, seq")
        while let row = try rows.next() {
            let promptID: String = row["prompt_id"]
            let source: String = row["template_source"]
            let partialsText: String = row["partials"]
            let (version, number) = try versions.version(
                promptID: promptID, source: source, partialsText: partialsText, seenAt: row["created_at"], db)
            assignments.append((row["seq"], version, number))
        }
        let update = try db.makeStatement(sql: "UPDATE run SET version_seq = ?, version_number = ? WHERE seq = ?")
        for assignment in assignments {
            try update.execute(arguments: [assignment.version, assignment.number, assignment.run])
        }
    }
}

/// Finds or creates version rows, remembering the texts it has seen so a history of many runs of few
/// contents hashes each content once.
struct VersionAssigner {
    private var seen: [String: (seq: Int64, number: Int)] = [:]

    mutating func version(
        promptID: String, source: String, partialsText: String, seenAt: Int64, _ db: Database
    ) throws -> (seq: Int64, number: Int) {
        let key = promptID + "\u{0}" + source + "\u{0}" + partialsText
        if let known = seen[key] { return known }
        let found = try HistoryStore.findOrCreateVersion(
            promptID: promptID, source: source, partials: RunRowCoding.parseStringMap(partialsText), seenAt: seenAt,
            db)
        seen[key] = found
        return found
    }
}
