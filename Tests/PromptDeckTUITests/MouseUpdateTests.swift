import PromptDeckCore
import Testing

@testable import PromptDeckTUI

/// The mouse through `update`: clicks focus panes and select rows, the wheel scrolls what is under the
/// pointer (80 × 24: prompts on columns 0-23, template rows 0-5, variables | parameters rows 6-12 split
/// at column 52, output from row 13).
@Suite("Mouse")
struct MouseUpdateTests {
    static func click(_ row: Int, _ column: Int) -> Msg {
        .mouse(MouseEvent(.press(button: 1), row: row, column: column))
    }
    static func wheel(down: Bool, _ row: Int, _ column: Int) -> Msg {
        .mouse(MouseEvent(down ? .wheelDown : .wheelUp, row: row, column: column))
    }

    @Test func clickFocusesThePaneUnderThePointer() {
        var state = Fixtures.state(focus: .variables)
        #expect(update(&state, Self.click(15, 40)) == [])
        #expect(state.focus == .output)
        _ = update(&state, Self.click(2, 40))
        #expect(state.focus == .template)
        _ = update(&state, Self.click(23, 40))  // the hint line: no pane
        #expect(state.focus == .template)
    }

    @Test func clickOnAPromptRowSelectsAndLoadsIt() throws {
        var state = Fixtures.state(focus: .output)
        let visible = state.visiblePrompts
        let index = try #require(visible.indices.first { visible[$0].id != "examples/tagline" })
        // Row 0 is the border, row 1 the filter line; the list starts on row 2.
        let effects = update(&state, Self.click(2 + index, 5))
        #expect(state.focus == .prompts)
        #expect(state.promptCursor == index)
        #expect(effects == [.loadPrompt(id: visible[index].id)])
        #expect(update(&state, Self.click(0, 5)) == [], "the border focuses without selecting")
        #expect(state.promptCursor == index)
        _ = update(&state, Self.click(1, 5))
        #expect(state.isFiltering, "a click on the filter line starts filtering")
    }

    @Test func clickOnAParameterRowSelectsIt() {
        var state = Fixtures.state(focus: .prompts)
        // Parameters: border on row 6, model and profile on rows 7-8, the first parameter on row 9.
        _ = update(&state, Self.click(10, 60))
        #expect(state.focus == .parameters)
        #expect(state.parameterCursor == min(1, state.parameterSpecs.count - 1))
    }

    @Test func wheelScrollsTheOutputWithoutTakingFocus() {
        var state = Fixtures.state(focus: .prompts)
        Fixtures.running(&state)
        for i in 0..<40 {
            _ = update(
                &state,
                .runEvents(id: "run-1", events: [.delta(choice: 0, text: "line \(i)\n", logprobs: nil)], at: 10.5))
        }
        let bottom = state.output.scroll
        #expect(bottom > 6)
        #expect(update(&state, Self.wheel(down: false, 16, 40)) == [])
        #expect(state.output.scroll == bottom - MouseEvent.wheelLines)
        #expect(!state.output.follow)
        #expect(state.focus == .prompts)
        _ = update(&state, Self.wheel(down: true, 16, 40))
        #expect(state.output.scroll == bottom)
        #expect(state.output.follow)
    }

    @Test func historyClickSelectsARowAndFocusesTheDetail() {
        var state = HistoryFixtures.browsing()
        // 80 × 24: search rows 0-2, the list's box rows 3-9 (runs from row 4), the detail from row 10.
        let effects = update(&state, Self.click(5, 20))
        #expect(state.history?.cursor == 1)
        #expect(effects == [.loadHistoryRun(id: HistoryFixtures.rows[1].summary.id)])
        _ = update(&state, Self.click(15, 20))
        #expect(state.history?.detailFocused == true)
        _ = update(&state, Self.click(4, 20))
        #expect(state.history?.detailFocused == false)
        #expect(state.history?.cursor == 0)
    }

    @Test func historyWheelScrollsTheDetailUnderThePointer() {
        var state = HistoryFixtures.browsing()
        #expect(state.history?.detailFocused == false)
        _ = update(&state, Self.wheel(down: true, 15, 20))
        #expect(state.history?.detailScroll == MouseEvent.wheelLines)
        #expect(state.history?.detailFocused == false, "the wheel leaves focus in the list")
        #expect(state.history?.cursor == 0)
        _ = update(&state, Self.wheel(down: false, 15, 20))
        #expect(state.history?.detailScroll == 0)
        let effects = update(&state, Self.wheel(down: true, 5, 20))
        #expect(state.history?.cursor == HistoryFixtures.rows.count - 1)
        #expect(effects == [.loadHistoryRun(id: HistoryFixtures.rows[2].summary.id)], "only the last row loads")
    }

    @Test func compareClickFocusesTheColumn() {
        var state = CompareFixtures.columns(2, rows: 24, columns: 100)
        #expect(state.compare?.focused == 0)
        #expect(update(&state, Self.click(8, 70)) == [])
        #expect(state.compare?.focused == 1)
        _ = update(&state, Self.click(8, 10))
        #expect(state.compare?.focused == 0)
        #expect(state.isComparing)
    }

    @Test func overlaysTakeTheWheelButIgnoreClicks() {
        var state = Fixtures.state(rows: 12)
        _ = update(&state, .key(.char("?")))
        #expect(state.overlay == .help(scroll: 0))
        _ = update(&state, Self.click(0, 0))
        #expect(state.overlay == .help(scroll: 0), "a click outside closes nothing")
        _ = update(&state, Self.wheel(down: true, 5, 40))
        #expect(state.overlay == .help(scroll: MouseEvent.wheelLines))
        #expect(state.focus == .variables)
    }

    /// The only effects the mouse may cause: reading a prompt, its history, or a run.
    static func onlyReads(_ effect: Effect) -> Bool {
        switch effect {
        case .loadPrompt, .loadHistory, .loadHistoryRun: return true
        default: return false
        }
    }

    @Test func theMouseNeverRunsAnything() {
        var state = Fixtures.state()
        for row in 0..<24 {
            for column in stride(from: 0, to: 80, by: 7) {
                let effects =
                    update(&state, Self.click(row, column)) + update(&state, Self.wheel(down: true, row, column))
                #expect(effects.allSatisfy(Self.onlyReads), "\(effects)")
                state.overlay = nil
                state.isFiltering = false
            }
        }
        #expect(state.run == nil)
    }
}
