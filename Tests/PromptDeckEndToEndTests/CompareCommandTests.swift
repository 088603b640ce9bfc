import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// `promptdeck compare` through the built binary, against the local test server and a real history file.
@Suite("Compare: end to end")
struct CompareCommandTests {
    let server: TestServer
    let folder: String
    let binary: String

    init() throws {
        server = try TestServer.shared()
        folder = NSTemporaryDirectory() + "promptdeck-compare-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        binary = try #require(PackageRoot.builtExecutable()?.path)
        let config = """
            profiles:
              local: {type: openai, base_url: \(server.baseURL(scenario: "ok")), model: test-model}
              broken: {type: openai, base_url: \(server.baseURL(scenario: "500")), model: test-model}
            default_profile: local

            """
        try config.write(toFile: folder + "/config.yaml", atomically: true, encoding: .utf8)
    }

    func compare(_ arguments: [String], columns: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            binary,
            arguments: [
                "compare", "examples/tagline", "--config", folder + "/config.yaml", "--history",
                folder + "/history.sqlite",
            ]
                + arguments,
            environment: ["COLUMNS": columns, "PROMPTDECK_HISTORY": nil], timeout: 60)
    }

    @Test func sweepAsJSONRecordsOneGroup() throws {
        let result = try compare(["--var", "shop=x", "--sweep", "temperature=0,0.5,1", "--json"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let report = try JSONValue.parse(result.stdoutText)
        let runs = try #require(report["runs"]?.arrayValue)
        #expect(runs.count == 3)
        #expect(runs.map { $0["overrides"]?["temperature"] } == [0, 0.5, 1])
        #expect(runs.allSatisfy { $0["status"] == "ok" && $0["output"] == "x. for tagline a Write" })
        #expect(
            runs.allSatisfy { $0["metrics"]?["ttft_ms"]?.intValue != nil && $0["metrics"]?["finish_reason"] == "stop" })
        let group = try #require(report["group_id"]?.stringValue)
        #expect(runs.allSatisfy { $0["group_id"]?.stringValue == group })
        #expect(report["summary"]?["succeeded"] == 3)
        #expect(report["summary"]?["most_tokens"]?["completion_tokens"] == 5)

        let store = try HistoryStore.open(path: folder + "/history.sqlite")
        let rows = try store.list(filter: HistoryFilter(groupID: group))
        #expect(Set(rows.map(\.id)) == Set(runs.compactMap { $0["id"]?.stringValue }))
        let reopened = try store.comparison(matching: group)
        #expect(reopened.variants.map { $0.variant.overrides["temperature"] } == [0, 0.5, 1])
    }

    @Test func markdownTableWithAFailingVariantExitsOne() throws {
        let result = try compare([
            "--var", "shop=x", "--variant", "temperature=0.2", "--variant", "profile=broken", "--format", "markdown",
            "--no-history",
        ])
        #expect(result.exitCode == 1)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "| variant | settings | status | ttft | tok/s | tokens | duration | finish | cache | output |")
        #expect(
            lines.contains {
                $0.hasPrefix("| #1 | `profile=local temperature=0.2` | ok |")
                    && $0.hasSuffix("| stop | – | x. for tagline a Write |")
            })
        #expect(
            lines.contains {
                $0.hasPrefix("| #2 | `profile=broken temperature=0.8` | error |") && $0.contains("HTTP 500")
            })
        #expect(lines.contains { $0.hasPrefix("**Summary:**") && $0.hasSuffix("1 ok, 1 failed of 2") })
        #expect(result.stderrText.contains("error: #2 profile=broken: HTTP 500 Internal Server Error"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/history.sqlite"))
    }

    @Test func columnsFitTheTerminalWidth() throws {
        let result = try compare(
            ["--var", "shop=Bloom", "--sweep", "temperature=0,1", "--set", "max_tokens=2"], columns: "120")
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("#1 temperature=0 "))
        #expect(lines[0].contains(" │ #2 temperature=1"))
        #expect(lines[1] == String(repeating: "─", count: 58) + " │ " + String(repeating: "─", count: 58))
        #expect(lines[2].hasPrefix("Bloom. for ") && lines[2].contains(" │ Bloom. for"))
        #expect(lines.contains { $0.hasPrefix("ok · length ") && $0.contains(" │ ok · length") })
        #expect(lines.contains { $0.hasPrefix("2 tokens · ") })
        #expect(lines.allSatisfy { $0.count <= 120 })
        #expect(lines.contains { $0.hasPrefix("fastest to first token #") && $0.hasSuffix("2 ok of 2") })
    }

    @Test func manyVariantsBecomeATable() throws {
        let result = try compare(["--var", "shop=x", "--sweep", "seed=1..5", "--no-history"], columns: "120")
        #expect(result.exitCode == 0)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("variant  settings"))
        #expect(lines[1].hasPrefix("#1       seed=1"))
        #expect(lines[5].hasPrefix("#5       seed=5"))
        #expect(lines.filter { $0.hasPrefix("#") && $0.contains(" ok ") }.count == 5)
    }

    @Test func invalidVariantsExitTwoBeforeSendingAnything() throws {
        let result = try compare([
            "--var", "shop=x", "--variant", "temperature=0.2", "--variant", "temperature=3", "--sweep", "top_p=1..",
            "--no-history",
        ])
        #expect(result.exitCode == 2)
        #expect(result.stdoutText.isEmpty)
        #expect(result.stderrText.contains("error: --sweep 1: field 'top_p': "))
        let second = try compare([
            "--var", "shop=x", "--variant", "temperature=0.2", "--variant", "temperature=3", "--no-history",
        ])
        #expect(second.exitCode == 2)
        #expect(second.stderrText == "error: --variant 2: field 'temperature': 3 is out of range (0 to 2)\n")
    }
}
