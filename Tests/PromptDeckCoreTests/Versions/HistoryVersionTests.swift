import Foundation
import GRDB
import Synchronization
import Testing

@testable import PromptDeckCore

@Suite("History: prompt versions and labels on real SQLite files")
struct HistoryVersionTests {
    static let base = Date(timeIntervalSince1970: 1_700_000_000)

    static func run(
        _ prompt: String, _ text: String, partials: [String: String] = [:], at offset: Double = 0
    ) -> RunRecord {
        var record = HistoryFixtures.run(at: base + offset, prompt: prompt, prompted: text)
        record.partials = partials
        return record
    }

    @Test("two runs of one text share a version; a changed file or partial is the next number")
    func contentAddressed() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        let first = Self.run("tagline", "Write {{shop}}.", at: 0)
        try store.finish(first)
        try store.finish(Self.run("tagline", "Write {{shop}}.", at: 1))
        try store.finish(Self.run("tagline", "Write {{shop}} briefly.", at: 2))
        try store.finish(Self.run("tagline", "Write {{shop}} briefly.", partials: ["tone": "calm"], at: 3))
        let versions = try store.versions(promptID: "tagline")
        #expect(versions.map(\.number) == [1, 2, 3])
        #expect(versions.map(\.runCount) == [2, 1, 1])
        #expect(versions[0].source == "Write {{shop}}." && versions[2].partials == ["tone": "calm"])
        #expect(versions[0].firstSeen == Self.base)
        #expect(try store.run(prefix: first.id).versionNumber == 1)
        #expect(try store.list(filter: HistoryFilter(promptID: "tagline", versionNumber: 1)).count == 2)
    }

    @Test("numbers are per prompt; saving records a version before any run, which the run then reuses")
    func perPromptAndSaved() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        try store.finish(Self.run("a", "one"))
        try store.finish(Self.run("b", "one"))
        try store.finish(Self.run("b", "two", at: 1))
        #expect(try store.versions(promptID: "a").map(\.number) == [1])
        #expect(try store.versions(promptID: "b").map(\.number) == [1, 2])
        let saved = try store.recordVersion(promptID: "a", source: "draft text", partials: ["p": "x"])
        #expect(saved.number == 2 && saved.runCount == 0)
        #expect(try store.recordVersion(promptID: "a", source: "draft text", partials: ["p": "x"]) == saved)
        try store.finish(Self.run("a", "draft text", partials: ["p": "x"], at: 5))
        #expect(try store.versions(promptID: "a").map(\.runCount) == [1, 1])
        #expect(try store.version(PromptReference(promptID: "a", selector: .latest)).number == 2)
    }

    @Test("a label is on one version per prompt: set, moved, removed; bad names and references say why")
    func labels() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        for (offset, text) in ["v1", "v2", "v3"].enumerated() {
            try store.finish(Self.run("tagline", text, at: Double(offset)))
        }
        #expect(try store.setLabel("production", promptID: "tagline", number: 1) == nil)
        #expect(try store.setLabel("staging", promptID: "tagline", number: 3) == nil)
        #expect(try store.setLabel("production", promptID: "tagline", number: 2) == 1)
        #expect(try store.versions(promptID: "tagline").map(\.labels) == [[], ["production"], ["staging"]])
        #expect(try store.version(PromptReference(promptID: "tagline", selector: .label("production"))).number == 2)
        #expect(throws: HistoryError.labelOnOtherVersion(reference: "tagline@3", label: "production", number: 2)) {
            try store.removeLabel("production", promptID: "tagline", number: 3)
        }
        #expect(try store.removeLabel("production", promptID: "tagline") == 2)
        #expect(try store.versions(promptID: "tagline").map(\.labels) == [[], [], ["staging"]])
        #expect(throws: HistoryError.invalidLabel("42")) { try store.setLabel("42", promptID: "tagline", number: 1) }

        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return error.localizedDescription }
            return ""
        }
        #expect(
            message { _ = try store.version(PromptReference(promptID: "tagline", selector: .number(9))) }
                == "tagline@9: no such version (tagline has versions 1–3)")
        #expect(
            message { _ = try store.version(PromptReference(promptID: "tagline", selector: .label("prod"))) }
                == #"tagline@prod: no label "prod" (labels: staging)"#)
        #expect(
            message { _ = try store.version(PromptReference(promptID: "other", selector: .latest)) }
                == "other@latest: no such version (other has no versions yet: a run or a save from the playground "
                + "makes one)")
    }

    /// Turns a current file back into what PromptDeck before versions left: no v6 tables, columns or row.
    static func downgradeToV5(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    DROP TABLE prompt_label;
                    DROP TABLE prompt_version;
                    DROP INDEX run_version;
                    ALTER TABLE run DROP COLUMN version_seq;
                    ALTER TABLE run DROP COLUMN version_number;
                    DELETE FROM grdb_migrations WHERE identifier = 'v6-prompt-versions';
                    """)
        }
        try queue.close()
    }

    @Test("a v5 file gets versions from the runs it holds, numbered by first run (created_at, then seq)")
    func backfill() throws {
        let folder = TemporaryFolder()
        do {
            let store = try HistoryStore.open(path: folder.historyFile)
            // Inserted out of time order: "early" was created first though written second.
            try store.insert([
                Self.run("tagline", "late", at: 10), Self.run("tagline", "early", at: 5),
                Self.run("tagline", "late", at: 20), Self.run("other", "late", at: 1),
                Self.run("tagline", "tie-b", partials: ["p": "1"], at: 30), Self.run("tagline", "tie-a", at: 30),
            ])
        }
        try Self.downgradeToV5(folder.historyFile)
        let reopened = try HistoryStore.open(path: folder.historyFile)
        let versions = try reopened.versions(promptID: "tagline")
        #expect(versions.map(\.source) == ["early", "late", "tie-b", "tie-a"])
        #expect(versions.map(\.runCount) == [1, 2, 1, 1])
        #expect(versions.map(\.firstSeen) == [5, 10, 30, 30].map { Self.base + Double($0) })
        #expect(try reopened.versions(promptID: "other").map(\.number) == [1])
        let runs = try reopened.list(filter: HistoryFilter(promptID: "tagline"), limit: 10)
        for summary in runs {
            let record = try reopened.run(prefix: summary.id)
            #expect(record.versionNumber == versions.first { $0.source == record.templateSource }?.number)
        }
        // New runs carry on from the backfilled numbers.
        try reopened.finish(Self.run("tagline", "newest", at: 40))
        #expect(try reopened.versions(promptID: "tagline").last?.number == 5)
    }

    @Test("several processes opening a v5 file at once all open it, and backfill it once")
    func simultaneousBackfill() throws {
        for _ in 0..<3 {
            let folder = TemporaryFolder()
            do {
                let store = try HistoryStore.open(path: folder.historyFile)
                try store.insert((0..<50).map { Self.run("tagline", "text \($0 % 5)", at: Double($0)) })
            }
            try Self.downgradeToV5(folder.historyFile)
            let failures = Mutex<[String]>([])
            let path = folder.historyFile
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    _ = try HistoryStore.open(path: path)
                } catch {
                    failures.withLock { $0.append(error.localizedDescription) }
                }
            }
            #expect(failures.withLock { $0 } == [])
            let versions = try HistoryStore.open(path: folder.historyFile).versions(promptID: "tagline")
            #expect(versions.map(\.number) == [1, 2, 3, 4, 5])
            #expect(versions.map(\.runCount) == [10, 10, 10, 10, 10])
        }
    }
}
