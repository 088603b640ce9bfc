import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Issue 14 item 4 through the binary: a server that streams no usage (llama.cpp) gets `~N` token counts
/// that the run's summary line, `history list`, `history show`, `history stats` and `compare` all agree on;
/// llama.cpp's `timings` show in the summary line and `history show`.
@Suite("CLI: honest token counts")
struct CLITokenCountTests {
    let server: TestServer
    let cli: CLIHarness

    init() throws {
        server = try TestServer.shared()
        cli = try CLIHarness(
            profiles: CLIHarness.profile("llama", server: server, scenario: "no-usage")
                + CLIHarness.profile("timed", server: server, scenario: "llama"),
            defaultProfile: "llama")
    }

    /// Runs `arguments` with stderr on a terminal (tmux), so the summary line is printed; returns the screen.
    private func runOnTerminal(_ arguments: [String]) throws -> String {
        // `env -u NAME` must come before the assignments.
        let sorted = cli.environment.sorted { $0.key < $1.key }
        var command = "env" + sorted.filter { $0.value == nil }.map { " -u \($0.key)" }.joined()
        for (key, value) in sorted { if let value { command += " \(key)=\(Tmux.quote(value))" } }
        command += " " + ([try CLIHarness.binary] + arguments).map(Tmux.quote).joined(separator: " ")
        command += "; echo RUN-OVER"
        let tmux = try Tmux(command: command, columns: 200, rows: 40)
        defer { tmux.kill() }
        let waited = tmux.waitFor("RUN-OVER", timeout: 30)
        #expect(waited.ok, "the run did not finish: \(waited.screen)")
        return waited.screen
    }

    /// The summary line (`── ok · … · run <id>`) on a screen.
    private func summaryLine(_ screen: String) throws -> String {
        try #require(screen.split(separator: "\n").map(String.init).first { $0.hasPrefix("── ") }, "\(screen)")
    }

    @Test("no usage in the stream: ~N tokens in the summary line, history list, show and stats alike")
    func estimatedCountsAgree() throws {
        let arguments = ["run", "examples/tagline", "--var", "shop=a bakery", "--set", "max_tokens=5", "--stream"]
        let line = try summaryLine(try runOnTerminal(arguments))
        #expect(line.hasPrefix("── ok · "))
        #expect(line.contains(" · ~5 tokens · "), "\(line)")
        _ = try runOnTerminal(["run", "examples/tagline", "--var", "shop=a forge", "--set", "max_tokens=3", "--stream"])

        let runs = try cli.store().list()
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { $0.tokensEstimated })
        let first = try #require(runs.last)
        #expect(line.hasSuffix("run \(first.id)"))

        let list = try cli.run(["history", "list"])
        #expect(list.exitCode == 0)
        #expect(list.stdoutText.contains(" ~5t "), "\(list.stdoutText)")
        #expect(list.stdoutText.contains(" ~3t "), "\(list.stdoutText)")
        let json = try JSONValue.parse(try cli.run(["history", "list", "--json"]).stdoutText)
        #expect(json.arrayValue?.allSatisfy { $0["tokensEstimated"]?.boolValue == true } == true)

        let show = try cli.run(["history", "show", first.id])
        #expect(show.stdoutText.contains("tokens     ? prompt + ~5 completion = ~5 (estimated"), "\(show.stdoutText)")

        let stats = try cli.run(["history", "stats"])
        #expect(stats.exitCode == 0)
        let total = try #require(stats.stdoutText.split(separator: "\n").first { $0.hasPrefix("(all)") })
        #expect(total.contains(" ~8 "), "\(stats.stdoutText)")

        let export = try JSONValue.parse(try cli.run(["history", "export", first.id, "--format", "json"]).stdoutText)
        #expect(export["tokensEstimated"]?.boolValue == true || export["run"]?["tokensEstimated"]?.boolValue == true)
    }

    @Test("llama.cpp timings: shown in the summary line and history show; predicted_n is a real count")
    func llamaTimingsShow() throws {
        let arguments = [
            "run", "examples/tagline", "--var", "shop=a bakery", "--set", "max_tokens=4", "--stream", "--profile",
            "timed",
        ]
        let line = try summaryLine(try runOnTerminal(arguments))
        #expect(line.contains(" · 4 tokens · "), "\(line)")
        #expect(line.contains("server prompt "), "\(line)")
        #expect(line.contains("generation 25.0 tok/s (4 tokens)"), "\(line)")

        let run = try #require(try cli.store().list().first)
        #expect(!run.tokensEstimated)
        let show = try cli.run(["history", "show", run.id])
        #expect(show.stdoutText.contains("server     prompt "), "\(show.stdoutText)")
        #expect(show.stdoutText.contains("generation 25.0 tok/s (4 tokens)"))

        let json = try cli.run(arguments + ["--json"])
        let report = try JSONValue.parse(json.stdoutText)
        #expect(report["promptdeck"]?["timings"]?["predicted_per_second"]?.doubleValue == 25)
        #expect(report["promptdeck"]?["tokens_estimated"]?.boolValue == false)
        #expect(report["usage"]?["completion_tokens"]?.intValue == 4)
    }

    @Test("a whole JSON body without usage has no count: ? tokens, not the one delta it was decoded into")
    func wholeBodyWithoutUsageHasNoCount() throws {
        let arguments = ["run", "examples/tagline", "--var", "shop=a bakery", "--set", "max_tokens=5", "--no-stream"]
        let line = try summaryLine(try runOnTerminal(arguments))
        #expect(line.contains(" · ? tokens · "), "\(line)")
        let run = try #require(try cli.store().list().first)
        #expect(run.totalTokens == nil && !run.tokensEstimated)
    }

    @Test("compare marks estimated columns with ~ and says tokens_estimated in its JSON")
    func compareMarksEstimates() throws {
        let base = ["compare", "examples/tagline", "--var", "shop=x", "--set", "max_tokens=2", "--no-history"]
        let text = try cli.run(base + ["--sweep", "temperature=0,1"], environment: ["COLUMNS": "120"])
        #expect(text.exitCode == 0, "\(text.stderrText)")
        #expect(text.stdoutText.split(separator: "\n").contains { $0.hasPrefix("~2 tokens · ") }, "\(text.stdoutText)")

        let json = try cli.run(base + ["--variant", "profile=llama", "--variant", "profile=timed", "--json"])
        #expect(json.exitCode == 0, "\(json.stderrText)")
        let variants = try #require(try JSONValue.parse(json.stdoutText)["runs"]?.arrayValue)
        #expect(variants.map { $0["metrics"]?["tokens_estimated"]?.boolValue } == [true, false])
        #expect(variants.map { $0["metrics"]?["completion_tokens"]?.intValue } == [2, 2])
        let summary = text.stdoutText.split(separator: "\n").first { $0.contains("most tokens #") }
        #expect(summary?.contains("most tokens #1 (~2)") == true, "\(text.stdoutText)")
    }
}
