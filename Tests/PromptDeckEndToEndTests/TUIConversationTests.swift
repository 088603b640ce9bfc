import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Issue 13 end to end in a real terminal: a three-turn conversation (F5, then C and F5 twice), then the
/// last reply asked for again (A). History holds the chain (each turn the child of the one before, the
/// regenerated reply a sibling of turn 3), and the test server saw the whole conversation on every turn:
/// four messages on turn 2, roles in order. Then turn 2's message is edited in the Template pane and run
/// from there: a fork whose parent is turn 1, the rest of the chain as it was. And a tool call continued
/// with a typed result.
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

        session.send("F5")
        #expect(session.waitForFinishedRuns(1).count == 1, "turn 1")
        for (turn, text) in [(2, "It is charged."), (3, "Still nothing.")] {
            expectStep(session.waitFor("✔ ok"), "turn \(turn - 1) done")
            session.send("C")
            expectStep(session.waitFor("Next message (user)"), "the next message opens")
            session.type(text)
            session.send("Escape")
            expectStep(session.waitFor("F5 sends the conversation"), "staged")
            session.send("F5")
            #expect(session.waitForFinishedRuns(turn).count == turn, "turn \(turn)")
        }
        expectStep(session.waitFor("✔ ok"), "turn 3 done")
        session.send("A")
        let runs = session.waitForFinishedRuns(4)
        #expect(runs.count == 4, "the regenerated reply")
        expectStep(session.waitFor("✔ ok"), "the regenerated reply is done")

        // The chain, oldest first: turn 1 ← turn 2 ← turn 3, and the regenerated one beside turn 3.
        let records = try runs.reversed().map { try store.run(prefix: $0.id) }
        try #require(records.count == 4)
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

        // Then edit turn 2's message (the first one typed) in the Template pane and run from there: a fork.
        try editTheFirstTypedMessageAndFork(session: session, store: store, marker: marker, before: records)
    }

    /// The Template pane's cursor goes past the prompt's messages into the conversation; Enter edits the
    /// selected one; F5 runs the conversation up to it as a sibling of the turn that sent it.
    private func editTheFirstTypedMessageAndFork(
        session: PlaygroundSession, store: HistoryStore, marker: String, before: [RunRecord]
    ) throws {
        // Focus the Template pane: its key hints offer `a add` and `r role`.
        for _ in 0..<5 where !session.waitFor("r role", timeout: 0.5).ok { session.send("Tab") }
        session.send("G")
        for _ in 0..<3 { session.send("k") }
        expectStep(session.waitFor("▸user: It is charged."), "k selects turn 2's message in the conversation")
        session.send("Enter")
        expectStep(session.waitFor("Edit message 2 of the conversation (user)"), "Enter opens it")
        session.send("C-u")
        session.type("It is plugged in.")
        session.send("Escape")
        expectStep(session.waitFor("F5 runs from the edited message"), "the edit is kept as a fork")
        session.send("F5")
        let runs = session.waitForFinishedRuns(5)
        try #require(runs.count == 5, "the fork is a fifth run")
        expectStep(session.quit(), "quit")

        let fork = try store.run(prefix: runs[0].id)
        #expect(fork.parentID == before[0].id, "a sibling of turn 2: its parent is turn 1")
        #expect(fork.conversation.map(\.role) == ["assistant", "user"])
        #expect(fork.conversation.last?.content == "It is plugged in.")
        for old in before {
            #expect(try store.run(prefix: old.id).conversation == old.conversation, "the chain stays as it was")
        }
        let body = try #require(
            try TestServer.shared().requests().map(\.body).last { $0.contains(marker) && $0.contains("plugged in") })
        let sent = try JSONValue.parse(body).objectValue?["messages"]?.arrayValue ?? []
        #expect(sent.compactMap { $0.objectValue?["role"]?.stringValue } == ["system", "user", "assistant", "user"])
        #expect(!body.contains("Still nothing."), "the turns after the edited message are not sent")
    }

    /// A reply that calls a tool shows its card; C opens the result (the prompt's `mock:` prefilled), a typed
    /// result is sent as a `tool` message after the assistant's call, and the answer follows.
    @Test func aToolCallContinuedWithATypedResult() throws {
        let session = try PlaygroundSession(profiles: [.init("local", scenario: "tools")])
        try session.start(columns: 120, rows: 36)
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        session.selectPrompt(filter: "travel-helper", id: "examples/travel-helper")
        let city = "Porto\(UUID().uuidString.prefix(6))"
        session.send("Enter")
        expectStep(session.waitFor("Enter accept"), "the city field opens")
        session.send("C-u")
        session.type(city)
        session.send("Enter")
        session.send("F5")
        expectStep(session.waitFor("tool call"), "the reply is a tool call, not an empty success")
        expectStep(session.waitFor("get_weather"), "its card names the tool")
        session.send("C")
        expectStep(session.waitFor("Result of get_weather"), "C asks for the call's result")
        expectStep(session.waitFor("sunny"), "the prompt's mock result is offered")
        session.send("C-u")
        session.type(#"{"temp": 19}"#)
        session.send("Escape")
        expectStep(session.waitFor("F5 sends the conversation"), "the result is staged")
        session.send("F5")
        expectStep(session.waitFor("✔ ok"), "the answer follows")
        expectStep(session.quit(), "quit")

        let store = try session.history()
        let runs = try store.list(limit: 5)
        try #require(runs.count == 2)
        #expect(runs[0].parentID == runs[1].id, "the answer is the call's child")
        let bodies = try TestServer.shared().requests().map(\.body).filter { $0.contains(city) }
        let second = try #require(bodies.first { $0.contains(#""role":"tool""#) || $0.contains(#""role": "tool""#) })
        let sent = try JSONValue.parse(second).objectValue?["messages"]?.arrayValue ?? []
        #expect(sent.compactMap { $0.objectValue?["role"]?.stringValue } == ["system", "user", "assistant", "tool"])
        let call = sent[2].objectValue?["tool_calls"]?.arrayValue?.first?.objectValue
        let tool = sent[3].objectValue
        #expect(call?["id"] != nil && tool?["tool_call_id"] == call?["id"], "the result answers the call")
        #expect(tool?["content"] == .string(#"{"temp": 19}"#))
    }

    private func expectStep(
        _ step: (screen: String, ok: Bool), _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if !step.ok { print("TUIConversationTests: \(what) timed out; the screen:\n\(step.screen)") }
        #expect(step.ok, "\(what) (the screen is printed above)", sourceLocation: sourceLocation)
    }
}
