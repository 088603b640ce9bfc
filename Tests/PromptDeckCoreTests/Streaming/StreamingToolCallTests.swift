import PromptDeckCore
import Testing

/// Tool calls and reasoning: streamed pieces, whole bodies, and streams cut at every byte.
@Suite("Streaming tool calls and reasoning")
struct StreamingToolCallTests {
    private typealias H = StreamingHelpers

    static let expectedCalls = [
        ToolCall(id: "call_a", name: "get_weather", arguments: #"{"city":"Zürich"}"#),
        ToolCall(id: "call_b", name: "get_time", arguments: #"{"tz":"CET"}"#),
    ]

    private static func assemble(_ events: [StreamEvent]) -> [Int: [ToolCall]] {
        var assembler = ToolCallAssembler()
        for event in events { assembler.add(event) }
        return assembler.toolCalls
    }

    private static func reasoning(_ events: [StreamEvent]) -> String {
        events.reduce(into: "") { text, event in
            if case .reasoning(_, let piece) = event { text += piece }
        }
    }

    @Test("two interleaved calls are assembled by index, with reasoning under both field names")
    func streamedCallsAreAssembled() throws {
        let events = H.decode(H.parse([try H.fixture("chat-tool-calls")]))
        #expect(Self.assemble(events) == [0: Self.expectedCalls])
        #expect(Self.reasoning(events) == "Looking up Zürich 🌦")
        #expect(H.texts(events).isEmpty)
        #expect(events.contains(.finish(choice: 0, reason: "tool_calls")))
        #expect(
            events.contains(.usage(Usage(promptTokens: 9, completionTokens: 20, totalTokens: 29, reasoningTokens: 4))))
        #expect(events.last == .done)
    }

    @Test("a tool-call stream split at every byte (inside UTF-8 too) assembles the same calls")
    func everyByteSplitAssemblesTheSameCalls() throws {
        let bytes = try H.fixture("chat-tool-calls")
        let whole = H.decode(H.parse([bytes]))
        for offset in 0...bytes.count {
            let events = H.decode(H.parse([Array(bytes[..<offset]), Array(bytes[offset...])]))
            #expect(events == whole, "split at byte \(offset)")
            if events != whole { return }
        }
        let oneByteAtATime = H.decode(H.parse(bytes.map { [$0] }))
        #expect(Self.assemble(oneByteAtATime) == [0: Self.expectedCalls])
        #expect(Self.reasoning(oneByteAtATime) == "Looking up Zürich 🌦")
    }

    @Test("a whole body's message.tool_calls arrive as one piece per call")
    func wholeBodyCalls() {
        let body = #"""
            {"object":"chat.completion","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
            "content":null,"reasoning_content":"Need weather.","tool_calls":[{"id":"call_1","type":"function",
            "function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]}}],
            "usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8,"completion_tokens_details":{"reasoning_tokens":2}}}
            """#
        let events = ChunkDecoder().decodeBody(Array(body.utf8))
        #expect(
            events == [
                .reasoning(choice: 0, text: "Need weather."),
                .toolCallDelta(
                    choice: 0, index: 0, id: "call_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#),
                .finish(choice: 0, reason: "tool_calls"),
                .usage(Usage(promptTokens: 3, completionTokens: 5, totalTokens: 8, reasoningTokens: 2)),
                .done,
            ])
    }

    @Test("reasoning in a whole body under `reasoning`, beside the answer")
    func wholeBodyReasoningField() {
        let body =
            #"{"choices":[{"index":0,"message":{"content":"Hi","reasoning":"Greet back."},"finish_reason":"stop"}]}"#
        let events = ChunkDecoder().decodeBody(Array(body.utf8))
        #expect(
            events.prefix(2) == [
                .reasoning(choice: 0, text: "Greet back."), .delta(choice: 0, text: "Hi", logprobs: nil),
            ])
    }

    @Test("arguments sent as an object (some servers) are kept as JSON text; a call without an id gets call_<index>")
    func lenientCalls() {
        let data =
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":2,"function":{"name":"f","arguments":{"a":1}}}]}}]}"#
        let events = H.decode(data: data)
        #expect(events == [.toolCallDelta(choice: 0, index: 2, id: nil, name: "f", arguments: #"{"a":1}"#)])
        #expect(Self.assemble(events) == [0: [ToolCall(id: "call_2", name: "f", arguments: #"{"a":1}"#)]])
    }

    @Test("a piece with only an id is still a piece of a call")
    func idOnlyPiece() {
        let data = #"{"choices":[{"index":0,"delta":{"content":null,"tool_calls":[{"id":"c1"}]}}]}"#
        #expect(H.decode(data: data) == [.toolCallDelta(choice: 0, index: 0, id: "c1", name: nil, arguments: "")])
    }

    @Test("a repeated name on later pieces does not change the call's name")
    func repeatedName() {
        var assembler = ToolCallAssembler()
        assembler.add(choice: 0, index: 0, id: "x", name: "lookup", arguments: "{")
        assembler.add(choice: 0, index: 0, id: "x", name: "lookup", arguments: "}")
        #expect(assembler.toolCalls == [0: [ToolCall(id: "x", name: "lookup", arguments: "{}")]])
    }
}
