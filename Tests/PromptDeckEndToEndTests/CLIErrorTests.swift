import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI errors: every failure says what and where, keeps partial output, and exits 1 or 2")
struct CLIErrorTests {
    @Test(
        "HTTP and body errors carry the status and the server's message",
        arguments: [
            ("401", "error: HTTP 401 Unauthorized: "),
            ("403", "error: HTTP 403 Forbidden: "),
            ("404", "error: HTTP 404 Not Found: "),
            ("429", "(retry after 7 s)"),
            ("500", "error: HTTP 500 Internal Server Error: "),
            ("503", "error: HTTP 503 Service Unavailable: "),
            ("html", "error: HTTP 502 Bad Gateway: "),
            ("empty", "error: the server sent an empty response body"),
            ("notjson", "error: "),
        ])
    func httpErrors(scenario: String, message: String) throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            // retries: 0, or the 429's retry-after: 7 is sat out first (the retries have tests of their own).
            profiles: CLIHarness.profile("s", server: server, scenario: scenario, extra: "    retries: 0\n"),
            defaultProfile: "s")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=x"])
        #expect(result.exitCode == 1)
        #expect(result.stderrText.contains(message), "\(result.stderrText)")
        #expect(!result.stderrText.contains("<html"), "an HTML page is summarised, never dumped")
        let run = try cli.store().run(
            prefix: try #require(try cli.store().list(filter: HistoryFilter(), limit: 1).first?.id))
        #expect(run.status == .error)
        #expect(run.errorMessage?.isEmpty == false)
    }

    @Test(
        "a stream that is cut, errors mid-way or carries garbage fails with the partial output kept",
        arguments: [
            ("cut", "cut off"), ("cut-chunked", "error:"), ("stream-error", "the server reported an error"),
            ("comments", "the server reported an error"),
        ])
    func brokenStreams(scenario: String, message: String) throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("s", server: server, scenario: scenario), defaultProfile: "s")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=alpha beta gamma delta", "--stream"])
        #expect(result.exitCode == 1)
        #expect(result.stderrText.contains(message), "\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix("delta"), "partial output is shown")
        let run = try cli.store().run(
            prefix: try #require(try cli.store().list(filter: HistoryFilter(), limit: 1).first?.id))
        #expect(run.status == .error)
        #expect(run.outputs[0]?.hasPrefix("delta") == true, "partial output is recorded")
    }

    @Test("a garbage chunk in the stream is reported but the good chunks around it still arrive")
    func garbage() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("s", server: server, scenario: "garbage"), defaultProfile: "s")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=one two three", "--stream"])
        #expect(result.exitCode == 1)
        #expect(result.stderrText.contains("malformed chunk"), "\(result.stderrText)")
        #expect(result.stdoutText.contains("three. two one for tagline a Write"))
    }

    @Test("CR-only and CRLF framing stream correctly")
    func framing() throws {
        let server = try TestServer.shared()
        for scenario in ["cr", "crlf"] {
            let cli = try CLIHarness(
                profiles: CLIHarness.profile("s", server: server, scenario: scenario), defaultProfile: "s")
            let result = try cli.run(["run", "examples/tagline", "--var", "shop=x y", "--stream"])
            #expect(result.exitCode == 0, "\(scenario): \(result.stderrText)")
            #expect(result.stdoutText == "y. x for tagline a Write\n")
        }
    }

    @Test("connection refused, an unresolvable host and a stalled server all fail with exit 1 and a reason")
    func network() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: """
                  refused:
                    type: openai
                    base_url: http://127.0.0.1:1/v1
                    model: m
                  nowhere:
                    type: openai
                    base_url: http://nonexistent.invalid/v1
                    model: m

                """ + CLIHarness.profile("stall", server: server, scenario: "stall"))
        let refused = try cli.run(["run", "examples/tagline", "--var", "shop=x", "--profile", "refused"])
        #expect(refused.exitCode == 1)
        #expect(refused.stderrText.contains("could not connect"), "\(refused.stderrText)")
        let nowhere = try cli.run(["run", "examples/tagline", "--var", "shop=x", "--profile", "nowhere"])
        #expect(nowhere.exitCode == 1)
        #expect(nowhere.stderrText.contains("could not resolve host"), "\(nowhere.stderrText)")
        let stalled = try cli.run([
            "run", "examples/tagline", "--var", "shop=x", "--profile", "stall", "--stream", "--timeout", "1",
        ])
        #expect(stalled.exitCode == 1)
        #expect(stalled.stderrText.contains("timed out"), "\(stalled.stderrText)")
        let runs = try cli.store().list(filter: HistoryFilter(status: .error), limit: 10)
        #expect(runs.count == 3, "failed runs are kept in history")
    }

    @Test("without a loadable libcurl a run fails naming the library and is kept; echo and history still work")
    func libcurlMissing() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server), defaultProfile: "local",
            environment: ["PROMPTDECK_LIBCURL": "/nonexistent/libcurl.so.4"])
        let failed = try cli.run(["run", "examples/tagline", "--var", "shop=x"])
        #expect(failed.exitCode == 1)
        #expect(
            failed.stderrText.contains("libcurl could not be loaded: /nonexistent/libcurl.so.4"), "\(failed.stderrText)"
        )
        let echo = try cli.run(["run", "examples/tagline", "--var", "shop=x", "--profile", "echo"])
        #expect(echo.exitCode == 0, "\(echo.stderrText)")
        let list = try cli.run(["history", "list"])
        #expect(list.exitCode == 0, "\(list.stderrText)")
        #expect(try cli.store().list(filter: HistoryFilter(status: .error), limit: 10).count == 1)
        #expect(try cli.run(["--version"]).exitCode == 0)
    }

    @Test(
        "invalid input exits 2 with a message naming the file, field or flag",
        arguments: [
            (["run", "examples/tagline"], "examples/tagline.yaml:", "variable 'shop' has no value"),
            (
                ["run", "examples/tagline", "--var", "shop=x", "--set", "temperature=5"], "--set: field 'temperature'",
                "out of range (0 to 2)"
            ),
            (
                ["run", "examples/tagline", "--var", "shop=x", "--set", "best_of=1", "--set", "n=2"], "field 'best_of'",
                "must be >= n"
            ),
            (
                ["run", "examples/tagline", "--var", "shop=x", "--set", #"stop=["a","b","c","d","e"]"#], "field 'stop'",
                "at most 4"
            ),
            (
                ["run", "examples/support-reply", "--var", "question=x", "--set", "suffix=z"], "field 'suffix'",
                "does not apply to chat"
            ),
            (["run", "examples/tagline", "--var", "shop=x", "--profile", "nope"], "unknown profile 'nope'", "known:"),
            (["run", "examples/extract-fields", "--var", "schema={bad"], "field 'schema'", "JSON"),
            (["run", "nope"], "no prompt 'nope'", "bundled examples"),
            (["run", "examples/tagline", "--var", "shop"], "--var", "expected key=value"),
            (["run", "examples/tagline", "--var", "shop=x", "--timeout", "0"], "--timeout", "positive"),
        ])
    func invalidInput(arguments: [String], location: String, message: String) throws {
        let cli = try CLIHarness()
        let result = try cli.run(arguments)
        #expect(result.exitCode == 2, "\(result.stderrText)")
        #expect(result.stderrText.contains(location), "\(result.stderrText)")
        #expect(result.stderrText.contains(message), "\(result.stderrText)")
        #expect(try cli.store().list(filter: HistoryFilter(), limit: 10).isEmpty, "nothing was sent")
    }

    @Test("a profile whose key variable is unset names the variable before sending anything")
    func unsetKey() throws {
        let cli = try CLIHarness(
            profiles:
                "  work:\n    type: openai\n    base_url: http://127.0.0.1:1/v1\n    model: m\n    api_key_env: WORK_KEY\n",
            defaultProfile: "work")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=x"])
        #expect(result.exitCode == 2)
        #expect(result.stderrText.contains("environment variable WORK_KEY is not set"), "\(result.stderrText)")
    }

    @Test("a prompt file with several mistakes reports each with its line")
    func badPromptFile() throws {
        let cli = try CLIHarness()
        try cli.addPrompt("broken", "name: Broken\nkind: chatty\nprompt: |\n  Hello {{#who}}\n")
        let result = try cli.run(["run", "broken"])
        #expect(result.exitCode == 2)
        #expect(result.stderrText.contains("broken.yaml:2:7: field 'kind'"), "\(result.stderrText)")
    }

    @Test("a read-only history warns, still streams the answer, and says the run was not recorded")
    func unwritableHistory() throws {
        let cli = try CLIHarness()
        let result = try cli.run(
            ["run", "examples/tagline", "--var", "shop=x"],
            environment: ["PROMPTDECK_HISTORY": "/proc/promptdeck/history.sqlite"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "Write a tagline for x.\n")
        #expect(result.stderrText.contains("warning:"), "\(result.stderrText)")
        #expect(result.stderrText.contains("was not recorded in history"), "\(result.stderrText)")
    }

    @Test("a corrupt history file is named and left untouched")
    func corruptHistory() throws {
        let cli = try CLIHarness()
        let path = cli.directory.appendingPathComponent("corrupt.sqlite").path
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let result = try cli.run(
            ["run", "examples/tagline", "--var", "shop=x"], environment: ["PROMPTDECK_HISTORY": path])
        #expect(result.stdoutText == "Write a tagline for x.\n")
        #expect(result.stderrText.contains(path), "\(result.stderrText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        let list = try cli.run(["history", "list"], environment: ["PROMPTDECK_HISTORY": path])
        #expect(list.exitCode == 1)
        #expect(list.stderrText.contains(path))
    }
}
