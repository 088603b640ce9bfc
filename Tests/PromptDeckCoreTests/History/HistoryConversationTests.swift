import Foundation
import GRDB
import Testing

@testable import PromptDeckCore

@Suite("History v8: reasoning, tool calls, conversations and their search")
struct HistoryConversationTests {
    static func conversationRecord() -> RunRecord {
        var r = HistoryFixtures.run(at: Date(timeIntervalSince1970: 1_750_000_000), output: "")
        r.reasoning = [0: "pondering the barometer"]
        r.timeToFirstReasoningMs = 12
        r.usage?.reasoningTokens = 3
        r.toolCalls = [0: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Reykjavik"}"#)]]
        r.finishReasons = [0: "tool_calls"]
        r.conversation = [
            .assistant("Hello"), .user("what about umbrellas"),
            .assistant("", toolCalls: [ToolCall(id: "call_0", name: "lookup", arguments: "{}")]),
            .toolResult(callID: "call_0", "drizzle expected"),
        ]
        return r
    }

    @Test("every new field round-trips, through begin/finish and through a whole insert")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        var record = Self.conversationRecord()
        let finished = record
        record.status = .running
        try store.begin(record)
        try store.append(
            [RecordedEvent(sequence: 0, offsetMs: 12, choice: 0, text: "pondering", channel: .reasoning)],
            snapshot: record)
        try store.finish(finished)
        var other = Self.conversationRecord()
        other.id = HistoryStore.newRunID()
        try store.insert([other])
        for id in [finished.id, other.id] {
            let read = try store.run(prefix: id)
            #expect(read.reasoning == finished.reasoning && read.timeToFirstReasoningMs == 12)
            #expect(read.usage?.reasoningTokens == 3)
            #expect(read.toolCalls == finished.toolCalls && read.conversation == finished.conversation)
            #expect(read.calledTools)
        }
        #expect(try store.events(runID: finished.id).map(\.channel) == [.reasoning])
        #expect(try store.list().first?.firstLine == #"→ get_weather({"city":"Reykjavik"})"#)
    }

    @Test("exports carry the reasoning, the calls and the conversation")
    func exports() throws {
        let record = Self.conversationRecord()
        let markdown = RunExporter.markdown(record)
        #expect(markdown.contains("## Reasoning\n\n```\npondering the barometer\n```"))
        #expect(markdown.contains(#"call_1  get_weather({"city":"Reykjavik"})"#))
        #expect(markdown.contains("user: what about umbrellas"))
        let json = try JSONValue.parse(RunExporter.json(record))
        #expect(json["reasoning"]?["0"] == "pondering the barometer")
        #expect(json["toolCalls"]?["0"]?.arrayValue?.first?["id"] == "call_1")
        #expect(json["conversation"]?.arrayValue?.count == 4)
    }

    @Test("search covers reasoning, earlier turns, tool arguments and results, once a run finishes")
    func searchCoversTheNewText() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        var record = Self.conversationRecord()
        record.status = .running
        try store.begin(record)
        #expect(try store.search(query: "barometer").isEmpty)
        record.status = .ok
        try store.finish(record)
        for word in ["barometer", "umbrellas", "drizzle", "Reykjavik", "get_weather"] {
            #expect(try store.search(query: word).map(\.summary.id) == [record.id], "\(word)")
        }
        _ = try store.delete(id: record.id)
        #expect(try store.search(query: "barometer").isEmpty)
    }

    @Test("a v7 file gains the columns and its index is rebuilt with every finished run kept")
    func migratesFromV7() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(
            atPath: (folder.historyFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: folder.historyFile)
        try HistorySchema.migrator.migrate(queue, upTo: "v7-attempts")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, created_at, prompt_id, prompt_name, template_source, rendered_prompt, kind,
                        profile, endpoint_url, model, request_body, streamed, status, outputs, output_preview)
                    VALUES ('0000000007abc', 1700000000000, 'old', 'Old', 't', 'quince prompt', 'chat', 'p',
                        'http://x', 'm', '{}', 0, 'ok', '{"0":"persimmon"}', 'persimmon')
                    """)
        }
        try queue.close()
        let store = try HistoryStore.open(path: folder.historyFile)
        #expect(try store.search(query: "persimmon").map(\.summary.id) == ["0000000007abc"])
        #expect(try store.search(query: "quince").map(\.summary.id) == ["0000000007abc"])
        let old = try store.run(prefix: "0000000007")
        #expect(old.reasoning.isEmpty && old.toolCalls.isEmpty && old.conversation.isEmpty)
        try store.finish(Self.conversationRecord())
        #expect(try store.search(query: "umbrellas").count == 1)
    }
}
