import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// The history browser in a real terminal against the local test server: three runs (ok, failed,
/// cancelled), search, replay, re-run, fork with a changed variable, the fork tree, export as curl.
@Suite("TUI history end to end", .serialized)
struct TUIHistoryTests {
    @Test func runSearchReplayRerunForkAndExport() throws {
        let server = try TestServer.shared()
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pd-tuih-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder + "/xdg/promptdeck", withIntermediateDirectories: true)
        let config = folder + "/config.yaml"
        let history = folder + "/history.sqlite"
        let exported = folder + "/run.sh"
        try """
        default_profile: local
        profiles:
          local:
            type: openai
            base_url: \(server.baseURL(scenario: "slow-100"))
            model: test-model
          failing:
            type: openai
            base_url: \(server.baseURL(scenario: "500"))
            model: test-model
          slower:
            type: openai
            base_url: \(server.baseURL(scenario: "slow-300"))
            model: slow-model
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let binary = try #require(PackageRoot.builtExecutable()).path
        let command =
            "\(Tmux.quote(binary)) --config \(Tmux.quote(config)) --history \(Tmux.quote(history)) --prompts \(Tmux.quote(folder + "/prompts")); echo RESTORED $?; sleep 600"
        let tmux = try Tmux(
            command: command,
            environment: ["XDG_CONFIG_HOME": folder + "/xdg", "XDG_DATA_HOME": folder + "/data", "NO_COLOR": ""])
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (7)").ok, "the playground did not start")

        // Three runs: ok, failed (HTTP 500), cancelled.
        tmux.send("/")
        tmux.type("tagline")
        #expect(tmux.waitFor("Template: examples/tagline").ok)
        tmux.send("Enter")  // the filter's one match opens, with focus on its variables
        #expect(tmux.waitFor("Enter edit").ok)
        tmux.send("Enter")
        #expect(tmux.waitFor("Enter accept").ok)
        tmux.type("Bloom flowers")
        tmux.send("Enter")
        tmux.send("F5")
        #expect(tmux.waitFor(timeout: 15) { $0.contains("✔ ok") }.ok, "first run")
        pickProfile("failing", tmux)
        tmux.send("F5")
        #expect(tmux.waitFor(timeout: 15) { $0.contains("✖ error 500") }.ok, "failing run")
        pickProfile("slower", tmux)
        tmux.send("s")
        #expect(tmux.waitFor("stream on").ok)
        tmux.send("F5")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("▶ streaming") }.ok)
        tmux.send("Escape")
        #expect(tmux.waitFor(timeout: 5) { $0.contains("■ cancelled") }.ok, "cancel")

        // History: three runs, newest first; a search narrows them.
        tmux.send("h")
        let listed = tmux.waitFor(timeout: 10) { $0.contains("Runs (3)") && $0.contains("cancelled") }
        try #require(listed.ok, "history list:\n\(listed.screen)")
        tmux.send("/")
        tmux.type("flowers")
        let searched = tmux.waitFor(timeout: 10) { $0.contains("«flowers»") }
        #expect(searched.ok, "search:\n\(searched.screen)")
        tmux.send("Escape")
        #expect(tmux.waitFor { $0.contains("Runs (3)") && $0.contains("/ to search") }.ok)

        // Replay the ok run (the oldest).
        selectOldest(tmux)
        tmux.send("r")
        let replayed = tmux.waitFor(timeout: 15) { $0.contains("replay finished") }
        #expect(replayed.ok, "replay:\n\(replayed.screen)")
        #expect(replayed.screen.contains("flowers"))

        // Re-run it: a child run.
        tmux.send("h")
        #expect(tmux.waitFor("Runs (3)").ok)
        selectOldest(tmux)
        tmux.send("R")
        #expect(tmux.waitFor(timeout: 15) { $0.contains("✔ ok") }.ok, "re-run")

        // Fork it with a changed variable and run the fork.
        tmux.send("h")
        #expect(tmux.waitFor("Runs (4)").ok)
        selectOldest(tmux)
        tmux.send("e")
        #expect(tmux.waitFor("fork of").ok)
        tmux.send("Enter")
        #expect(tmux.waitFor("Enter accept").ok)
        tmux.send("C-u")
        tmux.type("Petal shop")
        tmux.send("Enter")
        tmux.send("F5")
        #expect(tmux.waitFor(timeout: 15) { $0.contains("✔ ok") }.ok, "fork run")

        // The fork tree shows both children; export as curl.
        tmux.send("h")
        #expect(tmux.waitFor("Runs (5)").ok)
        selectOldest(tmux)
        let tree = tmux.waitFor { $0.contains("├─○") && $0.contains("└─○") }
        #expect(tree.ok, "fork tree:\n\(tree.screen)")
        tmux.send("x")
        #expect(tmux.waitFor("Export as json").ok)
        tmux.send("Tab")
        #expect(tmux.waitFor("Export as curl").ok)
        tmux.send("C-u")
        tmux.type(exported)
        tmux.send("Enter")
        #expect(tmux.waitFor("exported to").ok)
        tmux.send("q")
        tmux.send("q")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("RESTORED 0") }.ok)

        let store = try HistoryStore.open(path: history)
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

    private func pickProfile(_ name: String, _ tmux: Tmux) {
        tmux.send("P")
        #expect(tmux.waitFor("Profile").ok)
        tmux.type(name)
        tmux.send("Enter")
        #expect(tmux.waitFor("profile \(name)").ok, "profile \(name)")
    }

    /// Moves to the bottom of the list (the oldest run) and waits for its detail.
    private func selectOldest(_ tmux: Tmux) {
        tmux.send("G")
        #expect(tmux.waitFor { $0.contains("ok  HTTP 200") && $0.contains("(this run)") }.ok, "oldest run detail")
    }
}
