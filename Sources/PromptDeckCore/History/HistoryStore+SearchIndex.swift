import Foundation
import GRDB

extension HistoryStore {
    /// From how many queued runs indexing says so first (about 4,000 runs a second here).
    static let longIndexingRuns = HistorySchema.longMigrationRuns

    /// Adds the finished runs queued since the last search to the search index (v12: a run is indexed when
    /// someone searches, not on its own path). Returns how many queued runs are still not in the index: 0
    /// once it has every finished run. `search` calls it first, so nobody else has to.
    ///
    /// A store opened for reading indexes through a connection of its own when the file can be written.
    /// When indexing fails (a read-only file or folder, a full disk, another process holding the file
    /// locked past the busy timeout), the runs stay queued (the next search tries again), this returns how
    /// many, and the notice (stderr in the CLI) says why.
    @discardableResult
    public func indexPendingRuns() throws(HistoryError) -> Int {
        let queued = try read { db in
            // A file whose last migration is older never reaches here: opening upgraded it.
            try Int.fetchOne(db, sql: "SELECT count(*) FROM run_fts_pending") ?? 0
        }
        guard queued > 0 else { return 0 }
        if queued >= Self.longIndexingRuns {
            Self.notice("adding \(queued) new runs to the search index (about \(max(1, queued / 4000)) s)…")
        }
        do {
            if !isReadOnly {
                try pool.write(HistorySchema.indexPendingRuns)
                return 0
            }
            var config = GRDB.Configuration()
            config.busyMode = .timeout(Self.busyTimeoutSeconds)
            config.label = "PromptDeck history (search index)"
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            try queue.write(HistorySchema.indexPendingRuns)
            return 0
        } catch {
            let reason = HistoryError(error, path: path).localizedDescription
            Self.notice("searching \(queued) runs that could not be added to the search index: \(reason)")
            return queued
        }
    }
}
