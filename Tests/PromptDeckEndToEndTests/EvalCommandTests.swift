import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// `promptdeck eval` through the built binary against the local test server and a real history file:
/// 3 rows × 2 variants where one row fails its check.
@Suite("Eval: end to end")
struct EvalCommandTests {
    let server: TestServer
    let harness: CLIHarness

    init() throws {
        server = try TestServer.shared()
        harness = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server)
                + "prices:\n  test-model: {input: 1.0, output: 2.0}\n", defaultProfile: "local")
        // The test server answers with the prompt's words reversed: "Write about Paris" → "Paris about Write".
        try harness.addPrompt(
            "city",
            """
            kind: completion
            prompt: "Write about {{city}}"
            dataset: rows.csv
            checks:
              - name: names the city
                contains: "{{city}}"
              - max_tokens: 20
            """)
        try write("city,__expected\nParis,\nLyon,Lyon about Write\nRome,nope\n")
    }

    @Test(
        "the bundled examples/capitals evaluates offline on echo: its dataset is bundled, one row fails its own check")
    func bundledExampleOnEcho() throws {
        let offline = try CLIHarness()
        let result = try offline.run(["eval", "examples/capitals", "--profile", "echo", "--format", "json"])
        #expect(result.exitCode == 1, "a failing check fails the evaluation: \(result.stderrText)")
        let report = try JSONValue.parse(result.stdoutText)
        let cells = report["cells"]?.arrayValue ?? report["results"]?.arrayValue ?? []
        #expect(cells.count == 3, "\(result.stdoutText.prefix(400))")
        #expect(result.stdoutText.contains("Burkina Faso"), "the row's own check is reported")
        #expect(try offline.store().list().count == 3, "each cell is a run in history")
    }

    func write(_ rows: String) throws {
        try rows.write(toFile: harness.promptsPath + "/rows.csv", atomically: true, encoding: .utf8)
    }

    func eval(_ arguments: [String]) throws -> ProcessResult {
        try harness.run(
            ["eval", "city", "--variant", "temperature=0", "--variant", "temperature=1"] + arguments, timeout: 60)
    }

    @Test func aFailingRowExitsOneWithTheMatrixTheSummaryAndAGroup() throws {
        let result = try eval([])
        #expect(result.exitCode == 1, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("eval city · 3 rows × 2 variants · group ") == true)
        #expect(lines.contains { $0.hasPrefix("row 1  city=Paris") && $0.components(separatedBy: "✔").count == 3 })
        #expect(lines.contains { $0.hasPrefix("row 3  city=Rome") && $0.components(separatedBy: "✖").count == 3 })
        let summary = try #require(lines.first { $0.hasPrefix("#1 temperature=0") })
        #expect(summary.contains("2/3") && summary.contains("67%"))
        // 3 prompt + 3 completion tokens a run at $1 and $2 per million: $0.000009 a run, 3 runs.
        #expect(summary.hasSuffix("$0.000027"), "\(summary)")
        #expect(lines.contains { $0.contains("row 3 #2: expected: expected \"nope\", got \"Rome about Write\"") })
        // Not a terminal: the progress comes as plain lines, ending at 6/6.
        #expect(result.stderrText.contains("6/6 · 2 failed"))

        let group = try #require(
            lines.first?.components(separatedBy: "group ").last?.components(separatedBy: " ").first)
        let runs = try harness.store().list(filter: HistoryFilter(groupID: group))
        #expect(runs.count == 6)
        let failed = try harness.run(["history", "list", "--checks", "failed"])
        #expect(failed.stdoutText.split(separator: "\n").count == 2)
        let shown = try harness.run(["history", "show", try #require(runs.first?.id)])
        #expect(shown.stdoutText.contains("cost       $0.000009"))
        #expect(shown.stdoutText.contains("checks     "))
    }

    @Test func againstAnEarlierEvaluationShowsTheChangeAndTheFlippedRows() throws {
        let first = try eval(["--format", "json"])
        let group = try #require(try JSONValue.parse(first.stdoutText)["group_id"]?.stringValue)
        try write("city,__expected\nParis,\nLyon,Lyon about Write\nRome,Rome about Write\n")
        let second = try eval(["--against", String(group.prefix(10))])
        #expect(second.exitCode == 0, "\(second.stderrText)")
        let text = second.stdoutText
        #expect(text.contains("against \(group)"))
        #expect(text.contains("#1  67% → 100% (+33)"))
        #expect(text.contains("✖→✔ #1 city=Rome"))
        #expect(text.contains("✖→✔ #2 city=Rome"))
    }

    @Test func csvAndJSONFormats() throws {
        let json = try JSONValue.parse(try eval(["--format", "json"]).stdoutText)
        #expect(json["passed"] == false)
        #expect(json["cells"]?.arrayValue?.count == 6)
        #expect(json["variants"]?.arrayValue?.map { $0["passed"] } == [2, 2])
        let failing = json["cells"]?.arrayValue?.filter { $0["passed"] == false }
        #expect(failing?.compactMap { $0["row"]?.intValue } == [3, 3])
        #expect(failing?.first?["checks"]?.arrayValue?.count == 3)

        let csv = try eval(["--format", "csv"])
        #expect(csv.exitCode == 1)
        let table = try Dataset.parse(csv.stdoutText, format: .csv, file: "out.csv")
        #expect(table.rows.count == 6)
        #expect(table.rows.map { $0.values["passed"] } == ["true", "true", "true", "true", "false", "false"])
        #expect(table.rows.first?.values["cost_usd"] == "9e-06")
    }

    @Test func aBadRowIsNamedAndTheOthersRun() throws {
        try write("city,__expected\nParis,\n\"Lyon\",x,y\nRome,\n")
        let result = try eval(["--format", "json", "--quiet"])
        #expect(result.exitCode == 2)
        #expect(result.stderrText.contains("rows.csv:3:10: 3 fields, but the header has 2"), "\(result.stderrText)")
        let json = try JSONValue.parse(result.stdoutText)
        #expect(json["cells"]?.arrayValue?.count == 4)
    }

    @Test func aOneSlotServerIsServedOneRequestAtATime() throws {
        // The one-slot scenario cuts a stream when another request arrives: only the profile's
        // max_concurrency: 1 keeps all six runs whole.
        let slot = try CLIHarness(
            profiles: CLIHarness.profile(
                "slot", server: server, scenario: "one-slot-eval", extra: "    max_concurrency: 1\n"),
            defaultProfile: "slot")
        try slot.addPrompt(
            "city", "kind: completion\nprompt: \"Write about {{city}}\"\nchecks:\n  - contains: \"{{city}}\"\n")
        try "city\nParis\nLyon\nRome\n".write(toFile: slot.promptsPath + "/rows.csv", atomically: true, encoding: .utf8)
        let result = try slot.run(
            [
                "eval", "city", "--dataset", slot.promptsPath + "/rows.csv", "--sweep", "temperature=0,1", "--stream",
                "--quiet", "--format", "json",
            ], timeout: 60)
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(try JSONValue.parse(result.stdoutText)["variants"]?.arrayValue?.map { $0["passed"] } == [3, 3])
    }

    @Test func promptfooExportHasTheRowsAsTests() throws {
        let file = harness.directory.path + "/promptfooconfig.yaml"
        let result = try eval(["--export", "promptfoo", file])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let config = YAMLSupport.json(from: try #require(try YAMLSupport.compose(text, file: file)))
        #expect(config["tests"]?.arrayValue?.count == 3)
        #expect(config["providers"]?.arrayValue?.count == 2)
        #expect(config["providers"]?.arrayValue?.first?["config"]?["apiBaseUrl"]?.stringValue == server.baseURL())
        #expect(config["defaultTest"]?["assert"]?.arrayValue?.first?["type"] == "contains")
        #expect(config["tests"]?.arrayValue?.last?["vars"]?["city"] == "Rome")
        #expect(text.contains("# max_tokens 20"))
        // Nothing was sent.
        #expect(try harness.store().list().isEmpty)
    }
}

/// Checks and cost on single runs, comparisons and history stats through the built binary.
@Suite("Checks on runs: end to end")
struct CLIChecksTests {
    let server: TestServer
    let harness: CLIHarness

    init() throws {
        server = try TestServer.shared()
        harness = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server)
                + "prices:\n  test-model: {input: 1.0, output: 2.0}\n", defaultProfile: "local")
        try harness.addPrompt(
            "city",
            """
            kind: completion
            prompt: "Write about {{city}}"
            checks:
              - contains: "{{city}}"
            """)
        try "- name: polite\n  contains: please\n- max_latency_ms: 60000\n".write(
            toFile: harness.directory.path + "/checks.yaml", atomically: true, encoding: .utf8)
    }

    @Test func runChecksWithAChecksFileAndReportsThemInJSON() throws {
        let result = try harness.run([
            "run", "city", "--var", "city=Paris", "--checks", harness.directory.path + "/checks.yaml", "--json",
        ])
        #expect(result.exitCode == 1, "a failed check fails the run's exit status")
        #expect(result.stderrText.contains(#"check failed: polite: missing "please""#))
        let json = try JSONValue.parse(result.stdoutText)
        let checks = try #require(json["promptdeck"]?["checks"]?.arrayValue)
        #expect(checks.map { $0["status"] } == ["passed", "failed", "passed"])
        #expect(json["promptdeck"]?["cost"]?["usd"] == .number(0.000009))
        let shown = try harness.run(["history", "show", try #require(json["id"]?.stringValue), "--json"])
        #expect(try JSONValue.parse(shown.stdoutText)["checks"]?.arrayValue?.count == 3)
        let ok = try harness.run(["run", "city", "--var", "city=Paris"])
        #expect(ok.exitCode == 0)
        #expect(
            try harness.run(["history", "list", "--checks", "passed"]).stdoutText.split(separator: "\n").count == 1)
    }

    @Test func rerunChecksAgainButNeverRunsARecordedCommand() throws {
        let marker = harness.directory.path + "/ran"
        try harness.addPrompt(
            "cmd",
            "kind: completion\nprompt: \"Write about {{city}}\"\nchecks:\n  - command: \"touch \(marker)\"\n")
        let first = try harness.run(["run", "cmd", "--var", "city=Paris", "--json"])
        #expect(first.exitCode == 0, "\(first.stderrText)")
        #expect(FileManager.default.fileExists(atPath: marker))
        try FileManager.default.removeItem(atPath: marker)
        let id = try #require(try JSONValue.parse(first.stdoutText)["id"]?.stringValue)
        let again = try harness.run(["history", "rerun", id, "--json"])
        #expect(again.exitCode == 0, "\(again.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: marker), "a command recorded in history must not run")
        let checks = try #require(try JSONValue.parse(again.stdoutText)["promptdeck"]?["checks"]?.arrayValue)
        #expect(checks.first?["status"] == "skipped")
    }

    @Test func compareCarriesChecksAndCost() throws {
        let result = try harness.run([
            "compare", "city", "--var", "city=Paris", "--sweep", "temperature=0,1", "--json",
        ])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let runs = try #require(try JSONValue.parse(result.stdoutText)["runs"]?.arrayValue)
        #expect(runs.allSatisfy { $0["checks"]?.arrayValue?.first?["status"] == "passed" })
        #expect(runs.allSatisfy { $0["cost"]?["text"] == "$0.000009" })
    }

    @Test func statsAddCostByPromptModelAndDay() throws {
        _ = try harness.run(["run", "city", "--var", "city=Paris"])
        _ = try harness.run(["run", "city", "--var", "city=Rome"])
        let stats = try harness.run(["history", "stats", "--since", "1d"])
        #expect(stats.exitCode == 0, "\(stats.stderrText)")
        let lines = stats.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("COST BY PROMPT") })
        #expect(lines.contains { $0.hasPrefix("city") && $0.contains("$0.000018") })
        #expect(lines.contains { $0.hasPrefix("COST BY DAY") })
        #expect(lines.last == "total cost $0.000018")
    }

    @Test func repeatsGroupIdenticalOutputs() throws {
        try "city\nParis\n".write(toFile: harness.promptsPath + "/one.csv", atomically: true, encoding: .utf8)
        let result = try harness.run([
            "eval", "city", "--dataset", harness.promptsPath + "/one.csv", "--repeat", "3", "--quiet",
        ])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains("× 3 repeats"))
        #expect(result.stdoutText.contains(#"row 1 #1: 3× "Paris about Write""#))
        #expect(result.stdoutText.contains("✔ 3/3"))
    }

    @Test func pricesShowsTheConfiguredTableOverTheBundledOne() throws {
        let result = try harness.run(["prices"])
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first == "USD per 1M tokens")
        #expect(lines.contains { $0.hasPrefix("gpt-4o-mini") && $0.contains("0.15") && $0.contains("bundled") })
        #expect(lines.contains { $0.hasPrefix("test-model") && $0.contains(harness.configPath) })
    }
}
