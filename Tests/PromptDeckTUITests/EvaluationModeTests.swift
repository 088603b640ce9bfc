import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore
@testable import PromptDeckTUI

/// Evaluation mode: `E` from compare mode (its columns) or the playground, the grid filling from the
/// runtime's messages, the cell reader, `F` for the failed cells, Esc back; golden screens of the grid.
@Suite("TUI evaluation mode")
struct EvaluationModeTests {
    static let rows = [
        EvaluationGridRow(number: 1, label: "city=Paris", values: [EvaluationValue(name: "city", text: "Paris")]),
        EvaluationGridRow(number: 2, label: "city=Lyon", values: [EvaluationValue(name: "city", text: "Lyon")]),
        EvaluationGridRow(number: 3, label: "city=Rome", values: [EvaluationValue(name: "city", text: "Rome")]),
    ]

    /// Compare mode with two columns, `E` pressed, the plan delivered (3 rows × 2 variants, group `grp-eval`).
    static func started(rows: Int = 30, columns: Int = 100) -> (AppState, [Effect]) {
        var state = CompareFixtures.columns(2, rows: rows, columns: columns)
        state.detail?.prompt.dataset = "rows.csv"
        let effects = update(&state, .key(.char("E")))
        let keys = Self.rows.flatMap { row in [1, 2].map { EvaluationCellKey(row: row.number, variant: $0) } }
        _ = update(&state, .evaluationStarted(EvaluationStart(groupID: "grp-eval", rows: Self.rows, cells: keys)))
        return (state, effects)
    }

    static func result(row: Int, variant: Int, passed: Bool, city: String) -> EvaluationCellResult {
        var record = Fixtures.record(status: .ok, outputs: [0: passed ? "\(city) about Write" : "nope"])
        record.id = "run-\(row)-\(variant)"
        record.variables = ["city": .string(city)]
        record.durationMs = 300 + 10 * row + variant
        record.checkResults = [
            CheckResult(
                name: "names the city", kind: "contains", status: passed ? .passed : .failed,
                message: passed ? nil : "missing \"\(city)\"")
        ]
        let cost = RunCost(usd: 0.000009)
        record.cost = cost
        var variantValue = ComparisonVariant(position: variant - 1, number: variant)
        variantValue.specText = "temperature=\(variant == 1 ? "0" : "0.5")"
        return EvaluationCellResult(
            row: row, variant: variantValue, record: record, checks: record.checkResults, cost: cost,
            cancelledBeforeStart: false)
    }

    /// Every cell but row 3 × #2 finished (row 2 × #2 failed its check); row 3 × #2 is running.
    static func filled(rows: Int = 30, columns: Int = 100) -> AppState {
        var (state, _) = started(rows: rows, columns: columns)
        let cities = ["Paris", "Lyon", "Rome"]
        for position in 0..<5 {
            let row = position / 2 + 1
            let variant = position % 2 + 1
            let passed = !(row == 2 && variant == 2)
            _ = update(
                &state,
                .evaluationCellFinished(
                    groupID: "grp-eval", position: position,
                    result: result(row: row, variant: variant, passed: passed, city: cities[row - 1])))
        }
        _ = update(&state, .evaluationRunning(groupID: "grp-eval", positions: [5]))
        return state
    }

    @Test func fromCompareModeTheColumnsAreTheVariants() throws {
        let (state, effects) = Self.started()
        guard case .startEvaluation(let request)? = effects.first else {
            Issue.record("no evaluation asked for: \(effects)")
            return
        }
        #expect(request.variants.map(\.number) == [1, 2])
        #expect(request.variants[1].overrides["temperature"] == .number(0.5))
        #expect(request.datasetPath == nil && request.only == nil)
        #expect(state.keyTarget == .evaluation)
        #expect(state.evaluation?.cells.count == 6)
        #expect(state.evaluation?.cells.allSatisfy { $0.status == .pending } == true)
    }

    @Test func fromThePlaygroundADraftAndTheSavedPromptAreTheColumns() {
        var state = Fixtures.state(rows: 30, columns: 100)
        state.detail?.prompt.dataset = "rows.csv"
        var draft = PromptDraft(of: Fixtures.detail("examples/tagline"))
        draft.text += "\n# edited\n"
        state.draft = draft
        let effects = update(&state, .key(.char("E")))
        guard case .startEvaluation(let request)? = effects.first else {
            Issue.record("no evaluation asked for: \(effects)")
            return
        }
        #expect(request.variants.map(\.specText) == ["version=saved", "version=draft"])
        #expect(request.variants.map(\.number) == [1, 2])
        _ = update(&state, .key(.escape))
        #expect(state.mode == .playground(.panes))
    }

    @Test func theGridFillsLiveAndTheFooterSumsEachColumn() {
        var state = Self.filled()
        assertSnapshot(render(state).text, named: "eval-grid-100x30")
        #expect(state.evaluation?.cell(row: 2, column: 1)?.status == .running)
        let text = render(state).text
        #expect(text.contains("✖ 42 tok 322 ms"))
        #expect(text.contains("… running"))
        // #1: 3/3, #2: 1/2 so far; cost is known for both.
        #expect(text.contains("3/3 100%") && text.contains("1/2 50%"))
        _ = update(&state, .evaluationFinished(groupID: "grp-eval", previous: nil, historyWarning: nil))
        #expect(state.evaluation?.phase == .finished)
        #expect(state.statusMessage?.text.contains("group grp-eval") == true)
    }

