import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI history: list, search, show, replay, rerun, export, stats, delete, prune through the binary")
struct CLIHistoryTests {
    /// Three runs: two ok (one streamed), one failed.
    private func populated() throws -> (CLIHarness, TestServer) {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server, extra: "    api_key_env: LOCAL_KEY\n")
                + CLIHarness.profile("broken", server: server, scenario: "500"),
            defaultProfile: "local", environment: ["LOCAL_KEY": "sk-history-e2e"])
        #expect(try cli.run(["run", "examples/tagline", "--var", "shop=a gelato bar", "--stream"]).exitCode == 0)
        #expect(
            try cli.run(["run", "examples/weather", "--var", "city=Oslo", "--set", "temperature=0.1"]).exitCode == 0)
        #expect(
            try cli.run(["run", "examples/tagline", "--var", "shop=a fish van", "--profile", "broken"]).exitCode == 1)
        return (cli, server)
    }

    private func ids(_ cli: CLIHarness) throws -> [String] {
        let list = try cli.run(["history", "list", "--json"])
        return try JSONValue.parse(list.stdoutText).arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test("list is newest first with filters; search finds words in output and variables")
    func listAndSearch() throws {
        let (cli, _) = try populated()
        let list = try cli.run(["history", "list"])
        #expect(list.exitCode == 0)
        let lines = list.stdoutText.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.contains("error") == true, "newest first: the failed run")
        #expect(try cli.run(["history", "list", "--status", "error"]).stdoutText.split(separator: "\n").count == 1)
        #expect(
            try cli.run(["history", "list", "--prompt", "examples/weather"]).stdoutText.contains("examples/weather"))
        let search = try cli.run(["history", "search", "gelato"])
        #expect(search.exitCode == 0)
        #expect(search.stdoutText.contains("[gelato]"), "\(search.stdoutText)")
        #expect(!search.stdoutText.contains("fish"))
        let bad = try cli.run(["history", "list", "--status", "great"])
        #expect(bad.exitCode == 2)
        #expect(bad.stderrText.contains("--status 'great'"))
    }

    @Test("show prints the request with the key masked; replay writes the recorded text")
    func showAndReplay() throws {
        let (cli, _) = try populated()
        let streamed = try #require(try ids(cli).last)
        let ambiguous = try cli.run(["history", "show", String(streamed.prefix(3))])
        #expect(ambiguous.exitCode == 2)
        #expect(ambiguous.stderrText.contains(streamed), "the candidates are listed: \(ambiguous.stderrText)")
        let show = try cli.run(["history", "show", String(streamed.dropLast())])
        #expect(show.exitCode == 0, "\(show.stderrText)")
        #expect(show.stdoutText.contains("Authorization: Bearer ***"))
        #expect(!show.stdoutText.contains("sk-history-e2e"))
        #expect(show.stdoutText.contains("Write a tagline for a gelato bar."))
        let replay = try cli.run(["history", "replay", streamed, "--speed", "instant"])
        #expect(replay.exitCode == 0)
        #expect(replay.stdoutText == "bar. gelato a for tagline a Write\n")
        let none = try cli.run(["history", "show", "zzzz"])
        #expect(none.exitCode == 2)
    }

    @Test("rerun sends the same request as a child run; --set changes only what it names")
    func rerun() throws {
        let (cli, server) = try populated()
        let weather = try #require(try ids(cli).dropFirst().first)
        let result = try cli.run(["history", "rerun", weather, "--set", "max_tokens=2", "--json"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let child = try JSONValue.parse(result.stdoutText)["promptdeck"]?["run_id"]?.stringValue ?? ""
        let record = try cli.store().run(prefix: child)
        #expect(record.parentID == weather)
        let original = try cli.store().run(prefix: weather)
        #expect(record.parameters["temperature"] == 0.1)
        #expect(record.parameters["max_tokens"] == 2)
        #expect(record.renderedPrompt == original.renderedPrompt)
        #expect(record.finishReasons[0] == "length")
        _ = server
    }

    @Test("rerun uses the recorded template even after the prompt file changed")
    func rerunAfterEdit() throws {
        let cli = try CLIHarness()
        try cli.addPrompt("mine", "kind: completion\nprompt: Old text about {{topic}}\n")
        #expect(try cli.run(["run", "mine", "--var", "topic=owls"]).exitCode == 0)
        try cli.addPrompt("mine", "kind: completion\nprompt: New words {{topic}}\n")
        let id = try #require(try ids(cli).first)
        let result = try cli.run(["history", "rerun", id])
        #expect(result.stdoutText == "Old text about owls\n")
    }

    @Test("the exported curl command reproduces the request byte for byte, even with hostile variables")
    func exportCurl() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server, extra: "    api_key_env: LOCAL_KEY\n"),
            defaultProfile: "local",
            environment: ["LOCAL_KEY": "sk-export-e2e"])
        let hostile = #"it's "$(touch /tmp/pwned)" `id` \n ; PROMPTDECK_BODY ' EOF $HOME"#
        #expect(try cli.run(["run", "examples/tagline", "--var", "shop=\(hostile)"]).exitCode == 0)
        let id = try #require(try ids(cli).first)
        let export = try cli.run(["history", "export", id, "--format", "curl"])
        #expect(export.exitCode == 0)
        #expect(export.stdoutText.contains("\"$LOCAL_KEY\""))
        #expect(!export.stdoutText.contains("sk-export-e2e"))
        let original = try #require(try server.requests().last)
        try server.reset()
        let shell = try ProcessRunner.run(
            "/bin/sh", arguments: ["-c", export.stdoutText], environment: ["LOCAL_KEY": "sk-replayed"])
        #expect(shell.exitCode == 0, "\(shell.stderrText)")
        let replayed = try #require(try server.requests().last)
        #expect(replayed.body == original.body)
        #expect(replayed.headers.value(for: "authorization") == "Bearer sk-replayed")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
        let markdown = try cli.run(["history", "export", id, "--format", "markdown"])
        #expect(markdown.stdoutText.hasPrefix("# Run \(id)"))
        let json = try JSONValue.parse(try cli.run(["history", "export", id, "--format", "json"]).stdoutText)
        #expect(json["id"]?.stringValue == id)
    }

    @Test("stats count runs, tokens and errors; delete and prune remove runs")
    func statsDeletePrune() throws {
        let (cli, _) = try populated()
        let stats = try cli.run(["history", "stats"])
        #expect(stats.exitCode == 0)
        #expect(stats.stdoutText.contains("examples/tagline"))
        let all = try ids(cli)
        let delete = try cli.run(["history", "delete", all[0]])
        #expect(delete.exitCode == 0, "\(delete.stderrText)")
        #expect(try ids(cli).count == 2)
        let prune = try cli.run(["history", "prune", "--before", "2999-01-01"])
        #expect(prune.exitCode == 0, "\(prune.stderrText)")
        #expect(try ids(cli).isEmpty)
    }

    @Test("kill -9 mid-stream: the row holds the partial output and becomes interrupted on the next start")
    func killNine() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("slow", server: server, scenario: "slow-100"), defaultProfile: "slow")
        let words = (1...40).map { "w\($0)" }.joined(separator: " ")
        let child = try cli.spawn(["run", "examples/tagline", "--var", "shop=\(words)", "--stream"])
        let seen = readUntil(try #require(child.stdoutDescriptor), contains: "w30")
        #expect(seen.contains("w30"))
        // Output shown on screen 300 ms ago or earlier must be in the database (flushed every 200 ms).
        let shownEarlier = seen.replacingOccurrences(of: "w30", with: "").split(separator: " ").dropLast(3).joined(
            separator: " ")
        usleep(300_000)
        child.signal(SIGKILL)
        _ = child.waitForExit()
        let runID = try #require(try cli.store().list(filter: HistoryFilter(), limit: 1).first?.id)
        let record = try cli.store().run(prefix: runID)
        #expect(record.status == .interrupted, "reopening history marks the dead writer's run")
        #expect(record.outputs[0]?.hasPrefix(shownEarlier) == true, "\(record.outputs[0] ?? "") vs \(shownEarlier)")
    }
}

