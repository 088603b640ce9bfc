import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Compare mode in a real terminal against the local test server: sweep temperature over three values,
/// run them all at once, watch three streams, then find the comparison in history and reopen it.
@Suite("TUI compare end to end", .serialized)
struct TUICompareTests {
    @Test func sweepTemperatureRunAllAndFindTheGroupInHistory() throws {
        let session = try PlaygroundSession()
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        session.selectPrompt(filter: "tagline", id: "examples/tagline")
        session.fillFirstVariable(with: "Bloom flowers")
        #expect(session.waitFor("Bloom flowers").ok)

        session.send("S")
        #expect(session.waitFor("Sweep into columns").ok, "S should open the sweep overlay")
        session.type("temperature=0,0.5,1")
        session.send("Enter")
        let columns = session.waitFor("Compare · examples/tagline · 3 variants")
        #expect(columns.ok, "the sweep should make three columns:\n\(columns.screen)")
        #expect(columns.screen.contains("temperature=0.5") && columns.screen.contains("temperature=1"))
        session.turnStreamingOn(expecting: "streaming on")
        session.send("F5")

        let streams = session.waitFor(timeout: 15) { PlaygroundSession.count("▶ streaming", in: $0) >= 2 }
        #expect(streams.ok, "the columns should stream at the same time:\n\(streams.screen)")
        let done = session.waitFor("✔ compared", timeout: 20)
        #expect(done.ok, "the comparison did not finish:\n\(done.screen)")
        #expect(PlaygroundSession.count("│✔ ok", in: done.screen) == 3, "three finished columns:\n\(done.screen)")
        #expect(
            PlaygroundSession.count("flowers.", in: done.screen) >= 3, "each column shows its output:\n\(done.screen)")
        #expect(done.screen.contains("fastest to first token"))
        #expect(session.quit().ok)

        let store = try session.history()
        let group = try #require(try store.list(limit: 10).first?.groupID)
        let runs = try store.list(filter: HistoryFilter(groupID: group), limit: 10)
        #expect(runs.count == 3)
        let temperatures = try runs.map { try store.run(prefix: $0.id).parameters["temperature"]?.doubleValue ?? -1 }
        #expect(temperatures.sorted() == [0, 0.5, 1])
        #expect(runs.allSatisfy { $0.status == .ok })

        // The same comparison again, from history, as columns.
        try session.start(["--compare-group", group])
        let reopened = session.waitFor(timeout: 10) { screen in
            screen.contains("group \(group.prefix(12))") && PlaygroundSession.count("│✔ ok", in: screen) == 3
        }
        #expect(reopened.ok, "--compare-group should reopen the comparison as three columns:\n\(reopened.screen)")
        #expect(session.quit().ok)
    }
}
