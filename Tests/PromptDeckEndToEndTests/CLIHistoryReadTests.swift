import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI history reads: ids that work, empty results, read-only files, no history yet")
struct CLIHistoryReadTests {
    @Test("every id history list prints for a comparison's runs works with history show")
    func comparisonIDsAreUnique() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(profiles: CLIHarness.profile("local", server: server), defaultProfile: "local")
        let compare = try cli.run(["compare", "examples/tagline", "--var", "shop=x", "--sweep", "temperature=0,0.5,1"])
        #expect(compare.exitCode == 0, "\(compare.stderrText)")
        // Runs of one comparison can start in the same millisecond: their ids share the first 9 characters.
        let twins = ["1m8zzzzzzz001", "1m8zzzzzzz002"].map { id -> RunRecord in
            var record = RunRecord(
                id: id, promptID: "examples/tagline", promptName: "Tagline", templateSource: "t", renderedPrompt: "t",
                kind: "completion", profileName: "local", endpointURL: "http://127.0.0.1/v1", model: "m",
                requestBody: "{}", streamed: false, status: .ok, groupID: "g1")
            record.outputs = [0: "twin"]
            return record
        }
        try cli.store().insert(twins)
        let list = try cli.run(["history", "list"], environment: ["COLUMNS": "100"])
        #expect(list.exitCode == 0, "\(list.stderrText)")
        let printed = list.stdoutText.split(separator: "\n").compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
        #expect(printed.count == 5)
        #expect(printed.allSatisfy { $0.count >= 8 })
        #expect(printed.contains("1m8zzzzzzz001") || printed.contains("1m8zzzzzzz0"), "\(printed)")
        for id in printed {
            let show = try cli.run(["history", "show", id])
            #expect(show.exitCode == 0, "\(id): \(show.stderrText)")
        }
    }

    @Test("an empty history and a search with no match say so; --json prints []")
    func emptyResults() throws {
        let cli = try CLIHarness()
        #expect(try cli.run(["run", "examples/tagline", "--var", "shop=x"]).exitCode == 0)
        let none = try cli.run(["history", "search", "nothingmatches"])
        #expect(none.exitCode == 0)
        #expect(none.stdoutText.isEmpty, "stdout is a pipe: it stays clean")
        #expect(none.stderrText.contains("no runs match 'nothingmatches'"), "\(none.stderrText)")
        #expect(try cli.run(["history", "search", "nothingmatches", "--json"]).stdoutText == "[]\n")
        try cli.store().prune(before: Date().addingTimeInterval(60))
        let empty = try cli.run(["history", "list"])
        #expect(empty.exitCode == 0)
        #expect(empty.stderrText.contains("no runs"), "\(empty.stderrText)")
        #expect(try cli.run(["history", "list", "--json"]).stdoutText == "[]\n")
    }

    @Test("a read command on a missing file creates nothing and says no history yet")
    func noHistoryYet() throws {
        let cli = try CLIHarness()
        for arguments in [["history", "list"], ["history", "search", "x"], ["history", "stats"]] {
            let result = try cli.run(arguments)
            #expect(result.exitCode == 0, "\(arguments)")
            #expect(result.stderrText.contains("no history yet"), "\(arguments): \(result.stderrText)")
        }
        #expect(try cli.run(["history", "list", "--json"]).stdoutText == "[]\n")
        let show = try cli.run(["history", "show", "abc"])
        #expect(show.exitCode == 2)
        #expect(show.stderrText.contains("no history yet"), "\(show.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: cli.historyPath))
        #expect(!FileManager.default.fileExists(atPath: (cli.historyPath as NSString).deletingLastPathComponent))
    }

    @Test("a history on a read-only file system is listed, searched, shown, replayed, exported and counted")
    func readOnlyHistory() throws {
        let locked = try #require(LockedDownFolder(), "cannot make a read-only folder here")
        let path = locked.path + "/history.sqlite"
        let cli = try CLIHarness(environment: ["PROMPTDECK_HISTORY": path])
        #expect(try cli.run(["run", "examples/tagline", "--var", "shop=gelato"]).exitCode == 0)
        let id = try #require(try HistoryStore.open(path: path).list().first?.id)
        #expect(locked.makeReadOnly())
        for arguments in [
            ["history", "list"], ["history", "search", "gelato"], ["history", "show", id],
            ["history", "replay", id, "--speed", "instant"], ["history", "export", id], ["history", "stats"],
        ] {
            let result = try cli.run(arguments)
            #expect(result.exitCode == 0, "\(arguments): \(result.stderrText)")
            #expect(!result.stdoutText.isEmpty, "\(arguments)")
        }
    }

    @Test("a run that never got a response has no duration in history list and show")
    func noDurationWithoutResponse() throws {
        let cli = try CLIHarness(
            profiles: "  refused:\n    type: openai\n    base_url: http://127.0.0.1:1/v1\n    model: m\n",
            defaultProfile: "refused")
        #expect(try cli.run(["run", "examples/tagline", "--var", "shop=x"]).exitCode == 1)
        let run = try #require(try cli.store().list().first)
        #expect(run.durationMs == nil)
        let show = try cli.run(["history", "show", run.id])
        #expect(show.stdoutText.contains("total -"), "\(show.stdoutText)")
        let json = try JSONValue.parse(try cli.run(["history", "list", "--json"]).stdoutText)
        #expect(json.arrayValue?.first?["durationMs"] == .null)
    }

    @Test("choices are numbered from 1 in history show")
    func choiceNumbers() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(profiles: CLIHarness.profile("local", server: server), defaultProfile: "local")
        #expect(try cli.run(["run", "examples/tagline", "--var", "shop=one two", "--set", "n=2"]).exitCode == 0)
        let id = try #require(try cli.store().list().first?.id)
        let show = try cli.run(["history", "show", id]).stdoutText
        #expect(show.contains("── output (choice 1, finish: stop) ──"), "\(show)")
        #expect(show.contains("── output (choice 2"))
        #expect(!show.contains("choice 0"))
    }
}
