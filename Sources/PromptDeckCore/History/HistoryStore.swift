import Foundation
import GRDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The SQLite history of runs: one row per run, its stream events with timings, and a full-text index.
/// Safe to share between threads; several processes may write the same file at once (WAL, busy timeout).
public final class HistoryStore: RunRecorder, Sendable {
    /// Seconds a write waits for another process's write before giving up.
    static let busyTimeoutSeconds: Double = 5
    /// Bytes the write-ahead log is cut back to once a checkpoint has copied it into the file.
    static let walSizeLimit = 32 << 20
    /// How many candidates an ambiguous id prefix lists.
    static let ambiguityListLimit = 8

    /// The database file.
    public let path: String
    /// A pool for a store opened to write; a single read-only connection for `openForReading`.
    let pool: any DatabaseWriter
    let writer: WriterProcess
    /// True for a store opened with `openForReading`: every write fails as not writable.
    public let isReadOnly: Bool

    init(path: String, pool: any DatabaseWriter, writer: WriterProcess, isReadOnly: Bool = false) {
        self.isReadOnly = isReadOnly
        self.path = path
        self.pool = pool
        self.writer = writer
    }

    /// Where a long one-time step of opening (a migration that re-indexes a large history) is announced.
    /// The CLI prints it to stderr; the playground leaves it unset (it opens history after its first
    /// frame, and the terminal is its own then).
    public static func announceLongSteps(_ sink: (@Sendable (String) -> Void)?) {
        noticeSink.withLock { $0 = sink }
    }

    static func notice(_ text: String) {
        noticeSink.withLock { $0 }?(text)
    }

    private static let noticeSink = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// Opens (creating with mode 0600 if needed) and migrates the database at `path`; marks runs left
    /// `running` by a process that has since died as `interrupted`.
    public static func open(path: String) throws(HistoryError) -> HistoryStore {
        try open(path: path, writer: .current)
    }