    @Test func enterReadsTheCellWithItsCheckReasonsAndVariables() {
        var state = Self.filled()
        _ = update(&state, .key(.down))
        _ = update(&state, .key(.right))
        _ = update(&state, .key(.enter))
        #expect(state.evaluation?.isReading == true)
        let text = render(state).text
        #expect(text.contains("✖ names the city: missing \"Lyon\""))
        #expect(text.contains("city = Lyon"))
        assertSnapshot(text, named: "eval-read-100x30")
        _ = update(&state, .key(.escape))
        #expect(state.evaluation?.isReading == false)
    }

    @Test func rerunFailedAsksForOnlyTheFailedCellsInTheSameGroup() {
        var state = Self.filled()
        #expect(update(&state, .key(.char("F"))).isEmpty)  // still running: refused
        let final = Self.result(row: 3, variant: 2, passed: true, city: "Rome")
        _ = update(&state, .evaluationCellFinished(groupID: "grp-eval", position: 5, result: final))
        _ = update(&state, .evaluationFinished(groupID: "grp-eval", previous: nil, historyWarning: nil))
        let effects = update(&state, .key(.char("F")))
        guard case .startEvaluation(let request)? = effects.first else {
            Issue.record("no re-run asked for: \(effects)")
            return
        }
        #expect(request.groupID == "grp-eval")
        #expect(request.only == [EvaluationCellKey(row: 2, variant: 2, replacing: "run-2-2")])
        _ = update(
            &state,
            .evaluationStarted(
                EvaluationStart(
                    groupID: "grp-eval", rows: Self.rows, cells: [EvaluationCellKey(row: 2, variant: 2)],
                    isRerun: true)))
        #expect(state.evaluation?.cells.count == 6)
        #expect(state.evaluation?.cell(row: 1, column: 1)?.status == .pending)
        #expect(state.evaluation?.cell(row: 0, column: 0)?.status == .passed)
        let again = Self.result(row: 2, variant: 2, passed: true, city: "Lyon")
        _ = update(&state, .evaluationCellFinished(groupID: "grp-eval", position: 0, result: again))
        #expect(state.evaluation?.cell(row: 1, column: 1)?.status == .passed)
    }

    @Test func escGoesBackToCompareModeWithItsColumns() {
        var state = Self.filled()
        let effects = update(&state, .key(.escape))
        #expect(effects == [.cancelEvaluation])  // row 3 × #2 was still running
        #expect(state.isComparing)
        #expect(state.compare?.columns.count == 2)
    }

    @Test func withNoDatasetATextFieldAsksForOne() {
        var state = Fixtures.state(rows: 24, columns: 80)
        #expect(update(&state, .key(.char("E"))).isEmpty)
        #expect(state.keyTarget == .evaluationDataset)
        assertSnapshot(render(state).text, named: "eval-dataset-80x24")
        let effects = Fixtures.type("rows.csv", into: &state) + update(&state, .key(.enter))
        guard case .startEvaluation(let request)? = effects.last else {
            Issue.record("no evaluation asked for: \(effects)")
            return
        }
        #expect(request.datasetPath == "rows.csv")
        #expect(request.variants.count == 1)
        _ = update(&state, .evaluationFailedToStart("rows.csv: cannot read: no such file"))
        #expect(render(state).text.contains("✖ rows.csv: cannot read"))
        _ = update(&state, .key(.escape))
        #expect(state.mode == .playground(.panes))
    }

    @Test func aPreviousEvaluationShowsTheChangeAndTheFlippedCells() {
        var state = Self.filled()
        let before = EvaluationScore(
            groupID: "grp-old",
            cells: [
                .init(rowKey: "a", rowLabel: "city=Paris", variant: 1, passed: false),
                .init(rowKey: "b", rowLabel: "city=Lyon", variant: 2, passed: true),
            ])
        let after = EvaluationScore(
            groupID: "grp-eval",
            cells: [
                .init(rowKey: "a", rowLabel: "city=Paris", variant: 1, passed: true),
                .init(rowKey: "b", rowLabel: "city=Lyon", variant: 2, passed: false),
            ])
        let delta = EvaluationDelta(before: before, after: after)
        _ = update(&state, .evaluationFinished(groupID: "grp-eval", previous: delta, historyWarning: nil))
        let text = render(state).text
        #expect(text.contains("vs last"))
        #expect(text.contains("0% → 100% (+100)"))
        #expect(text.contains("✔ 42 tok 311 ms ↑"))
        #expect(text.contains("✖ 42 tok 322 ms ↓"))
    }

    @Test func fInTheOutputPaneListsTheFailedChecks() {
        var state = Fixtures.state(rows: 30, columns: 100, focus: .output)
        Fixtures.running(&state)
        var record = Fixtures.record(status: .ok, outputs: [0: "Rome about Write"])
        record.checkResults = [
            CheckResult(name: "names the city", kind: "contains", status: .failed, message: "missing \"Paris\""),
            CheckResult(name: "short", kind: "max_length", status: .passed),
        ]
        _ = update(&state, .runFinished(id: "run-1", record: record, historyWarning: nil))
        _ = update(&state, .key(.char("F")))
        let text = render(state).text
        #expect(text.contains("✖ names the city: missing \"Paris\""))
        #expect(!text.contains("✔ short"))
        #expect(!text.contains("Rome about Write"))
        _ = update(&state, .key(.char("F")))
        #expect(render(state).text.contains("Rome about Write"))
    }
}
