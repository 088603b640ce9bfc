import Foundation
import Testing

@testable import PromptDeckCore

/// Cost is usage × price, from the config's `prices:` over the bundled table; unknown is nil, never 0.
@Suite("Prices")
struct PriceTableTests {
    static func record(model: String, prompt: Int?, completion: Int?, estimated: Bool = false) -> RunRecord {
        var record = CheckRunnerTests.record("x")
        record.model = model
        record.usage = Usage(promptTokens: prompt, completionTokens: completion)
        record.tokensEstimated = estimated
        record.renderedPrompt = String(repeating: "a", count: 400)
        return record
    }

    @Test func costFromUsageAndAConfiguredTable() throws {
        let configuration = try Configuration.parse(
            text: """
                prices:
                  gpt-4o-mini: {input: 0.15, output: 0.60, cached_input: 0.075}
                  house-model: {input: 1, output: 2}
                """, file: "config.yaml")
        let table = configuration.priceTable
        let cost = try #require(table.cost(of: Self.record(model: "house-model", prompt: 1000, completion: 500)))
        #expect(abs(cost.usd - 0.002) < 1e-12)
        #expect(cost.text == "$0.002")
        #expect(["$0.0000023", "$0.0000022"].contains(RunCost(usd: 0.000_002_25).text))
        #expect(RunCost(usd: 1.5, estimated: true).text == "~$1.50")
        #expect(table.entry(for: "house-model")?.source == "config.yaml")
        #expect(table.entry(for: "gpt-4o-mini-2024-07-18")?.model == "gpt-4o-mini")
        #expect(table.entry(for: "openai/gpt-4o")?.model == "gpt-4o")
        let cached = try #require(
            table.cost(promptTokens: 1_000_000, cachedPromptTokens: 500_000, completionTokens: 0, model: "gpt-4o-mini"))
        #expect(abs(cached.usd - 0.1125) < 1e-9)
    }

    @Test func unknownIsNilNeverZero() {
        let table = PriceTable.bundled
        #expect(table.cost(of: Self.record(model: "my-local-llama", prompt: 10, completion: 10)) == nil)
        #expect(table.cost(of: Self.record(model: "gpt-4o", prompt: 10, completion: nil)) == nil)
        #expect(RunCost.text(nil) == "–")
    }

    @Test func estimatedTokensGiveAnEstimatedCost() throws {
        let table = PriceTable.bundled
        let estimated = try #require(
            table.cost(of: Self.record(model: "gpt-4o", prompt: nil, completion: 40, estimated: true)))
        #expect(estimated.estimated)
        #expect(estimated.text.hasPrefix("~$"))
        // 400 characters of prompt are about 100 tokens.
        #expect(abs(estimated.usd - (100 * 2.5 + 40 * 10.0) / 1_000_000) < 1e-12)
    }

    @Test func badPricesAreNamed() {
        #expect(throws: DiagnosticList.self) {
            try Configuration.parse(text: "prices:\n  m: {input: -1, output: 2}\n", file: "c.yaml")
        }
        do {
            _ = try Configuration.parse(text: "prices:\n  m: {input: 1, outptu: 2}\n", file: "c.yaml")
        } catch {
            #expect(error.diagnostics.first?.field == "prices.m.outptu")
        }
    }
}