@Suite("History under concurrent writers")
struct HistoryConcurrencyTests {
    @Test("4 processes × 500 echo runs at full speed into one database give exactly 2,000 rows, none locked")
    func fourProcesses() throws {
        let cli = try CLIHarness()
        let binary = try CLIHarness.binary
        // Each process runs 2 × 250 (a comparison holds at most 256 runs), 16 at a time.
        let command = (1...2).map { _ in
            "\(RunExporter.shellQuoted(binary)) compare examples/tagline --var shop=x --repeat 250 --concurrency 16 --format markdown >/dev/null"
        }.joined(separator: " && ")
        var children: [SpawnedProcess] = []
        for _ in 0..<4 {
            var environment = cli.environment
            environment["PROMPTDECK_ECHO_DELAY_MS"] = "0"
            children.append(
                try SpawnedProcess.spawn(
                    "/bin/sh", arguments: ["-c", command], environment: environment, captureStderr: true))
        }
        var errors = ""
        for child in children {
            errors += readToEnd(try #require(child.stderrDescriptor))
            #expect(SpawnedProcess.exitCode(fromWaitStatus: child.waitForExit()) == 0)
        }
        #expect(!errors.contains("locked"), "\(errors)")
        #expect(!errors.contains("not recorded"), "\(errors)")
        let store = try cli.store()
        let all = try store.list(filter: HistoryFilter(), limit: 5000)
        let ok = all.filter { $0.status == .ok }
        #expect(all.count == 2000, "\(all.count) rows; stderr: \(errors.prefix(2000))")
        #expect(ok.count == 2000, "\(ok.count) ok; statuses: \(Set(all.map(\.status)))")
    }
}
