import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI conversations: --continue, -c, --regenerate, forks, tool calls and reasoning against the test server")
struct CLIConversationTests {
    static let weatherPrompt = """
        name: Weather
        kind: chat
        tools:
          - name: get_weather
            description: Weather now
            parameters:
              type: object
              properties:
                city: {type: string}
        mock:
          get_weather: {"sky": "grey"}
        messages:
          - role: user
            content: "{{question}}"
        """

    /// Runs with `--json` and returns the run's id.
    static func runID(_ cli: CLIHarness, _ arguments: [String]) throws -> String {
        let result = try cli.run(arguments + ["--json"])
        #expect(result.exitCode == 0, "\(arguments): \(result.stderrText)")
        return try #require(try JSONValue.parse(result.stdoutText)["promptdeck"]?["run_id"]?.stringValue)
    }

    static func messages(_ request: RecordedRequest) throws -> [JSONValue] {
        try JSONValue.parse(request.body)["messages"]?.arrayValue ?? []
    }

    static func roles(_ request: RecordedRequest) throws -> [String] {
        try messages(request).map { $0["role"]?.stringValue ?? "?" }
    }

    @Test("three turns via --continue and -c, then regenerate, then a fork at turn 2: the chain and the bodies sent")
    func threeTurnsRegenerateAndFork() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try CLIHarness(profiles: CLIHarness.profile("local", server: server), defaultProfile: "local")
        let prompt = ["run", "examples/support-reply", "--stream"]
        let first = try Self.runID(cli, prompt + ["--var", "question=where is my parcel"])
        let second = try Self.runID(cli, prompt + ["--continue", first, "--say", "it was due monday"])
        let third = try Self.runID(cli, prompt + ["-c", "--say", "please check again"])
        let again = try Self.runID(cli, prompt + ["--regenerate", third])
        let fork = try Self.runID(cli, prompt + ["--continue", first, "--say", "it was due friday"])

        let store = try cli.store()
        func parent(_ id: String) throws -> String? { try store.run(prefix: id).parentID }
        #expect(try parent(first) == nil && parent(second) == first && parent(third) == second)
        #expect(try parent(again) == second, "regenerate is a sibling of the third turn")
        #expect(try parent(fork) == first, "the fork leaves the second and third turns as they were")
        #expect(try store.conversation(endingAt: third).turns.map(\.id) == [first, second, third])
        #expect(try store.conversation(endingAt: fork).turns.map(\.id) == [first, fork])

