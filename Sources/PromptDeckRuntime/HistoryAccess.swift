import PromptDeckCore
import Synchronization

/// The playground's way to the history file: opened on a worker at first use, and again on a later use
/// when opening failed (a file another process held locked works once it is let go). Runs record
/// through it too, from their own history queues, so a slow or locked file never delays a stream or a key.
public final class HistoryAccess: RunRecorder, Sendable {
    public let path: String
    private let opened = Mutex<HistoryStore?>(nil)
    private let readOnly = Mutex<HistoryStore?>(nil)

    /// Access to the history file at `path` (nothing is opened yet).
    public init(path: String) {
        self.path = path
    }

    /// The store, opened once it opens; call it on a worker (opening may wait for the busy timeout).
    public func store() throws(HistoryError) -> HistoryStore {
        if let store = opened.withLock({ $0 }) { return store }
        let store = try HistoryStore.open(path: path)
        return opened.withLock { cached in
            if let cached { return cached }
            cached = store
            return store
        }
    }

    /// A store to read from: the writable one once it is open, else the file opened read-only. Reading
    /// never waits for a write lock (another process in a long write, a read-only file, a full disk), so
    /// the history view lists runs while the writable store cannot be had.
    public func reader() throws(HistoryError) -> HistoryStore {
        if let store = opened.withLock({ $0 }) { return store }
        if let store = readOnly.withLock({ $0 }) { return store }
        do {
            let store = try HistoryStore.openForReading(path: path)
            readOnly.withLock { $0 = store }
            return store
        } catch .noHistoryYet {
            return try store()  // nothing to read yet: the writable store makes the file
        }
    }

    public func begin(_ record: RunRecord) throws { try store().begin(record) }

    public func append(_ events: [RecordedEvent], snapshot: RunRecord) throws {
        try store().append(events, snapshot: snapshot)
    }

    public func finish(_ record: RunRecord, events: [RecordedEvent]) throws {
        try store().finish(record, events: events)
    }
}
