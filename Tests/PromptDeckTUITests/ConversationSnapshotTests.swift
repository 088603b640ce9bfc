import PromptDeckCore
import PromptDeckTestSupport
import Testing

@testable import PromptDeckTUI

/// Issue 13's screens against golden files in `Snapshots/`, at the sizes every screen is drawn at: the
/// transcript with an earlier message edited (a fork), tool-call cards, the reasoning block folded above
/// the answer, and a structured-output violation with its JSON pointer.
@Suite("TUI snapshots: conversations, tools, reasoning, structured output")
struct ConversationSnapshotTests {
    /// The chat prompt open and its run going (run-1).
    static func chatRun(_ state: inout AppState) {
        _ = update(&state, .promptLoaded(Fixtures.detail("examples/translate")))
        state.focus = .output
        Fixtures.running(&state)
    }

    static func finish(_ state: inout AppState, _ record: RunRecord) {
        _ = update(&state, .runFinished(id: record.id, record: record, historyWarning: nil))
    }

    static let screens: [String: @Sendable (inout AppState) -> Void] = [
        "conversation-fork": { state in
            chatRun(&state)
            var first = ConversationTests.reply("Merci pour votre commande !")
            first.parentID = nil
            finish(&state, first)
            _ = update(&state, .key(.function(5)))
            _ = update(
                &state,
                .runStarted(
                    RunStart(
                        id: "run-2", model: "gpt-4o-mini", profileName: "local", choiceCount: 1, streamed: true,
                        at: 20)))
            var second = ConversationTests.reply("Danke für Ihre Bestellung!", id: "run-2")
            second.parentID = "run-1"
            second.conversation = [.assistant("Merci pour votre commande !"), .user("Now in German, please.")]
            let sent =
                [ConversationMessage.user("Translate into French, keeping it casual:\n\nThanks for your order!")]
                + second.conversation
            second.requestBody = JSONValue.object(["messages": .array(sent.map(\.json))]).serialized()
            finish(&state, second)
            ConversationTests.selectTranscriptMessage(1, in: &state)
            _ = update(&state, .key(.enter))
            _ = Fixtures.type(" And in Dutch.", into: &state)
            _ = update(&state, .key(.escape))
        },
        "tool-cards": { state in
            chatRun(&state)
            var record = ConversationTests.reply(
                "",
                calls: [
                    ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#),
                    ToolCall(id: "call_2", name: "get_weather", arguments: #"{"city":"Lyon","days":"two"}"#),
                ])
            record.finishReasons = [0: "tool_calls"]
            record.requestBody =
                #"{"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","#
                + #""required":["city"],"properties":{"city":{"type":"string"},"days":{"type":"integer"}}}}}]}"#
            finish(&state, record)
        },
        "reasoning-folded": { state in
            chatRun(&state)
            _ = update(
                &state,
                .runEvents(
                    id: "run-1", events: [.reasoning(choice: 0, text: "The user wants French; keep it polite.")],
                    at: 10.1))
            _ = update(
                &state,
                .runEvents(
                    id: "run-1", events: [.delta(choice: 0, text: "Merci pour votre commande !", logprobs: nil)],
                    at: 10.4))
        },
        "schema-violation": { state in
            chatRun(&state)
            let output = #"{"name": "Ada", "age": "thirty"}"#
            _ = update(
                &state, .runEvents(id: "run-1", events: [.delta(choice: 0, text: output, logprobs: nil)], at: 10.2))
            var record = ConversationTests.reply(output)
            record.checkResults = [
                CheckResult(
                    name: "response_format", kind: "json_schema", status: .failed,
                    message: #"/age: expected integer, got string "thirty""#)
            ]
            finish(&state, record)
            _ = update(&state, .key(.char("!")))
        },
    ]

    @Test(arguments: screens.keys.sorted())
    func screen(_ name: String) {
        for (rows, columns) in SnapshotTests.sizes {
            var state = Fixtures.state(rows: rows, columns: columns)
            Self.screens[name]?(&state)
            assertSnapshot(render(state).text, named: "\(name)-\(columns)x\(rows)")
        }
    }
}
