import Synchronization

/// Opens the history database on first use, from a run's own history queue, so a slow or locked database
/// never delays the start of a stream: the run streams at once, and its history catches up (or reports
/// why it could not) when the database lets it. Shared by every run of one process.
public final class DeferredHistoryRecorder: RunRecorder, Sendable {
    public let path: String
    private let opened = Mutex<Result<HistoryStore, HistoryError>?>(nil)

    public init(path: String) {
        self.path = path
    }

    /// The store, opened once; a failure to open is remembered and reported by every later write.
    public func store() throws(HistoryError) -> HistoryStore {
        let result = opened.withLock { cached -> Result<HistoryStore, HistoryError> in
            if let cached { return cached }
            let result = Result { () throws(HistoryError) in try HistoryStore.open(path: path) }
            cached = result
            return result
        }
        return try result.get()
    }

    public func begin(_ record: RunRecord) throws { try store().begin(record) }

    public func append(_ events: [RecordedEvent], snapshot: RunRecord) throws {
        try store().append(events, snapshot: snapshot)
    }

    public func finish(_ record: RunRecord, events: [RecordedEvent]) throws {
        try store().finish(record, events: events)
    }
}
