import PromptDeckCore
import Testing

@testable import PromptDeckTUI

@Suite("TUI compare update")
struct CompareUpdateTests {
    @Test func cEntersCompareModeWithTwoColumnsAndLeavesKeepingThem() {
        var state = Fixtures.state(rows: 40, columns: 120)
        #expect(update(&state, .key(.char("c"))).isEmpty)
        #expect(state.isComparing)
        #expect(state.compare?.columns.map(\.variant.label) == ["#1", "#2"])
        _ = update(&state, .key(.char("a")))
        _ = update(&state, .key(.char("c")))
        #expect(!state.isComparing)
        _ = update(&state, .key(.char("c")))
        #expect(state.compare?.columns.count == 3, "columns survive leaving compare mode")
    }

    @Test func addDuplicateAndRemoveColumns() {
        var state = CompareFixtures.columns(2, rows: 40, columns: 120)
        state.compare?.focused = 1
        _ = update(&state, .key(.char("D")))
        #expect(state.compare?.columns.count == 3)
        #expect(state.compare?.focused == 2)
        #expect(state.compare?.columns[2].variant.overrides["temperature"] == .number(0.5))
        #expect(state.compare?.columns.map(\.variant.number) == [1, 2, 3])
        _ = update(&state, .key(.char("a")))
        #expect(state.compare?.columns[3].variant.overrides.isEmpty == true)
        state.compare?.focused = 0
        _ = update(&state, .key(.char("x")))
        #expect(state.compare?.columns.count == 3)
        #expect(state.compare?.columns.first?.variant.overrides["temperature"] == .number(0.5))
        #expect(state.compare?.columns.first?.variant.label == "#1")
        for _ in 0..<5 { _ = update(&state, .key(.char("x"))) }
        #expect(state.compare?.columns.count == 1, "one column always stays")
    }

    @Test func editingAColumnChangesOnlyThatColumn() {
        var state = CompareFixtures.columns(2, rows: 40, columns: 120)
        state.compare?.focused = 1
        _ = update(&state, .key(.char("e")))
        #expect(state.compare?.isEditing == true)
        state.parameterCursor = state.parameterSpecs.firstIndex { $0.name == "temperature" } ?? 0
        _ = update(&state, .key(.right))
        #expect(state.compare?.columns[1].variant.overrides["temperature"] == .number(0.6))
        #expect(state.compare?.columns[0].variant.overrides["temperature"] == .number(0))
        #expect(state.overrides["examples/tagline"]?["temperature"] == nil, "the playground's value is untouched")
        _ = update(&state, .key(.char("P")))
        _ = update(&state, .paste("echo"))
        _ = update(&state, .key(.enter))
        #expect(state.compare?.columns[1].variant.profileName == "echo")
        #expect(state.columnHeaders()[1].contains { $0.key == "profile" && $0.value == "echo" })
        _ = update(&state, .key(.escape))
        #expect(state.compare?.isEditing == false)
        #expect(render(state).text.contains("profile=echo"), "the header shows what differs from #1")
    }

    @Test func aSweepBecomesColumnsAndAGridWithRepeats() {
        var state = Fixtures.state(rows: 40, columns: 120)
        _ = update(&state, .key(.char("S")))
        _ = Fixtures.type("temperature=0,0.5,1", into: &state)
        _ = update(&state, .key(.enter))
        #expect(state.isComparing)
        #expect(state.compare?.columns.map { $0.variant.overrides["temperature"] } == [.int(0), .number(0.5), .int(1)])
        #expect(state.compareLayout.mode == .columns)

        _ = update(&state, .key(.char("S")))
        _ = Fixtures.type("temperature=0,1", into: &state)
        _ = update(&state, .key(.tab))
        _ = Fixtures.type("seed=1..4", into: &state)
        _ = update(&state, .key(.tab))
        _ = update(&state, .key(.backspace))
        _ = Fixtures.type("2", into: &state)
        _ = update(&state, .key(.enter))
        #expect(state.compare?.columns.count == 16)
        #expect(state.compare?.columns[1].variant.label == "#1.2")
        #expect(state.compare?.columns[15].variant.overrides == ["temperature": .int(1), "seed": .int(4)])
        #expect(state.compareLayout.mode == .grid)
    }

    @Test func aBadSweepIsRefusedInTheOverlay() {
        var state = Fixtures.state(rows: 40, columns: 120)
        _ = update(&state, .key(.char("S")))
        _ = Fixtures.type("temperature=", into: &state)
        _ = update(&state, .key(.enter))
        guard case .sweep(let form)? = state.overlay else {
            Issue.record("the overlay should stay open")
            return
        }
        #expect(form.error?.contains("empty value") == true)
        #expect(!state.isComparing)
    }

    @Test func runAllAsksForOneComparisonOfEveryColumn() {
        var state = CompareFixtures.columns(3, rows: 40, columns: 120)
        let effects = update(&state, .key(.function(5)))
        guard case .startComparison(let base, let variants)? = effects.first, effects.count == 1 else {
            Issue.record("expected one startComparison, got \(effects)")
            return
        }
        #expect(base.promptID == "examples/tagline")
        #expect(base.variables["shop"] == .string("Bloom"))
        #expect(variants.map(\.position) == [0, 1, 2])
        #expect(variants.map { $0.overrides["temperature"] } == [.number(0), .number(0.5), .number(1)])
        #expect(state.compare?.phase == .starting)
        #expect(update(&state, .key(.ctrl("r"))).isEmpty, "no second comparison while one is going")
    }

