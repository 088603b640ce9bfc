import Foundation
import Testing

@testable import PromptDeckCore
@testable import PromptDeckTUI

/// The history browser's state transitions and the effects they ask for.
@Suite("TUI history updates")
struct HistoryUpdateTests {
    @Test func hOpensHistoryAndListsNewestFirst() {
        var state = Fixtures.state()
        let effects = update(&state, .key(.char("h")))
        #expect(state.history != nil)
        #expect(effects == [.queryHistory(HistoryQuery(), sequence: 1)])
        let loaded = update(&state, .historyListed(sequence: 1, rows: HistoryFixtures.rows))
        #expect(state.history?.rows.count == 3)
        #expect(loaded == [.loadHistoryRun(id: "1jd3k9x2pxaaaa")])
        #expect(update(&state, .key(.escape)) == [])
        #expect(state.history == nil)
    }

    @Test func typingSearchesWithSequenceNumbersAndDropsStaleAnswers() {
        var state = HistoryFixtures.browsing()
        _ = update(&state, .key(.char("/")))
        var effects: [Effect] = []
        for character in "lee" { effects += update(&state, .key(.char(character))) }
        #expect(
            effects == [
                .queryHistory(HistoryQuery(text: "l"), sequence: 2),
                .queryHistory(HistoryQuery(text: "le"), sequence: 3),
                .queryHistory(HistoryQuery(text: "lee"), sequence: 4),
            ])
        let hit = HistoryRow(summary: HistoryFixtures.rows[2].summary, snippet: "Bloom in «Lee»ds")
        #expect(update(&state, .historyListed(sequence: 3, rows: [])) == [])
        #expect(state.history?.rows.count == 3, "a stale answer is ignored")
        let effectsAfter = update(&state, .historyListed(sequence: 4, rows: [hit]))
        #expect(state.history?.rows == [hit])
        #expect(effectsAfter == [.loadHistoryRun(id: hit.summary.id)])
        _ = update(&state, .key(.enter))
        #expect(state.history?.isTyping == false)
        #expect(state.history?.query.text == "lee")
    }

    @Test func filtersCycleAndRequery() {
        var state = HistoryFixtures.browsing()
        #expect(
            update(&state, .key(.char("f"))).first
                == .queryHistory(
                    HistoryQuery(filter: HistoryFilter(status: .ok)), sequence: 2))
        _ = update(&state, .key(.char("f")))
        #expect(state.history?.statusFilter == .error)
        _ = update(&state, .key(.char("M")))
        #expect(state.history?.modelFilter == "gpt-4o-mini")
        _ = update(&state, .key(.char("M")))
        #expect(state.history?.modelFilter == "llama-3")
        _ = update(&state, .key(.char("M")))
        #expect(state.history?.modelFilter == nil)
        _ = update(&state, .key(.char("p")))
        #expect(state.history?.promptFilter == "examples/tagline")
        let cleared = update(&state, .key(.char("F")))
        #expect(cleared == [.queryHistory(HistoryQuery(), sequence: 8)])
    }

    @Test func detailOnlyForTheSelectedRun() {
        var state = HistoryFixtures.browsing()
        let moved = update(&state, .key(.char("j")))
        #expect(moved == [.loadHistoryRun(id: "1jd3k9x1zbbbbb")])
        _ = update(&state, .historyRunLoaded(HistoryFixtures.detail()))
        #expect(state.history?.detail?.record.id == "1jd3k9x2pxaaaa", "kept until the right one arrives")
    }

    @Test func replayPlaysAtTheRecordedPaceAndSteps() {
        var state = HistoryFixtures.browsing()
        #expect(update(&state, .key(.char("r"))) == [])
        #expect(state.history == nil)
        #expect(state.replay?.steps.count == 4)
        #expect(state.needsClock)
        _ = update(&state, .tick(100))
        #expect(state.output.currentText == "")
        _ = update(&state, .tick(100.25))
        #expect(state.output.currentText == "Bloom:")
        _ = update(&state, .key(.char("+")))
        #expect(state.replay?.speed == .x2)
        _ = update(&state, .key(.char(" ")))
        #expect(state.replay?.paused == true)
        _ = update(&state, .tick(200))
        #expect(state.output.currentText == "Bloom:", "paused: time does not move it")
        _ = update(&state, .key(.char("n")))
        #expect(state.output.currentText == "Bloom: fresh")
        _ = update(&state, .key(.char("+")))
        _ = update(&state, .key(.char("+")))
        #expect(state.replay?.speed == .instant)
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .tick(200.01))
        #expect(state.output.currentText == "Bloom: fresh flowers")
        #expect(state.replay?.isFinished == true)
        #expect(state.output.currentTokens.count == 4, "replay carries the logprobs")
    }

    @Test func rerunAsksForAChildRun() {
        var state = HistoryFixtures.browsing()
        #expect(update(&state, .key(.char("R"))) == [.rerun(id: "1jd3k9x2pxaaaa")])
        #expect(state.history == nil)
        #expect(state.run?.phase == .starting)
    }

    @Test func forkLoadsThePlaygroundAndTheNextRunRecordsItsParent() {
        var state = HistoryFixtures.browsing()
        #expect(update(&state, .key(.char("e"))) == [])
        #expect(state.history == nil)
        #expect(state.fields.first { $0.name == "shop" }?.value == "Bloom")
        #expect(state.modelOverride == "gpt-4o-mini")
        #expect(state.forkParentID == "1jd3k9x2pxaaaa")
        state.fields[0].value = "Petal"
        let effects = update(&state, .key(.function(5)))
        guard case .startRun(let inputs)? = effects.first else {
            Issue.record("expected startRun, got \(effects)")
            return
        }
        #expect(inputs.parentID == "1jd3k9x2pxaaaa")
        #expect(inputs.overrides["temperature"] == .number(0.7))
        #expect(state.forkParentID == nil, "only the next run is the fork")
    }

    @Test func forkOfAnotherPromptWaitsForItToLoad() {
        var state = HistoryFixtures.browsing()
        var detail = HistoryFixtures.detail()
        detail.record.promptID = "examples/translate"
        _ = update(&state, .historyRunLoaded(detail))
        #expect(update(&state, .key(.char("e"))) == [.loadPrompt(id: "examples/translate")])
        _ = update(&state, .promptLoaded(Fixtures.detail("examples/translate")))
        #expect(state.forkParentID == "1jd3k9x2pxaaaa")
        #expect(state.pendingFork == nil)
    }

    @Test func markTwoThenCompare() {
        var state = HistoryFixtures.browsing()
        #expect(update(&state, .key(.char("c"))) == [])
        #expect(state.statusMessage?.kind == .warning)
        _ = update(&state, .key(.char(" ")))
        _ = update(&state, .key(.char(" ")))
        #expect(state.history?.marked == ["1jd3k9x2pxaaaa", "1jd3k9x1zbbbbb"])
        #expect(update(&state, .key(.char("c"))) == [.compareRuns(["1jd3k9x2pxaaaa", "1jd3k9x1zbbbbb"])])
        #expect(state.history == nil)
    }

    @Test func exportAsksForAPathAndFormat() {
        var state = HistoryFixtures.browsing()
        _ = update(&state, .key(.char("x")))
        guard case .export(_, .json, let path)? = state.history?.question else {
            Issue.record("no export question")
            return
        }
        #expect(path.text == "promptdeck-1jd3k9x2pxaaaa.json")
        _ = update(&state, .key(.tab))
        let effects = update(&state, .key(.enter))
        #expect(effects == [.exportRun(id: "1jd3k9x2pxaaaa", format: .curl, path: "promptdeck-1jd3k9x2pxaaaa.sh")])
        _ = update(&state, .runExported(path: "/tmp/x.sh"))
        #expect(state.statusMessage?.text == "exported to /tmp/x.sh")
    }

    @Test func deleteAsksFirst() {
        var state = HistoryFixtures.browsing()
        _ = update(&state, .key(.char("d")))
        #expect(update(&state, .key(.char("n"))) == [])
        #expect(state.history?.question == nil)
        _ = update(&state, .key(.char("d")))
        #expect(update(&state, .key(.char("y"))) == [.deleteRun(id: "1jd3k9x2pxaaaa")])
        let after = update(&state, .historyRunDeleted(id: "1jd3k9x2pxaaaa"))
        #expect(state.history?.rows.count == 2)
        #expect(after == [.loadHistoryRun(id: "1jd3k9x1zbbbbb")])
    }

    @Test func changedPromptFileIsNoticedAndDiffed() {
        let detail = HistoryFixtures.detail(currentSource: "template: |\n  Write a short tagline for {{shop}}.\n")
        #expect(detail.promptChanged)
        let diff = UnifiedDiff.lines(old: detail.record.templateSource, new: detail.currentSource ?? "")
        #expect(diff.contains(.removed("  Write a tagline for {{shop}}.")))
        #expect(diff.contains(.added("  Write a short tagline for {{shop}}.")))
        #expect(diff.first == .context("template: |"))
    }

    @Test(arguments: [
        (0.95, LogprobBucket.high), (0.9, .high), (0.6, .mid), (0.5, .mid), (0.3, .low), (0.2, .low),
        (0.05, .veryLow),
    ])
    func logprobBuckets(_ probability: Double, _ bucket: LogprobBucket) {
        #expect(LogprobBucket(probability: probability) == bucket)
        #expect(LogprobBucket(logprob: log(probability)) == bucket)
    }

    @Test func liveLogprobsAndTheTokenCursor() {
        var state = Fixtures.state(focus: .output)
        _ = update(&state, .key(.char("L")))
        #expect(state.tokenCursor == nil, "no logprobs: no cursor")
        Fixtures.running(&state)
        let events = HistoryFixtures.events.map { StreamEvent.delta(choice: 0, text: $0.text, logprobs: $0.logprobs) }
        _ = update(&state, .runEvents(id: "run-1", events: events, at: 10.3))
        #expect(state.output.currentTokens.count == 4)
        _ = update(&state, .key(.char("L")))
        #expect(state.tokenCursor == 0)
        for _ in 0..<6 { _ = update(&state, .key(.right)) }
        #expect(state.tokenCursor == 3)
        _ = update(&state, .key(.left))
        #expect(state.tokenCursor == 2)
        _ = update(&state, .key(.escape))
        #expect(state.tokenCursor == nil)
    }

    @Test func reopeningKeepsTheSearchAndPosition() {
        var state = HistoryFixtures.browsing()
        _ = update(&state, .key(.char("/")))
        _ = Fixtures.type("bloom", into: &state)
        _ = update(&state, .key(.enter))
        _ = update(&state, .historyListed(sequence: state.history?.sequence ?? 0, rows: HistoryFixtures.rows))
        _ = update(&state, .key(.char("j")))
        _ = update(&state, .key(.char("q")))
        #expect(state.history == nil)
        let effects = update(&state, .key(.char("h")))
        #expect(effects == [.queryHistory(HistoryQuery(text: "bloom"), sequence: 7)])
        _ = update(&state, .historyListed(sequence: 7, rows: HistoryFixtures.rows))
        #expect(state.history?.cursor == 1)
    }

    @Test func markedRunsWithLogprobsShowTheHeatmapInCompareColumns() {
        var state = Fixtures.state(rows: 24, columns: 80)
        var other = HistoryFixtures.record(id: "1jd3k9x1zbbbbb", parent: nil)
        other.logprobs = [:]
        other.outputs = [0: "Petal: plain words"]
        _ = update(
            &state,
            .comparisonReopened(ReopenedComparison(groupID: "marked", records: [HistoryFixtures.record(), other])))
        #expect(state.isComparing)
        let screen = render(state)
        var roles: Set<StyleRole> = []
        for row in 0..<screen.rows { for column in 0..<screen.columns { roles.insert(screen[row, column].role) } }
        #expect(roles.contains(.logprobHigh) && roles.contains(.logprobVeryLow))
    }
}
