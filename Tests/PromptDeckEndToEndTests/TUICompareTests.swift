import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Compare mode in a real terminal against the local test server: sweep temperature over three values,
/// run them all at once, watch three streams, then find the comparison in history and reopen it.
@Suite("TUI compare end to end", .serialized)
struct TUICompareTests {
    @Test func sweepTemperatureRunAllAndFindTheGroupInHistory() throws {
        let setup = try TUIPlaygroundTests.Setup()
        let tmux = try Tmux(command: setup.command(), environment: setup.environment)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (7)").ok, "the playground did not start")
        tmux.send("/")
        tmux.type("tagline")
        #expect(tmux.waitFor("Template: examples/tagline").ok)
        tmux.send("Enter")  // the filter's one match opens, with focus on its variables
        #expect(tmux.waitFor("Enter edit").ok)
        tmux.send("Enter")
        #expect(tmux.waitFor("Enter accept").ok)
        tmux.type("Bloom flowers")
        tmux.send("Enter")
        #expect(tmux.waitFor("Bloom flowers").ok)

        tmux.send("S")
        #expect(tmux.waitFor("Sweep into columns").ok, "S should open the sweep overlay")
        tmux.type("temperature=0,0.5,1")
        tmux.send("Enter")
        let columns = tmux.waitFor("Compare · examples/tagline · 3 variants")
        #expect(columns.ok, "the sweep should make three columns:\n\(columns.screen)")
        #expect(columns.screen.contains("temperature=0.5") && columns.screen.contains("temperature=1"))
        tmux.send("s")
        #expect(tmux.waitFor("streaming on").ok)
        tmux.send("F5")

        let streams = tmux.waitFor(timeout: 15) { Self.count("▶ streaming", in: $0) >= 2 }
        #expect(streams.ok, "the columns should stream at the same time:\n\(streams.screen)")
        let done = tmux.waitFor(timeout: 20) { $0.contains("✔ compared") }
        #expect(done.ok, "the comparison did not finish:\n\(done.screen)")
        #expect(Self.count("│✔ ok", in: done.screen) == 3, "three finished columns:\n\(done.screen)")
        #expect(Self.count("flowers.", in: done.screen) >= 3, "each column shows its output:\n\(done.screen)")
        #expect(done.screen.contains("fastest to first token"))
        tmux.send("q")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("RESTORED 0") }.ok)

        let store = try HistoryStore.open(path: setup.history)
        let group = try #require(try store.list(limit: 10).first?.groupID)
        let runs = try store.list(filter: HistoryFilter(groupID: group), limit: 10)
        #expect(runs.count == 3)
        let temperatures = try runs.map { try store.run(prefix: $0.id).parameters["temperature"]?.doubleValue ?? -1 }
        #expect(temperatures.sorted() == [0, 0.5, 1])
        #expect(runs.allSatisfy { $0.status == .ok })

        // The same comparison again, from history, as columns.
        let again = try Tmux(command: setup.command("--compare-group \(group)"), environment: setup.environment)
        defer { again.kill() }
        let reopened = again.waitFor(timeout: 10) { screen in
            screen.contains("group \(group.prefix(12))") && Self.count("│✔ ok", in: screen) == 3
        }
        #expect(reopened.ok, "--compare-group should reopen the comparison as three columns:\n\(reopened.screen)")
        again.send("q")
        #expect(again.waitFor(timeout: 10) { $0.contains("RESTORED 0") }.ok)
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
