import PromptDeckCore
import Testing

/// Recorded streams, fed whole, split in two at every byte offset, and one byte at a time.
@Suite("Streaming recorded fixtures")
struct StreamingFixtureTests {
    private typealias H = StreamingHelpers

    static let fixtures = [
        "chat-n2-interleaved", "text-logprobs", "chat-logprobs-usage", "chat-in-stream-error", "chat-tool-calls",
    ]

    @Test("any split of a recorded stream gives the same events", arguments: fixtures)
    func splitsDoNotChangeEvents(_ name: String) throws {
        let bytes = try H.fixture(name)
        let whole = H.parse([bytes])
        let decoded = H.decode(whole)
        #expect(!whole.isEmpty)
        for offset in 0...bytes.count {
            let pieces = [Array(bytes[..<offset]), Array(bytes[offset...])]
            let events = H.parse(pieces)
            #expect(events == whole, "split at byte \(offset)")
            if events != whole { return }
            #expect(H.decode(events) == decoded, "split at byte \(offset)")
        }
        let oneByteAtATime = H.parse(bytes.map { [$0] })
        #expect(oneByteAtATime == whole)
        #expect(H.decode(oneByteAtATime) == decoded)
    }

    @Test func chatWithTwoInterleavedChoices() throws {
        let events = H.decode(H.parse([try H.fixture("chat-n2-interleaved")]))
        #expect(
            events == [
                .delta(choice: 0, text: "héllo", logprobs: nil),
                .delta(choice: 1, text: "Grüß", logprobs: nil),
                .delta(choice: 0, text: " 世界", logprobs: nil),
                .delta(choice: 1, text: " dich\n", logprobs: nil),
                .delta(choice: 0, text: " 🎉", logprobs: nil),
                .delta(choice: 1, text: "👋🏽 \"ok\"", logprobs: nil),
                .finish(choice: 0, reason: "stop"),
                .finish(choice: 1, reason: "length"),
                .usage(Usage(promptTokens: 12, completionTokens: 9, totalTokens: 21)),
                .done,
            ])
    }

    @Test func textCompletionWithLogprobs() throws {
        typealias Alt = TokenLogprob.Alternative
        let events = H.decode(H.parse([try H.fixture("text-logprobs")]))
        #expect(
            events == [
                .delta(
                    choice: 0, text: "h",
                    logprobs: [
                        TokenLogprob(
                            token: "h", logprob: -0.0123,
                            topLogprobs: [Alt(token: "h", logprob: -0.0123), Alt(token: "H", logprob: -4.51)])
                    ]),
                .delta(
                    choice: 0, text: "éllo",
                    logprobs: [
                        TokenLogprob(
                            token: "éllo", logprob: -0.25,
                            topLogprobs: [Alt(token: "éllo", logprob: -0.25), Alt(token: "ello", logprob: -1.5)])
                    ]),
                .delta(
                    choice: 0, text: " 世界",
                    logprobs: [
                        TokenLogprob(
                            token: " 世界", logprob: -1.75,
                            topLogprobs: [Alt(token: " world", logprob: -0.5), Alt(token: " 世界", logprob: -1.75)])
                    ]),
                .delta(choice: 0, text: " 🎉", logprobs: [TokenLogprob(token: " 🎉", logprob: -3.0)]),
                .finish(choice: 0, reason: "length"),
                .done,
            ])
    }

    @Test func chatWithLogprobsUsageAndEventFields() throws {
        typealias Alt = TokenLogprob.Alternative
        var parser = SSEParser()
        let sse = parser.feed(try H.fixture("chat-logprobs-usage")) + parser.finish()
        #expect(sse.map(\.id) == ["1", "2", "3", "4", "4", "4"])
        #expect(sse.map(\.retry) == [nil, nil, nil, nil, nil, nil], "retry came in a block without data")
        #expect(
            H.decode(sse) == [
                .delta(
                    choice: 0, text: "héllo",
                    logprobs: [
                        TokenLogprob(
                            token: "héllo", logprob: -0.31,
                            topLogprobs: [Alt(token: "héllo", logprob: -0.31), Alt(token: "hello", logprob: -1.4)])
                    ]),
                .delta(
                    choice: 0, text: " 世界",
                    logprobs: [
                        TokenLogprob(
                            token: " 世界", logprob: -0.02,
                            topLogprobs: [Alt(token: " 世界", logprob: -0.02), Alt(token: " world", logprob: -3.9)])
                    ]),
                .delta(
                    choice: 0, text: " 🎉",
                    logprobs: [
                        TokenLogprob(
                            token: " 🎉", logprob: -2.5,
                            topLogprobs: [Alt(token: "!", logprob: -0.7), Alt(token: " 🎉", logprob: -2.5)])
                    ]),
                .finish(choice: 0, reason: "stop"),
                .usage(Usage(promptTokens: 5, completionTokens: 3, totalTokens: 8, reasoningTokens: 0)),
                .done,
            ])
    }

    @Test func chatCutOffAfterAnInStreamError() throws {
        var parser = SSEParser()
        let received = parser.feed(try H.fixture("chat-in-stream-error"))
        #expect(parser.hasPendingData, "the stream ends without the blank line after its last event")
        let events = H.decode(received + parser.finish())
        #expect(
            events == [
                .delta(choice: 0, text: "héllo", logprobs: nil),
                .error(ServerError(message: "malformed chunk: not json at all é", type: "malformed_chunk")),
                .delta(choice: 0, text: " 世界", logprobs: nil),
                .error(ServerError(message: "Upstream timed out — retry later", type: "server_error", code: "504")),
            ])
    }
}
