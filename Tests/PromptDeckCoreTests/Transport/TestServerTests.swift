import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("TestServer: the emulated API and the process helpers")
struct TestServerTests {
    private func post(_ server: TestServer, _ path: String, _ body: String, scenario: String = "ok")
        -> CollectingDelegate
    {
        perform(
            HTTPRequestSpec(
                url: server.baseURL(scenario: scenario) + path,
                headers: [HTTPHeader("Content-Type", "application/json")],
                body: Data(body.utf8)))
    }

    @Test func completionsHonourNMaxTokensAndLogprobs() throws {
        let server = try TestServer.shared()
        let result = post(server, "/completions", #"{"prompt":"one two three","n":2,"max_tokens":2,"logprobs":2}"#)
        let object = try #require(jsonObject(result.body))
        let choices = try #require(object["choices"] as? [[String: Any]])
        #expect(choices.map { $0["text"] as? String } == ["three two", "two one"])
        #expect(choices.map { $0["finish_reason"] as? String } == ["length", "length"])
        let logprobs = try #require(choices.first?["logprobs"] as? [String: Any])
        #expect(logprobs["tokens"] as? [String] == ["three", " two"])
        #expect((object["usage"] as? [String: Any])?["completion_tokens"] as? Int == 4)
    }

    @Test func chatStreamInterleavesChoicesAndEndsWithUsage() throws {
        let server = try TestServer.shared()
        let body =
            #"{"messages":[{"role":"user","content":"x y"}],"n":2,"stream":true,"logprobs":true,"top_logprobs":1}"#
        let lines = sseDataLines(post(server, "/chat/completions", body).bodyText)
        #expect(lines.last == "[DONE]")
        let chunks = lines.dropLast().compactMap { jsonObject(Data($0.utf8)) }
        let indices = chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["index"] as? Int }
        #expect(indices == [0, 1, 0, 1, 0, 1, 0, 1])
        #expect(chunks.last?["usage"] != nil)
        let delta = try #require((chunks[2]["choices"] as? [[String: Any]])?.first)
        let content = try #require((delta["logprobs"] as? [String: Any])?["content"] as? [[String: Any]])
        #expect(content.first?["token"] as? String == "y")
    }

    @Test func framingScenariosUseTheirLineEndings() throws {
        let server = try TestServer.shared()
        let body = #"{"messages":[{"role":"user","content":"x y"}],"stream":true}"#
        #expect(post(server, "/chat/completions", body, scenario: "crlf").bodyText.contains("}\r\n\r\ndata: "))
        let cr = post(server, "/chat/completions", body, scenario: "cr").bodyText
        #expect(cr.contains("}\r\rdata: ") && !cr.contains("\n"))
        let comments = post(server, "/chat/completions", body, scenario: "comments").bodyText
        #expect(comments.hasPrefix(": ") && comments.contains("event: error\ndata: {\"error\""))
        #expect(
            post(server, "/chat/completions", body, scenario: "garbage").bodyText.contains(
                "data: {this is not json\n\n"))
        let failing = post(server, "/chat/completions", body, scenario: "stream-error").bodyText
        #expect(failing.contains(#"data: {"error":{"message""#) && !failing.contains("[DONE]"))
        #expect(
            post(server, "/chat/completions", body, scenario: "notjson").headers.value(for: "content-type")
                == "text/plain")
    }

    @Test func hostedPromptsRenderWrapAndMiss() throws {
        let server = try TestServer.shared()
        let variables = #"{"variables":{"city":"Paris","days":3},"temperature":0.5}"#
        let render = try #require(jsonObject(post(server, "/prompts/pp-1@latest/render", variables).body))
        #expect(render["success"] as? Bool == true)
        let data = try #require(render["data"] as? [String: Any])
        #expect(data["temperature"] as? Double == 0.5)
        #expect((data["messages"] as? [[String: Any]])?.last?["content"] as? String == "city: Paris\ndays: 3")

        let plain = try #require(jsonObject(post(server, "/prompts/pp-1/completions", variables).body))
        #expect(plain["object"] as? String == "chat.completion")
        let wrapped = try #require(jsonObject(post(server, "/prompts/pp-wrapped/completions", variables).body))
        #expect(wrapped["status"] as? Int == 200)
        #expect((wrapped["body"] as? [String: Any])?["object"] as? String == "chat.completion")

        let missing = post(server, "/prompts/missing/completions", variables)
        #expect(missing.status == 404)
        #expect(jsonObject(missing.body)?["status"] as? String == "failure")
    }

    @Test func benchScenarioStreamsNChunks() throws {
        let server = try TestServer.shared()
        let result = post(server, "/chat/completions", "{}", scenario: "bench-2000")
        let lines = sseDataLines(result.bodyText)
        #expect(lines.count == 2000 + 3)
        #expect(lines.last == "[DONE]")
    }

    @Test func serverStopsAndItsPortCloses() throws {
        let server = try TestServer.start()
        let url = server.baseURL() + "/models"
        #expect(perform(HTTPRequestSpec(method: "GET", url: url)).status == 200)
        server.stop()
        server.stop()
        guard case .failed(.couldNotConnect) = perform(HTTPRequestSpec(method: "GET", url: url)).outcome else {
            Issue.record("the stopped server still answers")
            return
        }
    }

    @Test func processRunnerCapturesOutputStatusAndInput() throws {
        let result = try ProcessRunner.run(
            "/bin/sh", arguments: ["-c", "cat; echo \"to stderr $PD_TEST_VALUE\" >&2; exit 3"],
            environment: ["PD_TEST_VALUE": "42"], stdin: Data("from stdin\n".utf8))
        #expect(result.exitCode == 3)
        #expect(result.stdoutText == "from stdin\n")
        #expect(result.stderrText == "to stderr 42\n")
        #expect(!result.timedOut)

        let big = Data(repeating: UInt8(ascii: "z"), count: 1 << 20)
        let echoed = try ProcessRunner.run("cat", stdin: big)
        #expect(echoed.stdout == big, "large input and output flow together without deadlock")

        let folder = try ProcessRunner.run("pwd", workingDirectory: "/tmp")
        #expect(folder.stdoutText == "/tmp\n")
    }

    @Test func processRunnerKillsAChildPastItsTimeout() throws {
        let start = ContinuousClock.now
        let result = try ProcessRunner.run("sleep", arguments: ["30"], timeout: 0.3)
        #expect(result.timedOut)
        #expect(result.exitCode == 128 + 9)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func packageRootFindsTheScriptAndTheBinaryLookupIsSafe() throws {
        let root = try #require(PackageRoot.url())
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path))
        #expect(PackageRoot.testServerScript.map { FileManager.default.fileExists(atPath: $0.path) } == true)
        if let binary = PackageRoot.builtExecutable() {
            #expect(binary.lastPathComponent == "promptdeck")
        }
    }
}
