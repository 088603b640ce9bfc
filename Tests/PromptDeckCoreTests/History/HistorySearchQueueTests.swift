import Foundation
import GRDB
import PromptDeckTestSupport
import Synchronization
import Testing

@testable import PromptDeckCore

/// v12: a finished run is queued for the search index and indexed by the next search, from any process;
/// whatever happens to a run meanwhile, the index stays consistent with the runs (FTS5 'integrity-check').
@Suite("History search index: runs queued on finish, indexed on search", .serialized)
struct HistorySearchQueueTests {
    static func queued(_ store: HistoryStore) throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM run_fts_pending") ?? -1 }
    }

    /// Fails (throws SQLITE_CORRUPT_VTAB) when the index holds text a run no longer has, or misses a run.
    static func checkIndex(_ store: HistoryStore) throws {
        try store.pool.write { db in try db.execute(sql: "INSERT INTO run_fts(run_fts) VALUES ('integrity-check')") }
    }

    static func record(_ output: String) -> RunRecord {
        var record = HistoryFixtures.fullRecord()
        record.outputs = [0: output]
        return record
    }

    @Test("finishing a run only queues it; another process's first search indexes it and finds it")
    func finishQueuesSearchIndexes() throws {
        let folder = TemporaryFolder()
        let writer = try HistoryStore.open(path: folder.historyFile)
        var record = Self.record("")
        record.status = .running
        try writer.begin(record)
        #expect(try Self.queued(writer) == 0, "a running run is not queued")
        record.status = .ok
        record.outputs = [0: "a note on persimmons"]
        try writer.finish(record)
        #expect(try Self.queued(writer) == 1)
        let reader = try HistoryStore.openForReading(path: folder.historyFile)
        #expect(try reader.search(query: "persimmons").map(\.summary.id) == [record.id])
        #expect(try Self.queued(writer) == 0, "the search emptied the queue for everyone")
        #expect(try writer.search(query: "persimmons").count == 1, "indexed once, found once")
        try Self.checkIndex(writer)
    }

    @Test("a run deleted or changed while queued, or after it was indexed, leaves the index consistent")
    func deleteAndChangeKeepTheIndexConsistent() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        let queuedThenDeleted = Self.record("lychee queued")
        let indexedThenDeleted = Self.record("lychee indexed")
        let indexedThenChanged = Self.record("rambutan before")
        try store.insert([indexedThenDeleted, indexedThenChanged])
        #expect(try store.search(query: "lychee").count == 1)
        try store.insert([queuedThenDeleted])
        try store.delete(id: queuedThenDeleted.id)
        try store.delete(id: indexedThenDeleted.id)
        try Self.checkIndex(store)
        #expect(try store.search(query: "lychee").isEmpty)
        // A finished run's text changed in place (as an older PromptDeck's import might): out of the index
        // with its old text, queued with its new one.
        try store.pool.write { db in
            try db.execute(
                sql: "UPDATE run SET outputs = ? WHERE id = ?",
                arguments: [#"{"0":"rambutan after"}"#, indexedThenChanged.id])
        }
        #expect(try Self.queued(store) == 1)
        try Self.checkIndex(store)
        #expect(try store.search(query: "before", prefixLastWord: false).isEmpty)
        #expect(try store.search(query: "rambutan after").map(\.summary.id) == [indexedThenChanged.id])
        try Self.checkIndex(store)
    }

    @Test("a history that cannot be written still finds its queued runs, ranked with the rest, and stays as it was")
    func readOnlyHistoryFindsQueuedRuns() throws {
        let locked = try #require(LockedDownFolder(), "cannot make a read-only folder here")
        let path = locked.path + "/history.sqlite"
        do {
            let store = try HistoryStore.open(path: path)
            try store.insert([Self.record("guava indexed early")])
            #expect(try store.search(query: "guava").count == 1)
            try store.insert([Self.record("guava queued late"), Self.record("guava queued later")])
        }
        #expect(locked.makeReadOnly())
        let notices = Mutex<[String]>([])
        HistoryStore.announceLongSteps { text in notices.withLock { $0.append(text) } }
        defer { HistoryStore.announceLongSteps(nil) }
        let reader = try HistoryStore.openForReading(path: path)
        let hits = try reader.search(query: "guava", highlight: ("<", ">"))
        #expect(hits.count == 3, "the indexed run and both queued ones")
        #expect(hits.allSatisfy { $0.snippet.contains("<guava>") }, "queued runs get snippets too: \(hits)")
        #expect(try reader.search(query: "lat").count == 2, "prefixes work on the queued runs")
        #expect(try reader.search(query: "guava", filter: .init(status: .error)).isEmpty, "filters apply to them")
        let said = notices.withLock { $0 }
        #expect(!said.isEmpty && said.allSatisfy { $0.contains("searching 2 runs") }, "\(said)")
        #expect(try Self.queued(reader) == 2, "nothing was written")
    }

    @Test("a large queue says so before it is indexed; a small one is quiet")
    func largeQueueSaysSo() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        let notices = Mutex<[String]>([])
        HistoryStore.announceLongSteps { text in notices.withLock { $0.append(text) } }
        defer { HistoryStore.announceLongSteps(nil) }
        try store.insert((0..<3).map { Self.record("feijoa \($0)") })
        #expect(try store.search(query: "feijoa").count == 3)
        #expect(notices.withLock { $0 }.isEmpty)
        try store.insert((0..<HistoryStore.longIndexingRuns).map { Self.record("tamarillo \($0)") })
        #expect(try store.search(query: "tamarillo", limit: 5).count == 5)
        let said = notices.withLock { $0 }
        #expect(said.count == 1 && said[0].contains("\(HistoryStore.longIndexingRuns) new runs"), "\(said)")
        try Self.checkIndex(store)
    }
}

@Suite("History write-ahead log size")
struct HistoryWALSizeTests {
    @Test("after one large transaction the write-ahead log is cut back once it has been checkpointed")
    func largeTransactionDoesNotLeaveALargeLog() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        let text = String(repeating: "a line of output that fills the log ", count: 2_000)
        try store.insert((0..<800).map { HistorySearchQueueTests.record("\($0) \(text)") })
        let wal = folder.historyFile + "-wal"
        func walSize() -> Int { (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0 }
        #expect(walSize() > HistoryStore.walSizeLimit, "the transaction was large enough to test this")
        try store.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        try store.insert([HistorySearchQueueTests.record("a small run after")])  // the log restarts here
        #expect(walSize() <= HistoryStore.walSizeLimit)
    }
}
