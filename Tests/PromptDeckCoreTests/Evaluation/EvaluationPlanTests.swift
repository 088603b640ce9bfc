import Foundation
import Testing

@testable import PromptDeckCore

/// Planning an evaluation: bad rows are named with their line and column and the others still run; a
/// problem every row has is the variant's.
@Suite("Evaluation plan")
struct EvaluationPlanTests {
    static func planner(prompt: String) throws -> RunPlanner {
        let folder = NSTemporaryDirectory() + "pd-eval-plan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try prompt.write(toFile: folder + "/city.yaml", atomically: true, encoding: .utf8)
        let configuration = Configuration(profiles: [.echo], defaultProfileName: "echo", file: nil, warnings: [])
        return RunPlanner(library: PromptLibrary(directory: folder), configuration: configuration, environment: [:])
    }

    static let prompt = """
        kind: completion
        prompt: "About {{city}} {{extra}}"
        variables:
          extra: {type: json, default: "{}"}
        checks:
          - contains: "{{city}}"
        """

    @Test func badRowsAreNamedAndTheOthersArePlanned() throws {
        let dataset = try Dataset.parse(
            """
            {"city": "Paris"}
            {"town": "Lyon"}
            {"city": "Rome", "extra": "{not json"}
            {"city": "Oslo", "__checks": [{"max_tokens": 5}]}
            """, format: .jsonl, file: "rows.jsonl")
        let variants = try VariantSpecParser.expand(
            variants: [], sweeps: [try VariantSpecParser.parseSweep("temperature=0,1", origin: "--sweep 1")])
        let plan = try EvaluationPlan.prepare(
            base: RunInputs(promptID: "city"), dataset: dataset, variants: variants,
            planner: try Self.planner(prompt: Self.prompt))
        #expect(plan.cells.map(\.row) == [1, 1, 4, 4])
        #expect(plan.cells.map(\.variant.number) == [1, 2, 1, 2])
        #expect(plan.cells.last?.checks.map(\.label) == [#"contains "{{city}}""#, "max_tokens 5"])
        #expect(Set(plan.cells.compactMap(\.prepared.record.groupID)) == [plan.groupID])
        // Ids sort in plan order, so history lists the cells as the matrix does.
        #expect(plan.cells.map(\.prepared.record.id) == plan.cells.map(\.prepared.record.id).sorted())
        let missing = try #require(plan.rowProblems[2])
        #expect(missing.line == 2)
        #expect(missing.message.hasPrefix("row 2: variable 'city' has no value (the row has no 'city')"))
        let bad = try #require(plan.rowProblems[3])
        #expect(bad.line == 3 && bad.message.hasPrefix("row 3: "), "\(bad)")
    }

    @Test func aProblemOfEveryRowIsTheVariants() throws {
        let dataset = try Dataset.parse("city\nParis\nRome\n", format: .csv, file: "rows.csv")
        let variants = try VariantSpecParser.expand(
            variants: [try VariantSpecParser.parseVariant("temperature=9", origin: "--variant 1")], sweeps: [])
        #expect(throws: DiagnosticList.self) {
            try EvaluationPlan.prepare(
                base: RunInputs(promptID: "city"), dataset: dataset, variants: variants,
                planner: try Self.planner(prompt: Self.prompt))
        }
    }

    @Test func runsEveryCellCheckedAndPricedInOneGroup() throws {
        let dataset = try Dataset.parse("city,__expected\nParis,\nRome,nope\n", format: .csv, file: "rows.csv")
        let plan = try EvaluationPlan.prepare(
            base: RunInputs(promptID: "city"), dataset: dataset, variants: [],
            planner: try Self.planner(prompt: Self.prompt))
        final class Seen: EvaluationObserver, @unchecked Sendable {
            let lock = NSLock()
            var progress: [EvaluationProgress] = []
            func evaluation(
                _ evaluation: Evaluation, didFinish cell: EvaluationCellResult, progress: EvaluationProgress
            ) {
                lock.withLock { self.progress.append(progress) }
            }
        }
        let seen = Seen()
        let evaluation = Evaluation(
            plan: plan, transports: TransportRegistry(environment: ["PROMPTDECK_ECHO_DELAY_MS": "0"]),
            recorder: DiscardingRecorder(),
            prices: PriceTable.bundled.merging(["echo": ModelPrice(input: 1, output: 1)], source: "t"),
            observer: seen)
        evaluation.start()
        let result = evaluation.waitUntilFinished()
        #expect(result.cells.map(\.passed) == [true, false])
        #expect(result.cells.allSatisfy { $0.cost != nil })
        #expect(result.summary(variant: 1).passed == 1)
        #expect(seen.progress.map(\.done).sorted() == [1, 2])
        #expect(evaluation.progress.done == 2 && evaluation.progress.failed == 1)
        #expect(!result.allPassed)
    }
}
