import PromptDeckCore
import PromptDeckTestSupport
import Testing

@testable import PromptDeckTUI

/// Compare mode against golden files: 2, 3 and 4 columns at 120×40 and 80×24 (tabs where columns would
/// be too narrow), the grid table, the word diff, a column being edited and the sweep overlay.
@Suite("TUI compare snapshots")
struct CompareSnapshotTests {
    @Test(arguments: [2, 3, 4])
    func columns(_ count: Int) {
        for (rows, columns) in [(40, 120), (24, 80)] {
            var state = CompareFixtures.columns(count, rows: rows, columns: columns)
            state.compare?.focused = 0
            CompareFixtures.run(&state, statuses: [.ok, .streaming, .cancelled, .error], finished: false)
            state.compare?.now = 11
            assertSnapshot(render(state).text, named: "compare-\(count)-\(columns)x\(rows)")
        }
    }

    @Test func beforeTheFirstRun() {
        let state = CompareFixtures.columns(2, rows: 24, columns: 80)
        assertSnapshot(render(state).text, named: "compare-idle-80x24")
    }

    @Test func grid() {
        var state = Fixtures.state(rows: 40, columns: 120)
        state.fields[0].value = "Bloom"
        _ = update(&state, .key(.char("S")))
        _ = Fixtures.type("temperature=0,1", into: &state)
        _ = update(&state, .key(.tab))
        _ = Fixtures.type("seed=1..8", into: &state)
        _ = update(&state, .key(.enter))
        CompareFixtures.run(&state, statuses: [.ok, .ok, .streaming, .pending])
        for _ in 0..<3 { _ = update(&state, .key(.down)) }
        assertSnapshot(render(state).text, named: "compare-grid-120x40")
        _ = update(&state, .key(.enter))
        assertSnapshot(render(state).text, named: "compare-grid-read-120x40")
    }

    @Test func diff() {
        var state = CompareFixtures.columns(3, rows: 40, columns: 120)
        CompareFixtures.run(&state)
        _ = update(&state, .key(.char("d")))
        assertSnapshot(render(state).text, named: "compare-diff-120x40")
    }

    @Test func editingAColumn() {
        var state = CompareFixtures.columns(2, rows: 40, columns: 120)
        state.compare?.focused = 1
        _ = update(&state, .key(.char("e")))
        assertSnapshot(render(state).text, named: "compare-edit-120x40")
    }

    @Test func sweepOverlay() {
        var state = Fixtures.state(rows: 24, columns: 80)
        _ = update(&state, .key(.char("S")))
        _ = Fixtures.type("temperature=0,0.5,1", into: &state)
        assertSnapshot(render(state).text, named: "compare-sweep-80x24")
    }
}
