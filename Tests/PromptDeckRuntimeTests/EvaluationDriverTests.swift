import Foundation
import PromptDeckTUI
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore
@testable import PromptDeckRuntime

/// The evaluation driver with no terminal: the echo provider, a prompt with a dataset, a real history
/// file. An evaluation is one group; re-running a failed cell adds a child run to it; a later evaluation
/// is compared with the one before.
@Suite("Runtime: evaluations")
struct EvaluationDriverTests {
    let folder: String
    let queue: MessageQueue
    let performer: EffectPerformer

    init() throws {
        folder = NSTemporaryDirectory() + "pd-eval-runtime-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder + "/prompts", withIntermediateDirectories: true)
        try """
        kind: completion
        prompt: "Write about {{city}}"
        dataset: rows.csv
        checks:
          - contains: "{{city}}"
        """.write(toFile: folder + "/prompts/city.yaml", atomically: true, encoding: .utf8)
        try "city,__expected\nParis,\nLyon,nope\nRome,\n".write(
            toFile: folder + "/prompts/rows.csv", atomically: true, encoding: .utf8)
        queue = try MessageQueue()
        let echo = Profile(name: "echo", type: .echo, baseURL: "", model: "echo-1", echoDelayMs: 1)
        let configuration = Configuration(profiles: [echo], defaultProfileName: "echo", file: nil, warnings: [])
        performer = EffectPerformer(
            library: PromptLibrary(directory: folder + "/prompts"), configuration: configuration,
            historyPath: folder + "/history.sqlite", queue: queue,
            clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 })
    }

    /// Every message until the evaluation is over.
    private func evaluate(_ request: EvaluationRequest) -> [Msg] {
        performer.perform(.startEvaluation(request))
        var seen: [Msg] = []
        let over = queue.wait(timeout: 20, seen: &seen) {
            if case .evaluationFinished = $0 { return true }
            if case .evaluationFailedToStart = $0 { return true }
            return false
        }
        return seen + (over.map { [$0] } ?? [])
    }

    private static func results(_ messages: [Msg]) -> [EvaluationCellResult] {
        messages.compactMap {
            if case .evaluationCellFinished(_, _, let result) = $0 { return result } else { return nil }
        }
    }

    private static func start(_ messages: [Msg]) -> EvaluationStart? {
        messages.lazy.compactMap { if case .evaluationStarted(let start) = $0 { return start } else { return nil } }
            .first
    }

    @Test func oneGroupThenOnlyTheFailedCellAgainThenAComparisonWithTheEarlierOne() throws {
        let base = RunInputs(promptID: "city", variables: [:], overrides: [:])
        let variants = [ComparisonVariant(position: 0, number: 1)]
        let first = evaluate(EvaluationRequest(base: base, variants: variants))
        let start = try #require(Self.start(first), "\(first)")
        #expect(start.rows.map(\.label) == ["city=Paris", "city=Lyon", "city=Rome"])
        let results = Self.results(first)
        #expect(results.count == 3)
        let failed = try #require(results.first { !$0.passed })
        #expect(failed.row == 2 && failed.failureReason?.contains("nope") == true)

        let store = try HistoryStore.openForReading(path: folder + "/history.sqlite")
        #expect(try store.runs(inGroup: start.groupID).count == 3)

        let key = EvaluationCellKey(row: 2, variant: 1, replacing: failed.record?.id)
        let again = evaluate(
            EvaluationRequest(base: base, variants: variants, groupID: start.groupID, only: [key]))
        let rerun = try #require(Self.start(again))
        #expect(rerun.isRerun && rerun.groupID == start.groupID && rerun.cells.count == 1)
        #expect(Self.results(again).count == 1)
        let runs = try store.runs(inGroup: start.groupID)
        #expect(runs.count == 4)
        #expect(runs.last?.parentID == failed.record?.id)
        #expect(try store.evaluationScore(ofGroup: start.groupID).cells.count == 3)

        let later = evaluate(EvaluationRequest(base: base, variants: variants))
        guard case .evaluationFinished(let group, let previous, _)? = later.last else {
            Issue.record("no finish: \(later)")
            return
        }
        #expect(group != start.groupID)
        #expect(previous?.before == start.groupID)
        #expect(previous?.variants.first?.text == "67% → 67% (=)")
        #expect(previous?.flips.isEmpty == true)
    }

    @Test func aMissingDatasetSaysWhy() {
        let messages = evaluate(
            EvaluationRequest(
                base: RunInputs(promptID: "city", variables: [:], overrides: [:]),
                variants: [ComparisonVariant(position: 0, number: 1)], datasetPath: folder + "/none.csv"))
        guard case .evaluationFailedToStart(let message)? = messages.last else {
            Issue.record("expected a failure: \(messages)")
            return
        }
        #expect(message.contains("none.csv"))
    }
}
