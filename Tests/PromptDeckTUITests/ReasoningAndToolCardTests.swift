import Foundation
import PromptDeckCore
import PromptDeckTUI
import Testing

/// Issue 13 in the playground's output pane: reasoning streams into its own dimmed block above the answer
/// and folds to one line once the answer starts (`R` unfolds it); a tool-calling reply is not an empty
/// success: each call shows as a card with its arguments as pretty JSON, and the status says so.
@Suite("Playground: reasoning and tool calls")
struct ReasoningAndToolCardTests {
    @Test func reasoningStreamsAboveTheAnswerAndFolds() {
        var state = Fixtures.state(rows: 30, columns: 100, focus: .output)
        Fixtures.running(&state)
        _ = update(
            &state,
            .runEvents(id: "run-1", events: [.reasoning(choice: 0, text: "Thinking about flowers and Leeds")], at: 10.1)
        )
        var screen = render(state).text
        #expect(screen.contains("▾ reasoning…"))
        #expect(screen.contains("┆ Thinking about flowers and Leeds"))
        #expect(!screen.contains("waiting for the first token"))
        _ = update(
            &state,
            .runEvents(id: "run-1", events: [.delta(choice: 0, text: "Fresh every day.", logprobs: nil)], at: 10.3))
        screen = render(state).text
        #expect(screen.contains("▸ reasoning, 5 words · R unfolds"), "\(screen)")
        #expect(!screen.contains("┆ Thinking"))
        #expect(screen.contains("Fresh every day."))
        _ = update(&state, .key(.char("R")))
        screen = render(state).text
        #expect(screen.contains("┆ Thinking about flowers and Leeds"))
        #expect(screen.contains("Fresh every day."))
    }

    @Test func toolCallsAreCardsAndTheStatusSaysTheModelCalledOne() {
        var state = Fixtures.state(rows: 30, columns: 100, focus: .output)
        Fixtures.running(&state)
        _ = update(
            &state,
            .runEvents(
                id: "run-1",
                events: [
                    .toolCallDelta(choice: 0, index: 0, id: "call_1", name: "get_weather", arguments: #"{"ci"#),
                    .toolCallDelta(choice: 0, index: 0, id: nil, name: nil, arguments: #"ty":"Paris"}"#),
                ], at: 10.2))
        #expect(render(state).text.contains("→ get_weather (call_1)"))
        var record = Fixtures.record(status: .ok)
        record.finishReasons = [0: "tool_calls"]
        record.toolCalls = [0: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)]]
        // The tool wanted a number of days too: the card says so, checked against its schema.
        record.requestBody =
            #"{"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","#
            + #""required":["city","days"],"properties":{"city":{"type":"string"},"days":{"type":"integer"}}}}}]}"#
        _ = update(&state, .runFinished(id: "run-1", record: record, historyWarning: nil))
        let screen = render(state).text
        #expect(screen.contains("→ get_weather (call_1)"))
        #expect(screen.contains(#""city" : "Paris""#) || screen.contains(#""city": "Paris""#), "\(screen)")
        #expect(screen.contains("✔ tool call"))
        #expect(screen.contains("✖ ") && screen.contains("days"), "\(screen)")
        #expect(state.messages.contains { $0.text.contains("the model called get_weather") })
        #expect(!screen.contains("(no text"))
    }
}

/// Issue 16 in the status bar: the checks' badge and the cost, and failed checks in `!`.
@Suite("Playground: checks and cost")
struct ChecksBadgeTests {
    @Test func theBadgeAndTheCostShowWhenTheRunEnds() {
        var state = Fixtures.state(rows: 30, columns: 140, focus: .output)
        Fixtures.running(&state)
        var record = Fixtures.record(status: .ok, outputs: [0: "Bloom"])
        record.checkResults = [
            CheckResult(name: "mentions the shop", kind: "contains", status: .passed),
            CheckResult(name: "short", kind: "max_length", status: .failed, message: "62 characters, at most 40"),
        ]
        record.cost = RunCost(usd: 0.0042, estimated: false)
        _ = update(&state, .runFinished(id: "run-1", record: record, historyWarning: nil))
        let screen = render(state).text
        #expect(screen.contains("✖ 1/2 checks"), "\(screen)")
        #expect(screen.contains("$0.0042"))
        #expect(state.messages.contains { $0.text == "check short failed: 62 characters, at most 40" })
    }
}

/// A replay marks reasoning steps, which go to the reasoning block, apart from the answer (issue 13).
@Suite("Playground: replaying reasoning")
struct ReplayReasoningTests {
    @Test func reasoningReplaysIntoItsBlock() {
        let events = [
            RecordedEvent(
                sequence: 0, offsetMs: 0, choice: 0, text: "Thinking hard", logprobs: nil, channel: .reasoning),
            RecordedEvent(sequence: 1, offsetMs: 5, choice: 0, text: "The answer.", logprobs: nil),
        ]
        let replay = ReplayState(runID: "r", events: events, speed: .instant)
        #expect(replay.steps.map(\.isReasoning) == [true, false])
    }
}

/// Issue 13: `J` shows JSON output pretty (and back); output that is not JSON says where it breaks.
@Suite("Playground: output as JSON")
struct PrettyJSONTests {
    @Test func jShowsThePrettyJSONAndBack() {
        var state = Fixtures.state(rows: 30, columns: 120, focus: .output)
        Fixtures.running(&state)
        _ = update(
            &state,
            .runEvents(
                id: "run-1", events: [.delta(choice: 0, text: #"{"name":"Ada","age":36}"#, logprobs: nil)], at: 10.2))
        _ = update(&state, .runFinished(id: "run-1", record: Fixtures.record(status: .ok), historyWarning: nil))
        _ = update(&state, .key(.char("J")))
        var screen = render(state).text
        #expect(screen.contains(#""name" : "Ada""#) || screen.contains(#""name": "Ada""#), "\(screen)")
        _ = update(&state, .key(.char("J")))
        screen = render(state).text
        #expect(screen.contains(#"{"name":"Ada","age":36}"#))
    }

    @Test func notJSONSaysWhere() {
        var state = Fixtures.state(rows: 30, columns: 120, focus: .output)
        Fixtures.running(&state)
        _ = update(
            &state,
            .runEvents(id: "run-1", events: [.delta(choice: 0, text: "{\"name\": Ada}", logprobs: nil)], at: 10.2))
        _ = update(&state, .key(.char("J")))
        #expect(
            state.messages.last?.text.hasPrefix("the output is not JSON: line 1, column 10") == true,
            "\(state.messages)")
    }
}
