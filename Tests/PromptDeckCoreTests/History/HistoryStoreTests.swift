import Foundation
import GRDB
import Testing

@testable import PromptDeckCore

@Suite struct HistoryStoreTests {
    @Test func everyFieldRoundTrips() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        var record = HistoryFixtures.fullRecord()
        try store.begin(record)
        try store.finish(record)
        // History assigns the version: the first content of a fresh file is version 1.
        record.versionNumber = 1
        let back = try store.run(prefix: record.id)
        #expect(back == record)
        // A fresh store on the same file reads the same.
        #expect(try HistoryStore.open(path: folder.historyFile).run(prefix: record.id) == record)
    }

    @Test func partialOutputSurvivesAKilledWriterAndBecomesInterrupted() throws {
        let folder = TemporaryFolder()
        let deadPid = try #require(Self.deadPid())
        let writer = try HistoryStore.open(
            path: folder.historyFile, writer: WriterProcess(pid: deadPid, startMarker: "gone"))
        var record = HistoryFixtures.fullRecord()
        record.status = .running
        record.outputs = [:]
        try writer.begin(record)
        record.outputs = [0: "partial answ"]
        try writer.append(
            [
                RecordedEvent(sequence: 0, offsetMs: 100, choice: 0, text: "partial "),
                RecordedEvent(sequence: 1, offsetMs: 180, choice: 0, text: "answ"),
            ], snapshot: record)
        // The writer is "killed" here: no finish. Another process opens the same file.
        let reader = try HistoryStore.open(path: folder.historyFile)
        let seen = try reader.run(prefix: record.id)
        #expect(seen.outputs == [0: "partial answ"])
        #expect(seen.status == .interrupted)  // open() already marked it: its writer is dead
        #expect(try reader.events(runID: record.id).map(\.text) == ["partial ", "answ"])
        #expect(try reader.markInterruptedRuns() == 0)
    }

    @Test func liveRunsOfThisProcessStayRunning() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        var record = HistoryFixtures.fullRecord()
        record.status = .running
        try store.begin(record)
        #expect(try HistoryStore.open(path: folder.historyFile).markInterruptedRuns() == 0)
        #expect(try store.run(prefix: record.id).status == .running)
    }

    @Test func appendAndFinishWithoutBeginStillRecord() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        let record = HistoryFixtures.fullRecord()
        try store.append([RecordedEvent(sequence: 0, offsetMs: 5, choice: 0, text: "x")], snapshot: record)
        try store.finish(record)
        #expect(try store.run(prefix: record.id).outputs == record.outputs)
        #expect(try store.events(runID: record.id).count == 1)
    }

    @Test func openingAVersion1DatabaseKeepsItsRowsAndIndexesThem() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/data", withIntermediateDirectories: true)
        // Write a database exactly as the first schema version left it, without the store.
        let queue = try DatabaseQueue(path: folder.historyFile)
        try queue.write { db in
            try db.execute(sql: Self.frozenV1Schema)
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1')")
            try db.execute(
                sql: """
                    INSERT INTO run (id, created_at, prompt_id, prompt_name, template_source, rendered_prompt, kind,
                        profile, endpoint_url, model, request_body, streamed, status, outputs, output_preview, total_tokens)
                    VALUES ('0000000001abc', 1700000000000, 'legacy', 'Legacy', 't', 'old prompt', 'chat', 'p',
                        'http://x', 'old-model', '{}', 0, 'ok', '{"0":"ancient marmalade"}', 'ancient marmalade', 7)
                    """)
        }
        try queue.close()
        let store = try HistoryStore.open(path: folder.historyFile)
        let run = try store.run(prefix: "0000000001")
        #expect(run.promptID == "legacy" && run.outputs == [0: "ancient marmalade"] && run.usage?.totalTokens == 7)
        #expect(try store.search(query: "marmalade").map(\.summary.id) == ["0000000001abc"])
        try store.begin(HistoryFixtures.fullRecord())
        #expect(try store.list().count == 2)
    }

    @Test func idsAreShortSortableAndPrefixesResolve() throws {
        let a = HistoryStore.newRunID(date: Date(timeIntervalSince1970: 1_700_000_000))
        let b = HistoryStore.newRunID(date: Date(timeIntervalSince1970: 1_700_000_000.002))
        #expect(a.count == 14 && a < b && a == a.lowercased())
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        let now = Date()
        for id in ["abc111000000", "abc222000000", "xyz000000000"] {
            try store.finish(HistoryFixtures.run(id: id, at: now))
        }
        #expect(try store.run(prefix: "XYZ").id == "xyz000000000")
        #expect(try store.run(prefix: "abc1").id == "abc111000000")
        #expect(throws: HistoryError.ambiguousRunID(prefix: "abc", candidates: ["abc111000000", "abc222000000"])) {
            try store.run(prefix: "abc")
        }
        #expect(throws: HistoryError.runNotFound("qqq")) { try store.run(prefix: "qqq") }
        #expect(throws: HistoryError.invalidRunID("ab-c")) { try store.run(prefix: "ab-c") }
        let message = HistoryError.ambiguousRunID(prefix: "abc", candidates: ["abc111000000", "abc222000000"])
            .localizedDescription
        #expect(message.contains("abc111000000") && message.contains("abc222000000"))
    }

    @Test func filtersChildrenDeletePruneAndStats() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let parent = HistoryFixtures.run(at: base, prompt: "a", model: "m1", tokens: 10)
        try store.finish(parent)
        try store.finish(
            HistoryFixtures.run(at: base + 60, prompt: "a", model: "m2", status: .error, tokens: 5, parentID: parent.id)
        )
        try store.finish(
            HistoryFixtures.run(
                at: base + 120, prompt: "b", model: "m1", profile: "portkey", status: .cancelled, tokens: 1,
                groupID: "g"))
        try store.finish(HistoryFixtures.run(at: base + 180, prompt: "b", model: "m2", tokens: 20, groupID: "g"))

        #expect(try store.list().map(\.createdAt) == [base + 180, base + 120, base + 60, base])
        #expect(try store.list(limit: 1).count == 1)
        #expect(try store.list(filter: .init(promptID: "a")).count == 2)
        #expect(try store.list(filter: .init(model: "m1")).count == 2)
        #expect(try store.list(filter: .init(profileName: "portkey")).count == 1)
        #expect(try store.list(filter: .init(status: .error)).count == 1)
        #expect(try store.list(filter: .init(since: base + 100)).count == 2)
        #expect(try store.list(filter: .init(groupID: "g")).count == 2)
        #expect(try store.list(filter: .init(promptID: "b", model: "m2")).map(\.totalTokens) == [20])
        #expect(try store.children(of: parent.id).map(\.status) == [.error])
        #expect(try store.list().last?.firstLine == "hello world")

        let stats = try store.stats()
        #expect(stats.total == HistoryStatsRow(key: "", runs: 4, totalTokens: 36, errors: 1, cancelled: 1))
        #expect(
            stats.byPrompt.first { $0.key == "a" }
                == HistoryStatsRow(key: "a", runs: 2, totalTokens: 15, errors: 1, cancelled: 0))
        #expect(
            stats.byModel.first { $0.key == "m1" }
                == HistoryStatsRow(key: "m1", runs: 2, totalTokens: 11, errors: 0, cancelled: 1))

        try store.append([RecordedEvent(sequence: 0, offsetMs: 1, choice: 0, text: "hello")], snapshot: parent)
        #expect(try store.delete(id: parent.id) == parent.id)
        #expect(throws: HistoryError.runNotFound(parent.id)) { try store.run(prefix: parent.id) }
        #expect(try store.events(runID: parent.id).isEmpty)
        let orphanEvents = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM run_event") }
        #expect(orphanEvents == 0)
        #expect(try store.search(query: "hello").count == 3)
        #expect(try store.prune(before: base + 150) == 2)
        #expect(try store.list().count == 1)
        #expect(try store.search(query: "hello").count == 1)
    }

    /// A pid no process has right now.
    static func deadPid() -> Int32? {
        (Int32(100_000)...Int32(4_000_000)).reversed().lazy.first { kill($0, 0) != 0 && errno == ESRCH }
    }

    /// Version 1 of the schema as it shipped; never edit (it is what old files contain).
    static let frozenV1Schema = """
        CREATE TABLE run (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            finished_at INTEGER,
            prompt_id TEXT NOT NULL,
            prompt_name TEXT NOT NULL,
            template_source TEXT NOT NULL,
            partials TEXT NOT NULL DEFAULT '{}',
            rendered_prompt TEXT NOT NULL,
            kind TEXT NOT NULL,
            profile TEXT NOT NULL,
            endpoint_url TEXT NOT NULL,
            model TEXT NOT NULL,
            variables TEXT NOT NULL DEFAULT '{}',
            parameters TEXT NOT NULL DEFAULT '{}',
            request_body TEXT NOT NULL,
            request_headers TEXT NOT NULL DEFAULT '[]',
            streamed INTEGER NOT NULL,
            status TEXT NOT NULL,
            http_status INTEGER,
            error_message TEXT,
            outputs TEXT NOT NULL DEFAULT '{}',
            finish_reasons TEXT NOT NULL DEFAULT '{}',
            output_preview TEXT NOT NULL DEFAULT '',
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            total_tokens INTEGER,
            ttft_ms INTEGER,
            duration_ms INTEGER,
            response_headers TEXT NOT NULL DEFAULT '[]',
            logprobs TEXT NOT NULL DEFAULT '{}',
            group_id TEXT,
            parent_id TEXT,
            writer_pid INTEGER,
            writer_start TEXT
        );
        CREATE INDEX run_created ON run(created_at);
        CREATE INDEX run_prompt ON run(prompt_id, created_at);
        CREATE INDEX run_model ON run(model, created_at);
        CREATE INDEX run_profile ON run(profile, created_at);
        CREATE INDEX run_status ON run(status, created_at);
        CREATE INDEX run_group ON run(group_id) WHERE group_id IS NOT NULL;
        CREATE INDEX run_parent ON run(parent_id) WHERE parent_id IS NOT NULL;
        CREATE TABLE run_event (
            run_seq INTEGER NOT NULL REFERENCES run(seq) ON DELETE CASCADE,
            sequence INTEGER NOT NULL,
            offset_ms INTEGER NOT NULL,
            choice INTEGER NOT NULL,
            text TEXT NOT NULL,
            logprobs TEXT,
            PRIMARY KEY (run_seq, sequence)
        ) WITHOUT ROWID;
        """
}
