import Foundation
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore

/// Issue 14 item 4: a server that reports no usage (llama.cpp's streams) gets its streamed deltas counted as
/// completion tokens, marked estimated; llama.cpp's `timings` are decoded and kept.
@Suite("Honest token counts")
struct HonestTokenCountTests {
    static let timingsJSON =
        #"{"prompt_n":3,"prompt_ms":12.5,"prompt_per_token_ms":4.2,"prompt_per_second":240.0,"#
        + #""predicted_n":5,"predicted_ms":200.0,"predicted_per_token_ms":40.0,"predicted_per_second":25.0}"#
    static let timings = ServerTimings(
        promptTokens: 3, promptMs: 12.5, promptPerSecond: 240, predictedTokens: 5, predictedMs: 200,
        predictedPerSecond: 25)

    // MARK: Decoder

    @Test func decoderKeepsTheLastChunksTimings() {
        var decoder = ChunkDecoder()
        let delta = #"{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#
        #expect(decoder.decode(SSEEvent(event: "message", data: delta)).count == 1)
        #expect(decoder.timings == nil)
        let last = #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"timings":\#(Self.timingsJSON)}"#
        #expect(decoder.decode(SSEEvent(event: "message", data: last)) == [.finish(choice: 0, reason: "stop")])
        #expect(decoder.timings == Self.timings)
        #expect(decoder.timings?.summary == "prompt 240.0 tok/s (3 tokens) · generation 25.0 tok/s (5 tokens)")
    }

    @Test func decoderReadsTimingsInAWholeBodyAndIgnoresOddOnes() {
        let body =
            #"{"choices":[{"index":0,"message":{"content":"Hi"},"finish_reason":"stop"}],"timings":\#(Self.timingsJSON)}"#
        var timings: ServerTimings?
        let events = ChunkDecoder().decodeBody(Array(body.utf8), timings: &timings)
        #expect(events.last == .done)
        #expect(timings == Self.timings)
        var decoder = ChunkDecoder()
        for odd in [#"{"timings":null}"#, #"{"timings":[1]}"#, #"{"timings":{}}"#, #"{"timings":"fast"}"#] {
            _ = decoder.decode(SSEEvent(event: "message", data: odd))
        }
        #expect(decoder.timings == nil)
    }

    // MARK: The estimate

    static func record() -> RunRecord {
        RunRecord(
            id: HistoryStore.newRunID(), promptID: "p", promptName: "P", templateSource: "x", renderedPrompt: "x",
            kind: "chat", profileName: "local", endpointURL: "http://127.0.0.1/v1/chat/completions", model: "m",
            requestBody: "{}", streamed: true)
    }

    /// A stream of `words` content chunks, a finish chunk with `extra` fields, and [DONE], through RunState.
    static func stream(words: [String], extra: String = "") -> RunRecord {
        var state = RunState(record: record(), choiceCount: 1)
        state.receiveResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/event-stream")])
        var text = ""
        for word in words {
            text += #"data: {"choices":[{"index":0,"delta":{"content":"\#(word)"},"finish_reason":null}]}"# + "\n\n"
        }
        text += #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]\#(extra)}"# + "\n\n"
        text += "data: [DONE]\n\n"
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { state.receive($0) }
        _ = state.complete(.completed)
        return state.record
    }

    @Test func missingUsageBecomesAnEstimateFromTheDeltas() {
        let record = Self.stream(words: ["a", " b", " c", " d"])
        #expect(record.status == .ok)
        #expect(record.usage == Usage(completionTokens: 4, totalTokens: 4))
        #expect(record.tokensEstimated)
        #expect(record.completionTokensText == "~4 tok")
    }

    @Test func reportedUsageIsKeptAndNotEstimated() {
        let usage = #","usage":{"prompt_tokens":2,"completion_tokens":9,"total_tokens":11}"#
        let record = Self.stream(words: ["a", " b"], extra: usage)
        #expect(record.usage == Usage(promptTokens: 2, completionTokens: 9, totalTokens: 11))
        #expect(!record.tokensEstimated)
        #expect(record.completionTokensText == "9 tok")
    }

