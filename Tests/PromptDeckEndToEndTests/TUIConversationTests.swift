import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Issue 13 end to end in a real terminal: a three-turn conversation (F5, then C and F5 twice), then the
/// last reply asked for again (A). History holds the chain (each turn the child of the one before, the
/// regenerated reply a sibling of turn 3), and the test server saw the whole conversation on every turn:
/// four messages on turn 2, roles in order.
@Suite("TUI: a conversation, end to end")
struct TUIConversationTests {
    @Test func threeTurnsThenRegenerate() throws {
        let session = try PlaygroundSession(profiles: [.init("local", scenario: "ok")])
        try session.start(columns: 120, rows: 36)
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        session.selectPrompt(filter: "support-reply", id: "examples/support-reply")
        let marker = "Q\(UUID().uuidString.prefix(6))"
        session.fillFirstVariable(with: "\(marker) my drill will not start")
        let store = try session.history()

        /// Waits until history holds `count` finished runs.
        func waitForRuns(_ count: Int) -> [RunSummary] {
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline {
                if let runs = try? store.list(limit: 10), runs.count == count,
                    runs.allSatisfy({ $0.status != .running })
                {
                    return runs
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return (try? store.list(limit: 10)) ?? []
        }

        session.send("F5")
        #expect(waitForRuns(1).count == 1, "turn 1")
        for (turn, text) in [(2, "It is charged."), (3, "Still nothing.")] {
            expectStep(session.waitFor("✔ ok"), "turn \(turn - 1) done")
            session.send("C")
            expectStep(session.waitFor("Next message (user)"), "the next message opens")
            session.type(text)
            session.send("Escape")
            expectStep(session.waitFor("F5 sends the conversation"), "staged")
            session.send("F5")
            #expect(waitForRuns(turn).count == turn, "turn \(turn)")
        }
        expectStep(session.waitFor("✔ ok"), "turn 3 done")
        session.send("A")
        let runs = waitForRuns(4)
        #expect(runs.count == 4, "the regenerated reply")
        expectStep(session.quit(), "quit")

        // The chain, oldest first: turn 1 ← turn 2 ← turn 3, and the regenerated one beside turn 3.
        let records = try runs.reversed().map { try store.run(prefix: $0.id) }
        guard records.count == 4 else { return }
        #expect(records[0].parentID == nil)
        #expect(records[1].parentID == records[0].id)
        #expect(records[2].parentID == records[1].id)
        #expect(records[3].parentID == records[1].id, "regenerate is a sibling of turn 3")
        #expect(records[3].conversation == records[2].conversation)

        // What the server saw on turn 2: system, user, the reply, the new user message.
        let bodies = try TestServer.shared().requests().map(\.body).filter { $0.contains(marker) }
        let turn2 = try #require(bodies.first { $0.contains("It is charged.") && !$0.contains("Still nothing.") })
        let messages = try JSONValue.parse(turn2).objectValue?["messages"]?.arrayValue ?? []
        #expect(
            messages.compactMap { $0.objectValue?["role"]?.stringValue } == ["system", "user", "assistant", "user"])
        #expect(messages.last?.objectValue?["content"] == .string("It is charged."))
    }

    private func expectStep(
        _ step: (screen: String, ok: Bool), _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if !step.ok { print("TUIConversationTests: \(what) timed out; the screen:\n\(step.screen)") }
        #expect(step.ok, "\(what) (the screen is printed above)", sourceLocation: sourceLocation)
    }
}