        let requests = try server.requests().filter { $0.path.hasSuffix("/chat/completions") }
        try #require(requests.count == 5)
        #expect(try Self.roles(requests[0]) == ["system", "user"])
        #expect(try Self.roles(requests[1]) == ["system", "user", "assistant", "user"])
        let turn2 = try Self.messages(requests[1])
        let firstReply = try store.run(prefix: first).outputs[0]
        #expect(turn2[2]["content"]?.stringValue == firstReply)
        #expect(turn2[3]["content"] == "it was due monday")
        #expect(try Self.roles(requests[2]) == ["system", "user", "assistant", "user", "assistant", "user"])
        #expect(try Self.messages(requests[3]) == Self.messages(requests[2]), "regenerate sends the same messages")
        #expect(
            try Self.messages(requests[4]).map { $0["content"]?.stringValue ?? "" }.suffix(2) == [
                firstReply ?? "", "it was due friday",
            ])

        let show = try cli.run(["history", "show", third])
        #expect(show.exitCode == 0, "\(show.stderrText)")
        #expect(show.stdoutText.contains("continues  \(second)"))
        #expect(show.stdoutText.contains("── conversation (3 turns) ──"))
        #expect(show.stdoutText.contains("turn 2 · run \(second)\n  user: it was due monday\n"))
        let search = try cli.run(["history", "search", "monday", "--json"])
        let found = try JSONValue.parse(search.stdoutText).arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(Set(found).isSuperset(of: [second, third, again]), "search finds a conversation by any of its turns")
    }

    @Test("chat: a streamed tool call is printed, the typed result is sent as a tool message, the answer follows")
    func chatToolCallWithATypedResult() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server, scenario: "tools"), defaultProfile: "local")
        try cli.addPrompt("weather", Self.weatherPrompt)
        let input = "how is paris\n{\"temp\": 21}\n"
        let result = try cli.run(
            ["chat", "weather", "--var", "question=hello", "--stream"], stdin: Data(input.utf8))
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(
            result.stdoutText == "tool call call_pd_1_0: get_weather({\"city\":\"how is paris\"})\n21} {\"temp\":\n")
        let requests = try server.requests().filter { $0.path.hasSuffix("/chat/completions") }
        try #require(requests.count == 2)
        #expect(try Self.roles(requests[1]) == ["user", "user", "assistant", "tool"])
        let sent = try Self.messages(requests[1])
        #expect(sent[2]["tool_calls"]?.arrayValue?.first?["function"]?["arguments"] == #"{"city":"how is paris"}"#)
        #expect(sent[3]["tool_call_id"] == "call_pd_1_0" && sent[3]["content"] == #"{"temp": 21}"#)
        let runs = try cli.store().list()
        try #require(runs.count == 2)
        #expect(runs[0].parentID == runs[1].id)
        let show = try cli.run(["history", "show", runs[1].id])
        #expect(
            show.stdoutText.contains(
                "── tool calls (choice 1) ──\ncall_pd_1_0  get_weather({\"city\":\"how is paris\"})"))
    }

    @Test("chat on echo: a \"\"\" block is one turn, each line after it another; each turn is the next one's parent")
    func chatTurnsOnEcho() throws {
        let cli = try CLIHarness()
        let input = "\"\"\"\nline one\nline two\n\"\"\"\nsecond turn\n\n"
        let result = try cli.run(["chat", "examples/support-reply"], stdin: Data(input.utf8))
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "line one\nline two\nsecond turn\n")
        let runs = try cli.store().list()
        try #require(runs.count == 2)
        #expect(runs[0].parentID == runs[1].id && runs[1].parentID == nil)
        let conversation = try cli.store().conversation(endingAt: runs[0].id)
        #expect(
            conversation.messages.map(\.summary) == [
                "user: line one\nline two", "assistant: line one\nline two", "user: second turn",
                "assistant: second turn",
            ])
    }

    @Test("run: a non-streamed tool call, --tool-result and the mock answer it; --json has the calls")
    func runToolResults() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("local", server: server, scenario: "tools"), defaultProfile: "local")
        try cli.addPrompt("weather", Self.weatherPrompt)
        let call = try cli.run(["run", "weather", "--var", "question=rain in rome", "--no-stream"])
        #expect(call.exitCode == 0, "\(call.stderrText)")
        #expect(call.stdoutText == "tool call call_pd_1_0: get_weather({\"city\":\"rain in rome\"})\n")
        let missing = try cli.run(["run", "weather", "-c", "--tool-result", "call_zz=1"])
        #expect(missing.exitCode == 2 && missing.stderrText.contains("made no tool call 'call_zz'"))
        let typed = try cli.run(["run", "weather", "-c", "--tool-result", "call_pd_1_0=sunny spells", "--no-stream"])
        #expect(typed.exitCode == 0 && typed.stdoutText == "spells sunny\n", "\(typed.stderrText)")
        let first = try #require(try cli.store().list().last?.id)
        let mocked = try cli.run(["run", "weather", "--continue", first, "--no-stream", "--json"])
        let json = try JSONValue.parse(mocked.stdoutText)
        #expect(json["choices"]?.arrayValue?.first?["message"]?["content"] == #"{"sky":"grey"}"#)
        #expect(json["promptdeck"]?["conversation"]?.arrayValue?.last?["role"] == "tool")
        let again = try cli.run(["run", "weather", "--var", "question=x", "--json", "--stream"])
        let calls = try JSONValue.parse(again.stdoutText)["choices"]?.arrayValue?.first?["message"]?["tool_calls"]
        #expect(calls?.arrayValue?.first?["function"]?["name"] == "get_weather")
        #expect(try JSONValue.parse(again.stdoutText)["choices"]?.arrayValue?.first?["finish_reason"] == "tool_calls")
    }

    @Test(
        "reasoning under both field names: hidden from a piped stdout, shown apart with --show-reasoning, in --json and history"
    )
    func reasoning() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("a", server: server, scenario: "reasoning")
                + CLIHarness.profile("b", server: server, scenario: "reasoning-field"),
            defaultProfile: "a")
        for profile in ["a", "b"] {
            for stream in ["--stream", "--no-stream"] {
                let base = [
                    "run", "examples/support-reply", "--var", "question=why blue", "--profile", profile, stream,
                ]
                let plain = try cli.run(base)
                #expect(plain.exitCode == 0 && plain.stdoutText.hasSuffix("blue why\n"), "\(plain.stderrText)")
                #expect(!plain.stdoutText.contains("Thinking"))
                let shown = try cli.run(base + ["--show-reasoning"])
                #expect(shown.stdoutText.hasPrefix("── reasoning ──\nThinking about: why blue\n── answer ──\n"))
                let json = try JSONValue.parse(try cli.run(base + ["--json"]).stdoutText)
                let message = json["choices"]?.arrayValue?.first?["message"]
                #expect(message?["reasoning_content"] == "Thinking about: why blue", "\(profile) \(stream)")
                #expect(json["usage"]?["completion_tokens_details"]?["reasoning_tokens"] == 4)
            }
        }
        let newest = try #require(try cli.store().list().first?.id)
        let record = try cli.store().run(prefix: newest)
        #expect(record.reasoning[0] == "Thinking about: why blue" && record.usage?.reasoningTokens == 4)
        #expect(try cli.run(["history", "search", "thinking"]).stdoutText.contains(String(newest.prefix(8))))
        let show = try cli.run(["history", "show", newest])
        #expect(show.stdoutText.contains("── reasoning (choice 1) ──\nThinking about: why blue\n"))
        let streamed = try Self.runID(cli, ["run", "examples/support-reply", "--var", "question=why blue", "--stream"])
        let replay = try cli.run(["history", "replay", streamed, "--speed", "instant"])
        #expect(replay.stdoutText.hasPrefix("── reasoning ──\nThinking about: why blue\n── answer ──\n"))
        #expect(replay.stdoutText.hasSuffix("blue why\n"))
    }
}
