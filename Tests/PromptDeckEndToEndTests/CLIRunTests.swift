import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI run: the binary against the echo provider and a real local server")
struct CLIRunTests {
    @Test("echo streams the rendered prompt back and records the run")
    func echoRun() throws {
        let cli = try CLIHarness()
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=a gelato bar", "--stream"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "Write a tagline for a gelato bar.\n")
        let runs = try cli.store().list(filter: HistoryFilter(), limit: 10)
        #expect(runs.count == 1)
        let run = try cli.store().run(prefix: try #require(runs.first?.id))
        #expect(run.status == .ok)
        #expect(run.outputs[0] == "Write a tagline for a gelato bar.")
        #expect(run.streamed)
        #expect(run.finishReasons[0] == "stop")
        #expect(run.responseHeaders.value(for: "x-promptdeck-provider") == "echo")
    }

    @Test("a streamed chat run against an OpenAI-compatible server: text, request body and key header")
    func chatAgainstServer() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server, extra: "    api_key_env: TEST_KEY\n"),
            defaultProfile: "local",
            environment: ["TEST_KEY": "sk-e2e-0123456789"])
        let result = try cli.run([
            "run", "examples/support-reply", "--var", "question=where is my parcel", "--stream", "--set",
            "temperature=0.3",
        ])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let requests = try server.requests().filter { $0.path.hasSuffix("/chat/completions") }
        let request = try #require(requests.first)
        #expect(request.headers.value(for: "authorization") == "Bearer sk-e2e-0123456789")
        let body = try JSONValue.parse(request.body)
        #expect(body["temperature"] == 0.3)
        #expect(body["stream"] == true)
        #expect(body["model"] == "test-model")
        let user = body["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
        #expect(user.contains("where is my parcel"))
        // The server answers with the user message's words reversed.
        let expected = user.split(whereSeparator: \.isWhitespace).reversed().joined(separator: " ")
        #expect(result.stdoutText == expected + "\n")
        let record = try cli.store().run(
            prefix: try #require(try cli.store().list(filter: HistoryFilter(), limit: 1).first?.id))
        #expect(record.usage?.completionTokens == expected.split(separator: " ").count)
        #expect(
            !String(decoding: try Data(contentsOf: URL(fileURLWithPath: cli.historyPath)), as: UTF8.self).contains(
                "sk-e2e-0123456789"))
    }

    @Test("n = 2 labels each choice; non-streamed runs print the same text")
    func choices() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(profiles: CLIHarness.profile("local", server: server), defaultProfile: "local")
        for stream in ["--stream", "--no-stream"] {
            let result = try cli.run(["run", "examples/tagline", "--var", "shop=one two", "--set", "n=2", stream])
            #expect(result.exitCode == 0, "\(result.stderrText)")
            #expect(
                result.stdoutText
                    == "── choice 1 ──\ntwo. one for tagline a Write\n── choice 2 ──\none for tagline a Write two.\n")
        }
    }

    @Test("--json prints the OpenAI-shaped response with timings and captured Portkey headers")
    func json() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server, scenario: "portkey"), defaultProfile: "local")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=kiosk", "--stream", "--json"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let value = try JSONValue.parse(result.stdoutText)
        #expect(value["object"] == "text_completion")
        #expect(value["choices"]?.arrayValue?.first?["text"] == "kiosk. for tagline a Write")
        #expect(value["choices"]?.arrayValue?.first?["finish_reason"] == "stop")
        #expect(value["usage"]?["completion_tokens"] == 5)
        #expect(value["promptdeck"]?["status"] == "ok")
        #expect(value["promptdeck"]?["ttft_ms"]?.intValue != nil)
        #expect(value["promptdeck"]?["headers"]?["x-portkey-cache-status"] == "MISS")
        #expect(value["promptdeck"]?["headers"]?["x-portkey-trace-id"]?.stringValue?.isEmpty == false)
    }

    @Test("Ctrl-C cancels cleanly: partial output kept, exit 130, the run recorded as cancelled")
    func interrupt() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("slow", server: server, scenario: "slow-300"), defaultProfile: "slow")
        let child = try cli.spawn(["run", "examples/tagline", "--var", "shop=w1 w2 w3 w4 w5 w6 w7 w8", "--stream"])
        let early = readUntil(try #require(child.stdoutDescriptor), contains: "w7")
        #expect(early.contains("w8. w7"))
        child.signal(SIGINT)
        let rest = readToEnd(try #require(child.stdoutDescriptor))
        let status = SpawnedProcess.exitCode(fromWaitStatus: child.waitForExit())
        #expect(status == 130)
        #expect(!(early + rest).contains("Write"), "the stream was cut short")
        let stderr = readToEnd(try #require(child.stderrDescriptor))
        #expect(stderr.contains("cancelled (partial output kept)"), "\(stderr)")
        #expect(!stderr.contains("cancelled: cancelled"), "said once")
        let run = try cli.store().run(
            prefix: try #require(try cli.store().list(filter: HistoryFilter(), limit: 1).first?.id))
        #expect(run.status == .cancelled)
        #expect(run.outputs[0]?.hasPrefix("w8. w7") == true)
    }

    @Test("a hosted Portkey prompt runs through /prompts/:id/completions, wrapped answers too")
    func hostedPrompt() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try CLIHarness(
            profiles:
                "  hosted:\n    type: portkey-hosted\n    base_url: \(server.baseURL())\n    portkey_api_key_env: PK\n",
            defaultProfile: "hosted", environment: ["PK": "pk-e2e-secret"])
        try cli.addPrompt("hosted", "name: Hosted\nkind: chat\nportkey_prompt_id: pp-news-wrapped@production\n")
        let result = try cli.run(["run", "hosted", "--var", "topic=rain", "--json"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let request = try #require(try server.requests().first { $0.path.contains("/prompts/") })
        #expect(request.path.hasSuffix("/v1/prompts/pp-news-wrapped@production/completions"))
        #expect(request.headers.value(for: "x-portkey-api-key") == "pk-e2e-secret")
        #expect(try JSONValue.parse(request.body)["variables"] == ["topic": "rain"])
        let value = try JSONValue.parse(result.stdoutText)
        #expect(value["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue?.contains("rain") == true)
        #expect(!result.stdoutText.contains("pk-e2e-secret"))
    }

    @Test("prompts list, prompts show, profiles and --version")
    func otherCommands() throws {
        let cli = try CLIHarness(
            profiles: "  work:\n    type: openai\n    base_url: http://127.0.0.1:9/v1\n    api_key_env: WORK_KEY\n",
            environment: ["WORK_KEY": "sk-never-printed"])
        let list = try cli.run(["prompts", "list"])
        #expect(list.exitCode == 0)
        for id in ["examples/tagline", "examples/support-reply", "examples/shopping-list", "examples/extract-fields"] {
            #expect(list.stdoutText.contains(id))
        }
        let show = try cli.run(["prompts", "show", "examples/weather"])
        #expect(show.stdoutText.contains("city"))
        #expect(show.stdoutText.contains("optional"))
        let profiles = try cli.run(["profiles"])
        #expect(profiles.stdoutText.contains("$WORK_KEY — set"))
        #expect(!profiles.stdoutText.contains("sk-never-printed"))
        let unset = try cli.run(["profiles"], environment: ["WORK_KEY": nil])
        #expect(unset.stdoutText.contains("$WORK_KEY — NOT SET"))
        let version = try cli.run(["--version"])
        #expect(version.stdoutText == PromptDeckVersion.string + "\n")
    }
}

/// A server that ignores `n` (llama.cpp) answers one choice: no empty "choice 2" heading, and a note.
/// Serialized: the scenario serves one request at a time, as llama-cpp-python does (a second cuts the first).
@Suite("CLI: a server that ignores n", .serialized)
struct CLIIgnoredChoicesTests {
    @Test(arguments: ["--stream", "--no-stream"])
    func oneChoiceOfTwoIsShownWithoutAnEmptyHeading(_ mode: String) throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("llama", server: server, scenario: "llama-cpp-python"), defaultProfile: "llama"
        )
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=Bloom", "--set", "n=2", mode])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(!result.stdoutText.contains("── choice 2 ──"), "\(result.stdoutText)")
        #expect(!result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(result.stderrText.contains("the server sent 1 of the 2 choices asked for"), "\(result.stderrText)")
    }
}