    @Test func escCancelsTheFocusedColumnAndXCancelsAll() {
        var state = CompareFixtures.columns(3, rows: 40, columns: 120)
        _ = update(&state, .key(.function(5)))
        state.compare?.focused = 1
        #expect(update(&state, .key(.escape)).isEmpty, "not started yet: remembered")
        #expect(
            update(&state, .comparisonStarted(groupID: "g", at: 1, warnings: [])) == [.cancelVariant(position: 1)])
        state.compare?.focused = 2
        #expect(update(&state, .key(.escape)) == [.cancelVariant(position: 2)])
        #expect(update(&state, .key(.char("X"))) == [.cancelComparison])
        #expect(update(&state, .key(.ctrl("x"))) == [.cancelComparison])
        #expect(update(&state, .terminate) == [.cancelComparison, .quit])
    }

    @Test func framesFillColumnsAndFinishWithASummary() {
        var state = CompareFixtures.columns(2, rows: 40, columns: 120)
        CompareFixtures.run(&state, statuses: [.streaming], finished: false)
        #expect(state.compare?.isRunning == true)
        #expect(state.compare?.columns[1].text.source == CompareFixtures.outputs[1])
        _ = update(&state, .comparisonUpdated(ComparisonFrame(groupID: "other", variants: [], elapsedMs: [], at: 11)))
        #expect(state.compare?.columns[1].text.source == CompareFixtures.outputs[1], "another group's frame is ignored")
        _ = update(&state, .comparisonFinished(CompareFixtures.frame(state), historyWarning: nil))
        #expect(state.compare?.phase == .finished)
        #expect(render(state).text.contains("fastest to first token #1 (100 ms)"))
    }

    @Test func diffToggleComputesDiffsThrottledWhileStreaming() throws {
        var state = CompareFixtures.columns(2, rows: 40, columns: 120)
        CompareFixtures.run(&state, statuses: [.streaming], outputs: ["a b c", "a x c"], finished: false)
        _ = update(&state, .key(.char("d")))
        let diff = try #require(state.compare?.columns[1].diff)
        #expect(diff.spans.map(\.role) == [.outputText, .diffRemove, .diffAdd, .outputText])
        #expect(diff.added == 1 && diff.removed == 1)
        state.compare?.now = 10.6
        var frame = CompareFixtures.frame(state, statuses: [.streaming], outputs: ["a b c d", "a x c d"])
        frame.at = 10.7
        _ = update(&state, .comparisonUpdated(frame))
        #expect(state.compare?.columns[1].diff?.length == 5, "within 200 ms: not recomputed")
        _ = update(&state, .tick(10.9))
        #expect(state.compare?.columns[1].diff?.length == 7, "the tick after 200 ms recomputes")
        _ = update(&state, .key(.char("d")))
        #expect(state.compare?.showsDiff == false)
    }

    @Test func narrowTerminalsShowTabs() {
        var state = CompareFixtures.columns(3, rows: 24, columns: 80)
        #expect(state.compareLayout.mode == .tabs)
        #expect(state.compare?.textWidth == 78)
        _ = update(&state, .resize(TerminalSize(rows: 40, columns: 120)))
        #expect(state.compareLayout.mode == .columns)
        #expect(state.compare?.textWidth == 38)
        _ = update(&state, .key(.char("x")))
        _ = update(&state, .resize(TerminalSize(rows: 24, columns: 80)))
        #expect(state.compareLayout.mode == .columns, "two columns of 40 still fit")
    }

    @Test func gridRowsMoveAndOpenToRead() {
        var state = Fixtures.state(rows: 40, columns: 120)
        _ = update(&state, .key(.char("S")))
        _ = Fixtures.type("seed=1..16", into: &state)
        _ = update(&state, .key(.enter))
        #expect(state.compare?.columns.count == 16)
        CompareFixtures.run(&state)
        _ = update(&state, .key(.char("j")))
        _ = update(&state, .key(.char("j")))
        #expect(state.compare?.focused == 2)
        _ = update(&state, .key(.char("G")))
        #expect(state.compare?.focused == 15)
        _ = update(&state, .key(.enter))
        #expect(state.compare?.reading == 15)
        #expect(render(state).text.contains("#16 ✔ ok"))
        _ = update(&state, .key(.escape))
        #expect(state.compare?.reading == nil)
    }

    @Test func aComparisonReopensFromHistoryAsColumns() {
        var state = Fixtures.state(rows: 40, columns: 120)
        _ = update(&state, .key(.char("O")))
        _ = Fixtures.type("grp-0001", into: &state)
        #expect(update(&state, .key(.enter)) == [.reopenComparison("grp-0001")])
        var records: [RunRecord] = []
        for (index, temperature) in [0.0, 0.5].enumerated() {
            var record = Fixtures.record(status: .ok, outputs: [0: CompareFixtures.outputs[index]])
            record.id = "run-\(index)"
            record.groupID = "grp-0001"
            record.parameters = ["temperature": .number(temperature)]
            record.variables = ["shop": "Bloom"]
            records.append(record)
        }
        let effects = update(&state, .comparisonReopened(ReopenedComparison(groupID: "grp-0001", records: records)))
        #expect(effects.isEmpty)
        #expect(state.isComparing)
        #expect(state.compare?.columns.map { $0.variant.overrides["temperature"] } == [.number(0), .number(0.5)])
        #expect(state.fields.first?.value == "Bloom")
        #expect(render(state).text.contains("temperature=0.5"))
    }
}