    static func open(path: String, writer: WriterProcess) throws(HistoryError) -> HistoryStore {
        try prepareFile(path)
        var config = GRDB.Configuration()
        config.busyMode = .timeout(busyTimeoutSeconds)
        config.label = "PromptDeck history"
        config.prepareDatabase { db in
            // WAL + NORMAL: a commit survives a crash of the process (kill -9); only power loss may drop
            // the last commits. Full fsync per 250 ms snapshot would cost far more than it buys.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // One large transaction (the first search after a big import indexing it, a migration) grows
            // the write-ahead log to its size; without a limit the file keeps that size for good.
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.walSizeLimit)")
        }
        let pool: DatabasePool
        do {
            pool = try openAndMigrate(path: path, configuration: config)
        } catch {
            throw HistoryError(error, path: path)
        }
        let store = HistoryStore(path: path, pool: pool, writer: writer)
        try store.markInterruptedRuns()
        return store
    }

    /// Opens the pool and runs the migrations. Processes that open a new file at the same moment race:
    /// switching a new file to WAL can answer SQLITE_BUSY without waiting, and GRDB decides which
    /// migrations to apply before each one's transaction, so two processes can both try one (the loser
    /// rolls back with "already exists", or with a duplicate row in `grdb_migrations` for a migration that
    /// only replaces triggers). The winner's work is then on disk, so trying again is right;
    /// a database another process keeps locked fails after the busy timeout, as before.
    private static func openAndMigrate(path: String, configuration: GRDB.Configuration) throws -> DatabasePool {
        // Only quick failures are the race; a lock someone holds fails once, after the busy timeout.
        let deadline = ContinuousClock.now + .seconds(2)
        // A file still empty, or written in the last seconds, may be being created by someone: while they
        // write its first pages it can read as malformed for a moment (seen with 4 processes opening a new
        // file at once under load: the file was no longer empty when the fourth looked). A file that has
        // not changed lately and reads malformed fails at once, as before.
        let isNew = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int ?? 0) == 0
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try HistorySchema.migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError
                where ContinuousClock.now < deadline
                && (isFirstOpenRace(error) || isHalfWritten(error) && (isNew || isBeingWritten(path)))
            {
                usleep(50_000)
            }
        }
    }

    /// Whether the file (or its write-ahead log) changed in the last few seconds: someone is writing it.
    private static func isBeingWritten(_ path: String) -> Bool {
        [path, path + "-wal"].contains { file in
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date
            else { return false }
            return Date().timeIntervalSince(modified) < 5
        }
    }

    /// What a reader sees of a new file whose first pages another process is still writing.
    private static func isHalfWritten(_ error: DatabaseError) -> Bool {
        error.resultCode.primaryResultCode == .SQLITE_CORRUPT || error.resultCode.primaryResultCode == .SQLITE_NOTADB
    }

    private static func isFirstOpenRace(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
            || (error.message ?? "").contains("already exists") || (error.message ?? "").contains("grdb_migrations")
            // Two first opens running the same ADD COLUMN migration: the second finds the column there.
            || (error.message ?? "").contains("duplicate column name")
    }

    /// Creates the folders and the file ourselves so the file is born 0600 (SQLite would use 0644).
    /// An existing file is opened but never truncated or rewritten.
    private static func prepareFile(_ path: String) throws(HistoryError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .notWritable(path: path, reason: "cannot create the folder \(folder): \(reasonText(error))")
            }
        }
        var created = true
        var fd = SystemFile.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 && errno == EEXIST {
            created = false
            fd = SystemFile.open(path, O_RDWR | O_CLOEXEC, 0)
        }
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw .notWritable(path: path, reason: reason)
        }
        if created { _ = fchmod(fd, 0o600) }
        close(fd)
        // SQLite must create `-wal` and `-shm` next to the file: a read-only folder fails later and vaguely.
        let dir = folder.isEmpty ? "." : folder
        if !FileManager.default.fileExists(atPath: path + "-wal") && access(dir, W_OK) != 0 {
            let reason = String(cString: strerror(errno))
            throw .notWritable(path: path, reason: "the folder \(dir) is not writable (\(reason))")
        }
    }

    private static func reasonText(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? error.localizedDescription
    }

    // MARK: RunRecorder

    /// Inserts the run with its request; status is whatever the record says (normally `running`).
    public func begin(_ record: RunRecord) throws(HistoryError) {
        try write { db in try self.insert(record, db) }
    }

    /// Inserts stream events and updates the run's status, in one transaction. The output is not written
    /// until the run finishes: rewriting the whole output on every flush made a long stream's history
    /// writes grow with the square of its length. Until then the output is the events' text
    /// (`outputsFromEvents`).
    public func append(_ events: [RecordedEvent], snapshot: RunRecord) throws(HistoryError) {
        try write { db in
            let seq = try self.updateOrInsert(snapshot, sql: RunRowCoding.snapshotSQL, db) {
                RunRowCoding.snapshotArguments($0)
            }
            try self.insert(events, runSeq: seq, db)
            if !snapshot.reasoning.isEmpty || !snapshot.toolCalls.isEmpty {
                try self.writeConversationColumns(snapshot, db)
            }
        }
    }

    /// Writes the run's final state, with the events not yet appended. A run never begun is inserted whole.
    public func finish(_ record: RunRecord, events: [RecordedEvent] = []) throws(HistoryError) {
        try write { db in
            // Before the status leaves `running`, so the search index reads them with the rest, once.
            try self.writeConversationColumns(record, db)
            let seq = try self.updateOrInsert(record, sql: RunRowCoding.finishSQL, db) {
                RunRowCoding.finishArguments($0)
            }
            try self.insert(events, runSeq: seq, db)
            try self.writeExtras(record, db)
        }
    }

    private func insert(_ events: [RecordedEvent], runSeq: Int64, _ db: Database) throws {
        guard !events.isEmpty else { return }
        let statement = try db.cachedStatement(sql: RunRowCoding.eventSQL)
        for event in events {
            try statement.execute(arguments: RunRowCoding.eventArguments(event, runSeq: runSeq))
        }
    }

    /// Inserts finished runs in one transaction (imports, benchmarks). Events are not written.
    public func insert(_ records: [RunRecord]) throws(HistoryError) {
        try write { db in
            for record in records {
                try self.insert(record, db)
                try self.writeExtras(record, db)
            }
        }
    }

    /// The columns the insert leaves out (estimated tokens, timings, retried attempts); nothing to write for
    /// most runs.
    private func writeExtras(_ record: RunRecord, _ db: Database) throws {
        if !record.checkResults.isEmpty || record.cost != nil || record.usage?.cachedPromptTokens != nil {
            try db.cachedStatement(sql: RunRowCoding.evaluationSQL).execute(
                arguments: RunRowCoding.evaluationArguments(
                    runID: record.id, checks: record.checkResults, cost: record.cost,
                    cachedTokens: record.usage?.cachedPromptTokens))
        }
        guard record.tokensEstimated || record.timings != nil || !record.attempts.isEmpty else { return }
        try db.cachedStatement(sql: RunRowCoding.extrasSQL).execute(arguments: RunRowCoding.extrasArguments(record))
    }

    /// Records a finished run's check results and cost (the playground checks a run after history has it).
    public func recordEvaluation(runID: String, checks: [CheckResult], cost: RunCost?) throws(HistoryError) {
        try write { db in
            try db.cachedStatement(sql: RunRowCoding.evaluationSQL).execute(
                arguments: RunRowCoding.evaluationArguments(runID: runID, checks: checks, cost: cost))
        }
    }

    /// Reasoning, tool calls and conversation (v8); nothing to write for most runs.
    private func writeConversationColumns(_ record: RunRecord, _ db: Database) throws {
        guard RunRowCoding.hasConversationColumns(record) else { return }
        try db.cachedStatement(sql: RunRowCoding.conversationSQL)
            .execute(arguments: RunRowCoding.conversationArguments(record))
    }

    @discardableResult
    private func insert(_ record: RunRecord, _ db: Database) throws -> Int64 {
        try db.cachedStatement(sql: RunRowCoding.insertSQL)
            .execute(arguments: RunRowCoding.insertArguments(record, writer: writer))
        let seq = db.lastInsertedRowID
        try writeConversationColumns(record, db)
        try Self.assignVersion(record, runSeq: seq, db)
        return seq
    }

    private func updateOrInsert(
        _ record: RunRecord, sql: String, _ db: Database, arguments: (RunRecord) -> StatementArguments
    ) throws -> Int64 {
        try db.cachedStatement(sql: sql).execute(arguments: arguments(record))
        if db.changesCount == 0 { return try insert(record, db) }
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM run WHERE id = ?"), arguments: [record.id])
            ?? insert(record, db)
    }

    // MARK: Access with error mapping

    @discardableResult
    func write<T>(_ body: @Sendable (Database) throws -> T) throws(HistoryError) -> T {
        do { return try pool.write(body) } catch { throw HistoryError(error, path: path) }
    }

    func read<T>(_ body: @Sendable (Database) throws -> T) throws(HistoryError) -> T {
        do { return try pool.read(body) } catch { throw HistoryError(error, path: path) }
    }
}

extension HistoryError {
    /// Maps a SQLite or GRDB failure to the user's words, naming the file.
    init(_ error: any Error, path: String) {
        if let error = error as? HistoryError {
            self = error
            return
        }
        guard let dbError = error as? DatabaseError else {
            self = .database(path: path, message: "\(error)")
            return
        }
        let message = dbError.message ?? "\(dbError.resultCode)"
        switch dbError.resultCode.primaryResultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: self = .notADatabase(path: path, reason: message)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            self = .notWritable(path: path, reason: message)
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .locked(path: path)
        default: self = .database(path: path, message: message)
        }
    }
}
