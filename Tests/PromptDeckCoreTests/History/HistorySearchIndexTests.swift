import Foundation
import Synchronization
import Testing

@testable import PromptDeckCore

@Suite("History search index follows a run's life")
struct HistorySearchIndexTests {
    @Test("a run is searchable by its output once it stops running, and only once")
    func indexedOnFinish() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        var record = HistoryFixtures.fullRecord()
        record.status = .running
        record.outputs = [:]
        try store.begin(record)
        record.outputs = [0: "partial marmalade"]
        try store.append(
            [RecordedEvent(sequence: 0, offsetMs: 5, choice: 0, text: "partial marmalade")], snapshot: record)
        #expect(try store.search(query: "marmalade").isEmpty, "a running run's output is not indexed yet")
        record.outputs = [0: "partial marmalade and quince"]
        record.status = .ok
        try store.append([RecordedEvent(sequence: 1, offsetMs: 9, choice: 0, text: " and quince")], snapshot: record)
        try store.finish(record)
        let hits = try store.search(query: "quince")
        #expect(hits.map(\.summary.id) == [record.id], "one hit, not one per write")
        #expect(try store.search(query: "marmalade").count == 1)
        try store.delete(id: record.id)
        #expect(try store.search(query: "quince").isEmpty, "a deleted run leaves nothing in the index")
    }

    @Test("a run left running by a dead process becomes searchable when it is marked interrupted")
    func interruptedRunsAreIndexed() throws {
        let folder = TemporaryFolder()
        let deadPid = try #require(HistoryStoreTests.deadPid())
        let writer = try HistoryStore.open(
            path: folder.historyFile, writer: WriterProcess(pid: deadPid, startMarker: "gone"))
        var record = HistoryFixtures.fullRecord()
        record.status = .running
        record.outputs = [0: "half a sentence about gooseberries"]
        try writer.begin(record)
        // As a stream writes it: the text in events (the row's output is written when a run finishes).
        try writer.append(
            [
                RecordedEvent(sequence: 0, offsetMs: 5, choice: 0, text: "half a sentence "),
                RecordedEvent(sequence: 1, offsetMs: 9, choice: 0, text: "about gooseberries"),
                RecordedEvent(sequence: 2, offsetMs: 9, choice: 0, text: "thinking", channel: .reasoning),
            ], snapshot: record)
        #expect(try writer.search(query: "gooseberries").isEmpty)
        #expect(try writer.run(prefix: record.id).outputs == record.outputs, "a run still going reads its events")
        let store = try HistoryStore.open(path: folder.historyFile)
        _ = try store.markInterruptedRuns()
        let interrupted = try store.run(prefix: record.id)
        #expect(interrupted.status == .interrupted)
        #expect(interrupted.outputs == record.outputs)
        #expect(try store.search(query: "gooseberries").count == 1)
    }
}

@Suite("History search words and prefixes")
struct HistorySearchWordTests {
    @Test("search as you type matches the last word as a prefix; whole-word search needs a star for that")
    func prefixes() throws {
        #expect(SearchQuery.matchExpression("gela") == #""gela"*"#)
        #expect(SearchQuery.matchExpression("gela", prefixLastWord: false) == #""gela""#)
        #expect(SearchQuery.matchExpression("gela* bar", prefixLastWord: false) == #""gela"* "bar""#)
        #expect(SearchQuery.matchExpression(#"it's "$(x)" -x"#, prefixLastWord: false) == #""it's" """$(x)""" "-x""#)
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        var record = HistoryFixtures.fullRecord()
        record.outputs = [0: "a gelato bar"]
        try store.insert([record])
        #expect(try store.search(query: "gela").count == 1)
        #expect(try store.search(query: "gela", prefixLastWord: false).isEmpty)
        #expect(try store.search(query: "gela*", prefixLastWord: false).count == 1)
        #expect(try store.search(query: "gelato", prefixLastWord: false).count == 1)
    }
}

@Suite("History opened by many at once")
struct HistoryFirstOpenTests {
    @Test("processes that create the same new database at the same moment all open it")
    func simultaneousFirstOpen() throws {
        for _ in 0..<5 {
            let folder = TemporaryFolder()
            let path = folder.historyFile
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do {
                    _ = try HistoryStore.open(path: path)
                } catch {
                    failures.withLock { $0.append(error.localizedDescription) }
                }
            }
            #expect(failures.withLock { $0 } == [])
        }
    }
}
