import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@testable import PromptDeckTUI

/// The history browser, its search, detail and fork tree, and the logprob heatmap, against golden files.
@Suite("TUI history snapshots")
struct HistorySnapshotTests {
    @Test func list() {
        for (rows, columns) in [(24, 80), (40, 120)] {
            let state = HistoryFixtures.browsing(rows: rows, columns: columns)
            assertSnapshot(render(state).text, named: "history-list-\(columns)x\(rows)")
        }
    }

    @Test func search() {
        var state = HistoryFixtures.browsing(rows: 40, columns: 120)
        _ = update(&state, .key(.char("/")))
        _ = Fixtures.type("leeds", into: &state)
        let hit = HistoryRow(summary: HistoryFixtures.rows[0].summary, snippet: "…where «Leeds» comes to smell…")
        _ = update(&state, .historyListed(sequence: state.history?.sequence ?? 0, rows: [hit]))
        assertSnapshot(render(state).text, named: "history-search-120x40")
    }

    @Test func detailWithForkTreeAndPromptDiff() {
        let detail = HistoryFixtures.detail(currentSource: "template: |\n  Write a short tagline for {{shop}}.\n")
        var state = HistoryFixtures.browsing(rows: 40, columns: 120, detail: detail)
        _ = update(&state, .key(.tab))
        assertSnapshot(render(state).text, named: "history-detail-120x40")
    }

    @Test func forkTree() {
        let state = HistoryFixtures.browsing(rows: 24, columns: 80)
        assertSnapshot(render(state).text, named: "history-fork-tree-80x24")
    }

    @Test func heatmapWithAlternatives() {
        var state = Fixtures.state(rows: 24, columns: 80, focus: .output)
        Fixtures.running(&state)
        let events = HistoryFixtures.events.map { StreamEvent.delta(choice: 0, text: $0.text, logprobs: $0.logprobs) }
        _ = update(&state, .runEvents(id: "run-1", events: events, at: 10.3))
        _ = update(&state, .key(.char("L")))
        _ = update(&state, .key(.right))
        _ = update(&state, .key(.right))
        let screen = render(state)
        assertSnapshot(screen.text, named: "heatmap-alternatives-80x24")
        // The colours are roles: each token's band, the cursor's own role.
        let layout = Layout(size: state.size, zoomed: nil)
        let row = layout.output.inner.top
        let left = layout.output.inner.left
        #expect(screen[row, left].role == .logprobHigh)
        #expect(screen[row, left + 5].role == .logprobMid)
        #expect(screen[row, left + 7].role == .logprobCursor)
        #expect(screen[row, left + 13].role == .logprobVeryLow)
    }
}
