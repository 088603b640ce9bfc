import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Logprobs from the local test server in both formats (completion `logprobs: k`, chat `logprobs` +
/// `top_logprobs`): the token cursor and its alternatives; then a changed prompt file shows in history.
@Suite("TUI logprobs end to end", .serialized)
struct TUIHistoryLogprobTests {
    @Test(arguments: ["heat", "heatchat"])
    func tokenCursorShowsAlternativesAndHistoryNoticesTheChangedFile(_ name: String) throws {
        let server = try TestServer.shared()
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pd-tuil-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder + "/prompts", withIntermediateDirectories: true)
        let config = folder + "/config.yaml"
        try """
        default_profile: local
        profiles:
          local:
            type: openai
            base_url: \(server.baseURL(scenario: "slow-20"))
            model: test-model
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let prompt = folder + "/prompts/\(name).yaml"
        try Self.promptFile(name, wording: "Say hello").write(toFile: prompt, atomically: true, encoding: .utf8)
        let binary = try #require(PackageRoot.builtExecutable()).path
        let command =
            "\(Tmux.quote(binary)) --config \(Tmux.quote(config)) --history \(Tmux.quote(folder + "/history.sqlite")) --prompts \(Tmux.quote(folder + "/prompts")); echo RESTORED $?; sleep 600"
        let tmux = try Tmux(
            command: command,
            environment: ["XDG_CONFIG_HOME": folder + "/xdg", "XDG_DATA_HOME": folder + "/data", "NO_COLOR": ""])
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (8)").ok, "the playground did not start")
        tmux.send("/")
        tmux.type(name)
        tmux.send("Enter")
        #expect(tmux.waitFor("Template: \(name)").ok)
        tmux.send("F5")
        let done = tmux.waitFor(timeout: 15) { $0.contains("✔ ok") }
        #expect(done.ok, "run:\n\(done.screen)")

        // Enter on the filter's one match opened it: focus is on its variables; two Tabs reach the output.
        tmux.send("Tab")
        tmux.send("Tab")
        tmux.send("L")
        let cursor = tmux.waitFor { $0.contains("Token 1/") && $0.contains("alternatives:") }
        #expect(cursor.ok, "token cursor:\n\(cursor.screen)")
        #expect(cursor.screen.contains("%"))
        tmux.send("Right")
        #expect(tmux.waitFor("Token 2/").ok)
        tmux.send("Escape")
        #expect(tmux.waitFor { !$0.contains("Token 2/") }.ok)

        // The prompt file changes: history says so and shows the diff.
        try Self.promptFile(name, wording: "Say goodbye").write(toFile: prompt, atomically: true, encoding: .utf8)
        tmux.send("H")
        let changed = tmux.waitFor { $0.contains("Prompt file changed") }
        #expect(changed.ok, "changed prompt:\n\(changed.screen)")
        tmux.send("Tab")
        for _ in 0..<12 { tmux.send("j") }
        let diff = tmux.waitFor { $0.contains("- ") && $0.contains("Say hello") && $0.contains("+ ") }
        #expect(diff.ok, "diff:\n\(diff.screen)")
        tmux.send("q")
        tmux.send("q")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("RESTORED 0") }.ok)
    }

    static func promptFile(_ name: String, wording: String) -> String {
        if name == "heatchat" {
            return """
                name: Heat chat
                kind: chat
                parameters:
                  max_tokens: 16
                  logprobs: true
                  top_logprobs: 2
                  stream: true
                messages:
                  - role: user
                    content: "\(wording) to the heatmap."

                """
        }
        return """
            name: Heat
            kind: completion
            parameters:
              max_tokens: 16
              logprobs: 2
              stream: true
            prompt: "\(wording) to the heatmap."

            """
    }
}
