import Foundation
import Testing

@testable import PromptDeckCore

@Suite("Conversations: continue, regenerate, fork and save as a prompt, through history")
struct ConversationChainTests {
    @Test("three turns: each sends the whole conversation and is the parent of the next")
    func continuedTurns() throws {
        let bench = try ConversationBench()
        let base = RunInputs(promptID: "helper", stream: true)
        let first = try bench.run(base)
        #expect(first.outputs[0] == "Tell me about tea." && first.conversation.isEmpty)
        let second = try bench.run(
            try ConversationChain.continuing(first, with: [.user("And green tea?")], inputs: base))
        #expect(second.parentID == first.id)
        #expect(
            try ConversationBench.messages(second) == [
                "system: You talk about tea.", "user: Tell me about tea.", "assistant: Tell me about tea.",
                "user: And green tea?",
            ])
        let third = try bench.run(try ConversationChain.continuing(second, with: [.user("Thanks")], inputs: base))
        let conversation = try bench.store.conversation(endingAt: third.id)
        #expect(conversation.turns.map(\.id) == [first.id, second.id, third.id])
        #expect(
            conversation.messages.map(\.summary) == [
                "assistant: Tell me about tea.", "user: And green tea?", "assistant: And green tea?", "user: Thanks",
                "assistant: Thanks",
            ])
        #expect(conversation.entries.map(\.turn) == [0, 1, 1, 2, 2])
        #expect(
            conversation.promptMessages.map(\.summary) == ["system: You talk about tea.", "user: Tell me about tea."])
        // Search finds the conversation's last turn by a word of its first user turn.
        #expect(try bench.store.search(query: "green").map(\.summary.id).contains(third.id))
    }

    @Test("regenerate is a sibling; a fork at an edited message keeps the rest of the chain")
    func regenerateAndFork() throws {
        let bench = try ConversationBench()
        let base = RunInputs(promptID: "helper", stream: false)
        let first = try bench.run(base)
        let second = try bench.run(try ConversationChain.continuing(first, with: [.user("Oolong?")], inputs: base))
        let third = try bench.run(try ConversationChain.continuing(second, with: [.user("More")], inputs: base))
        let again = try bench.run(ConversationChain.regenerating(third, inputs: base))
        #expect(again.parentID == second.id && again.conversation == third.conversation)
        let conversation = try bench.store.conversation(endingAt: third.id)
        // Message 1 is the user's "Oolong?": the fork's parent is the first turn, whose reply comes before it.
        let fork = try bench.run(
            try ConversationChain.forking(conversation, at: 1, content: "Matcha?", inputs: base))
        #expect(fork.parentID == first.id)
        #expect(try ConversationBench.messages(fork).suffix(2) == ["assistant: Tell me about tea.", "user: Matcha?"])
        #expect(try bench.store.conversation(endingAt: third.id).turns.map(\.id) == [first.id, second.id, third.id])
        #expect(try bench.store.children(of: first.id).map(\.id) == [second.id, fork.id])
        // The replies asked for again are siblings (the fork, which answers other messages, is not).
        #expect(try bench.store.siblings(of: again.id).map(\.id) == [third.id, again.id])
        #expect(try bench.store.siblings(of: second.id).map(\.id) == [second.id])
        #expect(try bench.store.siblings(of: first.id).map(\.id) == [first.id], "a first turn has no parent to ask")
        #expect(throws: ConversationError.noSuchMessage(index: 9, count: 5)) {
            try ConversationChain.forking(conversation, at: 9, content: "x", inputs: base)
        }
    }

    @Test("a tool call is recorded, and answered with a given result or the prompt's mock")
    func toolCallRoundTrip() throws {
        let bench = try ConversationBench()
        for stream in [true, false] {
            let base = RunInputs(promptID: "weather", stream: stream)
            let call = try bench.run(base)
            #expect(call.status == .ok && call.calledTools && call.finishReasons[0] == "tool_calls")
            #expect(
                call.toolCalls[0] == [
                    ToolCall(id: "call_echo_1", name: "get_weather", arguments: #"{"city":"Weather in Oslo?"}"#)
                ])
            #expect(
                throws: ConversationError.unknownToolCall(runID: call.id, callID: "nope", known: ["call_echo_1"])
            ) {
                try ConversationChain.toolResults(for: call, results: ["nope": "1"])
            }
            #expect(throws: ConversationError.self) { try ConversationChain.toolResults(for: call, results: [:]) }
            let typed = try ConversationChain.toolResults(for: call, results: ["call_echo_1": #"{"sky":"blue"}"#])
            let answer = try bench.run(try ConversationChain.continuing(call, with: typed, inputs: base))
            #expect(answer.outputs[0] == #"get_weather returned {"sky":"blue"}"#)
            let body = try JSONValue.parse(answer.requestBody)
            let sent = body["messages"]?.arrayValue ?? []
            #expect(sent.map { $0["role"]?.stringValue ?? "" } == ["user", "assistant", "tool"])
            #expect(sent[1]["tool_calls"]?.arrayValue?.first?["id"] == "call_echo_1")
            #expect(sent[1]["content"] == .null)
            #expect(sent[2]["tool_call_id"] == "call_echo_1")
            let mocked = try ConversationChain.toolResults(for: call, results: [:], mocks: ["get_weather": "grey"])
            #expect(mocked == [.toolResult(callID: "call_echo_1", "grey")])
        }
    }

    @Test("saved as a prompt: the turns become few-shot messages and the variables stay variables")
    func savedPrompt() throws {
        let bench = try ConversationBench()
        let base = RunInputs(promptID: "helper", variables: ["topic": "coffee"])
        let first = try bench.run(base)
        let second = try bench.run(
            try ConversationChain.continuing(first, with: [.user("Is {{this}} literal?")], inputs: base))
        let text = try bench.store.conversation(endingAt: second.id).savedPromptText(name: "Coffee chat")
        let saved = try #require(PromptFileParser.parse(text, id: "coffee-chat", file: "coffee-chat.yaml").prompt)
        #expect(saved.name == "Coffee chat")
        #expect(saved.messages.map(\.role) == ["system", "user", "assistant", "user", "assistant"])
        #expect(saved.messages[1].content == "Tell me about {{topic}}.")
        let rendered = try bench.prompts.library.render(saved, values: ["topic": "cocoa"]).rendered
        guard case .chat(let messages) = rendered else { return #expect(Bool(false)) }
        #expect(
            messages.map(\.content) == [
                "You talk about cocoa.", "Tell me about cocoa.", "Tell me about coffee.", "Is {{this}} literal?",
                "Is {{this}} literal?",
            ])
    }
}
