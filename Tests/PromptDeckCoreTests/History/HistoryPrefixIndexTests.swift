import Foundation
import GRDB
import Synchronization
import Testing

@testable import PromptDeckCore

/// Migration v11: a v10 file's search index is rebuilt with prefix indexes, every finished run kept; a
/// large history says first that it is doing so (the CLI prints it), a small one does not.
@Suite("History v11: the prefix index", .serialized)
struct HistoryPrefixIndexTests {
    /// A v10 file holding `runs` finished runs whose output names `word`.
    static func v10File(runs: Int, word: String) throws -> TemporaryFolder {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(
            atPath: (folder.historyFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: folder.historyFile)
        try HistorySchema.migrator.migrate(queue, upTo: "v10-cached-tokens")
        try queue.write { db in
            for index in 0..<runs {
                try db.execute(
                    sql: """
                        INSERT INTO run (id, created_at, prompt_id, prompt_name, template_source, rendered_prompt,
                            kind, profile, endpoint_url, model, request_body, streamed, status, outputs, output_preview)
                        VALUES (?, ?, 'p', 'P', 't', 'a prompt', 'chat', 'p', 'http://x', 'm', '{}', 0, 'ok', ?, ?)
                        """,
                    arguments: [
                        String(format: "%013d", index), 1_700_000_000_000 + index, #"{"0":"\#(word) \#(index)"}"#,
                        "\(word) \(index)",
                    ])
            }
        }
        try queue.close()
        return folder
    }

    /// Opens `path` with the notices collected.
    static func open(_ path: String) throws -> (HistoryStore, [String]) {
        let said = Mutex<[String]>([])
        HistoryStore.announceLongSteps { text in said.withLock { $0.append(text) } }
        defer { HistoryStore.announceLongSteps(nil) }
        let store = try HistoryStore.open(path: path)
        return (store, said.withLock { $0 })
    }

    @Test func aLargeHistoryIsReindexedWithPrefixesAndSaysSoFirst() throws {
        let folder = try Self.v10File(runs: HistorySchema.longMigrationRuns, word: "tamarind")
        let (store, said) = try Self.open(folder.historyFile)
        #expect(
            said.count == 1 && said.first?.contains("for \(HistorySchema.longMigrationRuns) runs") == true, "\(said)")
        #expect(try store.search(query: "tamarind", limit: 10).count == 10, "every finished run is in the index again")
        #expect(try store.search(query: "ta", limit: 10).count == 10, "a two-letter prefix finds them")
        let definition = try DatabaseQueue(path: folder.historyFile).read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'run_fts'")
        }
        #expect(definition?.contains("prefix = '2 3'") == true)
    }

    @Test func aSmallHistoryIsReindexedQuietly() throws {
        let folder = try Self.v10File(runs: 3, word: "kumquat")
        let (store, said) = try Self.open(folder.historyFile)
        #expect(said.isEmpty)
        #expect(try store.search(query: "kumquat").count == 3)
    }
}
