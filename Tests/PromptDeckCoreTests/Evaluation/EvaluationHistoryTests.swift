import Foundation
import Testing

@testable import PromptDeckCore

/// Check results and cost in history: written with the run's final state, read back, filtered on.
@Suite("Evaluation history")
struct EvaluationHistoryTests {
    @Test func checkedRunsKeepTheirResultsAndCost() throws {
        let path = NSTemporaryDirectory() + "pd-eval-history-\(UUID().uuidString).sqlite"
        let store = try HistoryStore.open(path: path)
        var passed = CheckRunnerTests.record("Paris")
        passed.id = HistoryStore.newRunID()
        passed.groupID = "g1"
        passed.variantLabel = "#1"
        var failed = passed
        failed.id = HistoryStore.newRunID(date: Date().addingTimeInterval(0.01))
        failed.variantLabel = "#2"
        var plain = passed
        plain.id = HistoryStore.newRunID(date: Date().addingTimeInterval(0.02))
        plain.groupID = nil
        let checks = [try CheckRunnerTests.check("contains: Paris")]
        let recorder = CheckingRecorder(
            wrapping: store,
            prices: PriceTable.bundled.merging(
                ["test-model": ModelPrice(input: 1, output: 2)], source: "test"))
        recorder.expect(runID: passed.id, checks: checks, variables: [:])
        failed.outputs = [0: "Rome"]
        recorder.expect(runID: failed.id, checks: checks, variables: [:])
        for record in [passed, failed, plain] {
            try recorder.begin(record)
            try recorder.finish(record)
        }
        let read = try store.run(prefix: failed.id)
        #expect(read.checkResults.map(\.status) == [.failed])
        #expect(read.checkResults.first?.message == #"missing "Paris""#)
        #expect(read.cost == RunCost(usd: (3.0 * 1 + 5.0 * 2) / 1_000_000))
        #expect(try store.list(filter: HistoryFilter(checks: .failed)).map(\.id) == [failed.id])
        #expect(try store.list(filter: HistoryFilter(checks: .passed)).map(\.id) == [passed.id])
        let summary = try #require(try store.list(filter: HistoryFilter(checks: .passed)).first)
        #expect(summary.checksPassed == 1 && summary.checksFailed == 0)
        // Unchecked runs are priced too.
        #expect(try store.run(prefix: plain.id).cost != nil)
        let group = try store.runs(inGroup: "g1")
        #expect(group.map(\.id) == [passed.id, failed.id])
        let score = EvaluationScore(groupID: "g1", records: group)
        #expect(score.tally(variant: 1) == (1, 1) && score.tally(variant: 2) == (0, 1))
        let costs = try store.costStats(prices: .bundled)
        #expect(costs.count == 1 && costs[0].runs == 3 && costs[0].unpricedRuns == 0)
        // A later playground check replaces the results.
        try store.recordEvaluation(runID: failed.id, checks: [], cost: nil)
        #expect(try store.list(filter: HistoryFilter(checks: .failed)).isEmpty)
    }
}
