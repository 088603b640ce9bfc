import Foundation
import Testing

@testable import PromptDeckCore

/// `usage.prompt_tokens_details.cached_tokens` (OpenAI, vLLM and llama.cpp report it so), streamed and
/// not: read, priced at `cached_input` (the rest at `input`), kept in history.
@Suite("Cached prompt tokens")
struct CachedTokensTests {
    static let usage =
        #""usage":{"prompt_tokens":1200,"completion_tokens":10,"total_tokens":1210,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0}}"#

    @Test func aStreamedUsageChunkCarriesThem() {
        var decoder = ChunkDecoder()
        let events = decoder.decode(SSEEvent(data: #"{"choices":[],"# + Self.usage + "}"))
        #expect(
            events == [
                .usage(Usage(promptTokens: 1200, completionTokens: 10, totalTokens: 1210, cachedPromptTokens: 1024))
            ])
    }

    @Test func aReportedZeroIsNoCacheHit() {
        var decoder = ChunkDecoder()
        let data = #"{"choices":[],"usage":{"prompt_tokens":3,"prompt_tokens_details":{"cached_tokens":0}}}"#
        #expect(decoder.decode(SSEEvent(data: data)) == [.usage(Usage(promptTokens: 3))])
    }

    @Test func aWholeBodyCarriesThem() {
        let body =
            #"{"object":"chat.completion","choices":[{"index":0,"message":{"content":"hi"},"finish_reason":"stop"}],"#
            + Self.usage + "}"
        let events = ChunkDecoder().decodeBody(Array(body.utf8))
        #expect(
            events.contains(
                .usage(Usage(promptTokens: 1200, completionTokens: 10, totalTokens: 1210, cachedPromptTokens: 1024))))
    }

    @Test func cachedTokensArePricedAtTheCachedRateAndKeptInHistory() throws {
        var record = CheckRunnerTests.record("Paris")
        record.id = HistoryStore.newRunID()
        record.usage = Usage(promptTokens: 1000, completionTokens: 100, totalTokens: 1100, cachedPromptTokens: 600)
        let prices = PriceTable().merging(
            ["test-model": ModelPrice(input: 1, output: 2, cachedInput: 0.5)], source: "t")
        let cost = try #require(prices.cost(of: record))
        // 400 at $1, 600 at $0.5, 100 at $2 per million.
        #expect(abs(cost.usd - (400 + 300 + 200) / 1_000_000) < 1e-12)
        // No cached price: every prompt token at the input price.
        let plain = PriceTable().merging(["test-model": ModelPrice(input: 1, output: 2)], source: "t")
        #expect(abs((plain.cost(of: record)?.usd ?? 0) - 1200.0 / 1_000_000) < 1e-12)

        let path = NSTemporaryDirectory() + "pd-cached-\(UUID().uuidString).sqlite"
        let store = try HistoryStore.open(path: path)
        let recorder = CheckingRecorder(wrapping: store, prices: prices)
        try recorder.begin(record)
        try recorder.finish(record)
        let read = try store.run(prefix: record.id)
        #expect(read.usage?.cachedPromptTokens == 600)
        #expect(read.cost == cost)
        // A later playground check leaves them alone.
        try store.recordEvaluation(runID: record.id, checks: [], cost: nil)
        #expect(try store.run(prefix: record.id).usage?.cachedPromptTokens == 600)
    }

    @Test func aRerunCellReplacesTheRunItRepeatsInTheScore() {
        var failed = CheckRunnerTests.record("Rome", variables: ["city": "Rome"])
        failed.id = "a1"
        failed.variantLabel = "#1"
        failed.checkResults = [CheckResult(name: "names it", kind: "contains", status: .failed, message: "missing")]
        var again = failed
        again.id = "a2"
        again.parentID = "a1"
        again.checkResults = [CheckResult(name: "names it", kind: "contains", status: .passed)]
        let score = EvaluationScore(groupID: "g", records: [failed, again])
        #expect(score.cells.count == 1)
        #expect(score.tally(variant: 1) == (1, 1))
    }
}