    @Test func promptOnlyUsageGetsTheEstimateAddedToItsTotal() {
        let record = Self.stream(words: ["a", " b"], extra: #","usage":{"prompt_tokens":7}"#)
        #expect(record.usage == Usage(promptTokens: 7, completionTokens: 2, totalTokens: 9))
        #expect(record.tokensEstimated)
    }

    @Test func llamaTimingsGiveARealCountInsteadOfAnEstimate() {
        let record = Self.stream(words: ["a", " b"], extra: #","timings":\#(Self.timingsJSON)"#)
        #expect(record.timings == Self.timings)
        #expect(record.usage == Usage(completionTokens: 5, totalTokens: 5))
        #expect(!record.tokensEstimated)
    }

    @Test func aStreamWithNoTextHasNoCount() {
        let record = Self.stream(words: [])
        #expect(record.usage == nil)
        #expect(!record.tokensEstimated)
        #expect(record.completionTokensText == nil)
    }

    // MARK: History

    @Test func historyKeepsTheEstimateAndTimingsAndStatsMarkTheSum() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        var estimated = Self.stream(words: ["a", " b", " c"])
        estimated.promptID = "llama"
        var timed = Self.stream(words: ["a"], extra: #","timings":\#(Self.timingsJSON)"#)
        timed.promptID = "llama"
        let usage = #","usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}"#
        var counted = Self.stream(words: ["a"], extra: usage)
        counted.promptID = "openai"
        for record in [estimated, timed, counted] {
            try store.begin(record)
            try store.finish(record)
        }

        let back = try store.run(prefix: estimated.id)
        #expect(back.tokensEstimated && back.usage == Usage(completionTokens: 3, totalTokens: 3))
        let backTimed = try store.run(prefix: timed.id)
        #expect(!backTimed.tokensEstimated && backTimed.timings == Self.timings)
        #expect(try store.run(prefix: counted.id).tokensEstimated == false)

        let list = try store.list()
        let listed = list.first { $0.id == estimated.id }
        #expect(listed?.totalTokens == 3 && listed?.tokensEstimated == true)
        #expect(list.first { $0.id == timed.id }?.tokensEstimated == false)

        let stats = try store.stats()
        #expect(stats.total.totalTokens == 3 + 5 + 2)
        #expect(stats.total.tokensEstimated)
        #expect(stats.byPrompt.first { $0.key == "llama" }?.tokensEstimated == true)
        #expect(stats.byPrompt.first { $0.key == "openai" }?.tokensEstimated == false)

        // Runs inserted whole (imports) keep the columns too.
        var imported = Self.stream(words: ["x", " y"])
        imported.id = HistoryStore.newRunID()
        try store.insert([imported])
        #expect(try store.run(prefix: imported.id).tokensEstimated)
    }

    // MARK: Against the test server

    @Test(arguments: ["no-usage", "llama"])
    func comparisonVariantsSayWhetherTheirCountIsEstimated(_ scenario: String) throws {
        let server = try TestServer.shared()
        let plan = try ComparisonPlan.prepare(
            base: CompareFixtures.inputs(maxTokens: 3), variants: CompareFixtures.variants([]),
            planner: CompareFixtures.planner(server, scenario: scenario))
        let state = CompareFixtures.run(plan).variants[0]
        #expect(state.status == .ok)
        #expect(state.completionTokens == 3)
        #expect(state.record?.usage?.completionTokens == 3)
        if scenario == "llama" {
            #expect(!state.tokensEstimated && state.completionTokensText == "3")
            #expect(state.record?.timings?.predictedPerSecond == 25)
        } else {
            #expect(state.tokensEstimated && state.completionTokensText == "~3")
            #expect(state.record?.timings == nil)
        }
    }
}
