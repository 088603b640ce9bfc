import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// `eval --against OLD --group NEW` (two stored evaluations, nothing sent) and cached prompt tokens priced
/// at `cached_input`, through the built binary against the test server.
@Suite("Eval: stored groups and cached tokens, end to end")
struct EvalStoredAndCachedTests {
    let server: TestServer
    let harness: CLIHarness

    init() throws {
        server = try TestServer.shared()
        harness = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server)
                + CLIHarness.profile("cache", server: server, scenario: "cached")
                + "prices:\n  test-model: {input: 1.0, output: 2.0, cached_input: 0.5}\n", defaultProfile: "local")
        try harness.addPrompt(
            "city",
            """
            kind: completion
            prompt: "Write about {{city}}"
            dataset: rows.csv
            checks:
              - contains: "{{city}}"
            """)
        try write("city,__expected\nParis,\nRome,nope\n")
    }

    func write(_ rows: String) throws {
        try rows.write(toFile: harness.promptsPath + "/rows.csv", atomically: true, encoding: .utf8)
    }

    func evalGroup() throws -> String {
        let result = try harness.run(
            ["eval", "city", "--variant", "temperature=0", "--variant", "temperature=1", "--format", "json", "-q"],
            timeout: 60)
        return try #require(try JSONValue.parse(result.stdoutText)["group_id"]?.stringValue)
    }

    @Test func againstWithGroupComparesTwoStoredEvaluationsAndSendsNothing() throws {
        let before = try evalGroup()
        try write("city,__expected\nParis,\nRome,Rome about Write\n")
        let after = try evalGroup()
        let recorded = try harness.store().list(filter: HistoryFilter()).count
        let result = try harness.run(["eval", "--against", String(before.prefix(12)), "--group", after])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(try harness.store().list(filter: HistoryFilter()).count == recorded)
        #expect(result.stdoutText.contains("against \(before)"))
        #expect(result.stdoutText.contains("#1  50% → 100% (+50)"))
        #expect(result.stdoutText.contains("✖→✔ #2 city=Rome"))

        let json = try harness.run(["eval", "--against", after, "--group", before, "--format", "json"])
        #expect(json.exitCode == 1)
        let flipped = try #require(try JSONValue.parse(json.stdoutText)["against"]?["flipped"]?.arrayValue)
        #expect(flipped.count == 2 && flipped.allSatisfy { $0["now_passes"] == false })

        let missing = try harness.run(["eval", "--against", "nosuchgroup", "--group", after])
        #expect(missing.exitCode == 2)
        #expect(missing.stderrText.contains("--against: nosuchgroup"))
    }

    @Test(arguments: [false, true])
    func cachedPromptTokensArePricedAtTheCachedRate(streamed: Bool) throws {
        let result = try harness.run(
            ["run", "city", "--var", "city=Paris", "--profile", "cache", "--json"] + (streamed ? [] : ["--no-stream"]))
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let json = try JSONValue.parse(result.stdoutText)
        #expect(json["usage"]?["prompt_tokens_details"]?["cached_tokens"] == 2)
        // 1 prompt token at $1, 2 cached at $0.5 and 3 completion at $2 per million: $0.000008 (not $0.000009).
        #expect(json["promptdeck"]?["cost"]?["text"] == "$0.000008", "\(result.stdoutText)")
        let id = try #require(json["promptdeck"]?["run_id"]?.stringValue)
        let shown = try harness.run(["history", "show", id])
        #expect(shown.stdoutText.contains("(2 prompt tokens cached)"), "\(shown.stdoutText)")
        #expect(shown.stdoutText.contains("cost       $0.000008"))
    }
}
