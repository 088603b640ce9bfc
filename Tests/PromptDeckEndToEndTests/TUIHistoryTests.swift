import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// The history browser in a real terminal against the local test server: three runs (ok, failed,
/// cancelled), search, replay, re-run, fork with a changed variable, the fork tree, export as curl.
@Suite("TUI history end to end", .serialized)
struct TUIHistoryTests {
    @Test func runSearchReplayRerunForkAndExport() throws {
        let session = try PlaygroundSession(profiles: [
            .init("local", scenario: "slow-100"), .init("failing", scenario: "500"),
            .init("slower", scenario: "slow-300", model: "slow-model"),
        ])
        let exported = session.folder + "/run.sh"
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)

        // Three runs: ok, failed (HTTP 500), cancelled.
        session.selectPrompt(filter: "tagline", id: "examples/tagline")
        session.fillFirstVariable(with: "Bloom flowers")
        expectStep(session.run(), "first run")
        session.pickProfile("failing")
        expectStep(session.run(until: "✖ error 500"), "failing run")
        session.pickProfile("slower")
        session.turnStreamingOn()
        session.runUntilStreaming()
        session.send("Escape")
        let cancelled = session.waitFor("■ cancelled", timeout: 10)
        expectStep(cancelled, "cancel")

        // History: three runs, newest first; a search narrows them.
        session.send("h")
        let listed = session.waitFor(timeout: 10) { $0.contains("Runs (3)") && $0.contains("cancelled") }
        expectStep(listed, "history list")
        guard listed.ok else { return }
        session.send("/")
        session.type("flowers")
        let searched = session.waitFor("«flowers»", timeout: 10)
        expectStep(searched, "search")
        session.send("Escape")
        expectStep(session.waitFor { $0.contains("Runs (3)") && $0.contains("/ to search") }, "search closed")

        // Replay the ok run (the oldest).
        selectOldest(session)
        session.send("r")
        let replayed = session.waitFor("replay finished", timeout: 15)
        expectStep(replayed, "replay")
        let replayShowsText = replayed.screen.contains("flowers")
        #expect(replayShowsText, "the replay shows the recorded text")

        // Re-run it: a child run.
        expectStep(session.openHistory(runs: 3), "history before the re-run")
        selectOldest(session)
        session.send("R")
        expectStep(session.waitFor("✔ ok", timeout: 15), "re-run")

        // Fork it with a changed variable and run the fork.
        expectStep(session.openHistory(runs: 4), "history before the fork")
        selectOldest(session)
        session.send("e")
        expectStep(session.waitFor("fork of"), "fork opened")
        session.send("Enter")
        expectStep(session.waitFor("Enter accept"), "variable edit")
        session.send("C-u")
        session.type("Petal shop")
        session.send("Enter")
        session.send("F5")
        // "✔ ok" is still on screen from the re-run, so wait for the fork's run in the history file: under
        // load it finished after the export below and took its "exported to" message with it (CI, twice).
        #expect(session.waitForFinishedRuns(5).count == 5, "the fork's run did not finish")

        // The fork tree shows both children; export as curl.
        expectStep(session.openHistory(runs: 5), "history after the fork")
        selectOldest(session)
        let tree = session.waitFor { $0.contains("├─○") && $0.contains("└─○") }
        expectStep(tree, "fork tree")
        session.send("x")
        expectStep(session.waitFor("Export as json"), "export form")
        session.send("Tab")
        expectStep(session.waitFor("Export as curl"), "export as curl")
        session.send("C-u")
        session.type(exported)
        session.send("Enter")
        expectStep(session.waitFor("exported to"), "exported")
        expectStep(session.quit(presses: 2), "quit")

        let store = try session.history()
        let runs = try store.list(limit: 10)
        #expect(runs.count == 5)
        #expect(Set(runs.map(\.status)) == [.ok, .error, .cancelled])
        let original = try #require(runs.last)
        let children = try store.children(of: original.id)
        #expect(children.count == 2)
        let variables = try children.map { try store.run(prefix: $0.id).variables["shop"] }
        #expect(variables == [.string("Bloom flowers"), .string("Petal shop")])
        let curl = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(curl.contains("curl"))
    }

    /// A step's wait, with the screen in the message when it timed out (a flake under load shows where it was).
    private func expectStep(
        _ step: (screen: String, ok: Bool), _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        // The screen goes to stdout, the expectation keeps a short message: a failure under load once
        // printed no issue text at all with the whole screen in it.
        if !step.ok { print("TUIHistoryTests: \(what) timed out; the screen:\n\(step.screen)") }
        #expect(step.ok, "\(what) (the screen is printed above)", sourceLocation: sourceLocation)
    }

    /// Moves to the bottom of the list (the oldest run) and waits for its detail.
    private func selectOldest(_ session: PlaygroundSession) {
        session.send("G")
        expectStep(session.waitFor { $0.contains("ok  HTTP 200") && $0.contains("(this run)") }, "oldest run detail")
    }
}
