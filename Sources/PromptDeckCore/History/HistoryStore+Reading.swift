import Foundation
import GRDB

extension HistoryStore {
    /// Opens the database at `path` for reading only: nothing is created, migrated or written, so a read-only
    /// file or folder, a full disk, or a file another process is writing can still be listed and searched.
    /// A missing file throws `HistoryError.noHistoryYet`. A file written by an older PromptDeck (schema not
    /// up to date) is upgraded through `open(path:)` first when it can be written.
    public static func openForReading(path: String) throws(HistoryError) -> HistoryStore {
        guard FileManager.default.fileExists(atPath: path) else { throw .noHistoryYet(path: path) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .notReadable(path: path, reason: String(cString: strerror(EACCES)))
        }
        let queue: DatabaseQueue
        do {
            queue = try openReadOnly(path: path, immutable: false)
        } catch {
            // A WAL database in a folder we cannot write, with no `-shm` file: SQLite cannot set up shared
            // memory, but can read the file as immutable (nobody can be writing it without that file).
            guard let fallback = try? openReadOnly(path: path, immutable: true) else {
                throw HistoryError(error, path: path)
            }
            queue = fallback
        }
        let upToDate: Bool
        do {
            upToDate = try queue.read { db in try HistorySchema.migrator.hasCompletedMigrations(db) }
        } catch {
            throw HistoryError(error, path: path)
        }
        if !upToDate { return try open(path: path) }
        return HistoryStore(path: path, pool: queue, writer: .current, isReadOnly: true)
    }

    private static func openReadOnly(path: String, immutable: Bool) throws -> DatabaseQueue {
        var config = GRDB.Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeoutSeconds)
        config.label = "PromptDeck history (read-only)"
        let queue = try DatabaseQueue(path: immutable ? immutableURI(path) : path, configuration: config)
        // Opening is lazy about the file's contents: read the schema now so a bad file fails here.
        try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        return queue
    }

    /// `file:` URI with `immutable=1` (SQLite here is built with URI file names enabled).
    private static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:" + encoded + "?immutable=1"
    }
}
