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
        let session = try PlaygroundSession(profiles: [.init("local", scenario: "slow-20")])
        try session.addPrompt(name, Self.promptFile(name, wording: "Say hello"))
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples + 1)
        session.selectPrompt(filter: name, id: name)
        let done = session.run()
        #expect(done.ok, "run:\n\(done.screen)")

        // Enter on the filter's one match opened it with focus on its variables: two Tabs reach the output.
        session.send("Tab", "Tab", "L")
        let cursor = session.waitFor { $0.contains("Token 1/") && $0.contains("alternatives:") }
        #expect(cursor.ok, "token cursor:\n\(cursor.screen)")
        #expect(cursor.screen.contains("%"))
        session.send("Right")
        #expect(session.waitFor("Token 2/").ok)
        session.send("Escape")
        #expect(session.waitFor { !$0.contains("Token 2/") }.ok)

        // The prompt file changes: history says so and shows the diff.
        try session.addPrompt(name, Self.promptFile(name, wording: "Say goodbye"))
        session.send("H")
        let changed = session.waitFor { $0.contains("Prompt file changed") }
        #expect(changed.ok, "changed prompt:\n\(changed.screen)")
        session.send("Tab")
        for _ in 0..<12 { session.send("j") }
        let diff = session.waitFor { $0.contains("- ") && $0.contains("Say hello") && $0.contains("+ ") }
        #expect(diff.ok, "diff:\n\(diff.screen)")
        #expect(session.quit(presses: 2).ok)
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
