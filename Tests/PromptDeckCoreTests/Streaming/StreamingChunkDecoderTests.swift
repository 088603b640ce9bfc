import PromptDeckCore
import Testing

@Suite("ChunkDecoder chunks")
struct StreamingChunkDecoderTests {
    private typealias H = StreamingHelpers
    private typealias Alt = TokenLogprob.Alternative

    @Test(arguments: ["[DONE]", " [DONE] "])
    func doneMarker(_ data: String) {
        #expect(H.decode(data: data) == [.done])
    }

    @Test func textChunkGivesDeltaThenFinish() {
        let data =
            #"{"object":"text_completion","choices":[{"text":"Hi\n\"there\" \u00e9\ud83c\udf89","index":0,"logprobs":null,"finish_reason":null}]}"#
        #expect(H.decode(data: data) == [.delta(choice: 0, text: "Hi\n\"there\" é🎉", logprobs: nil)])
        let last =
            #"{"object":"text_completion","choices":[{"text":"!","index":0,"logprobs":null,"finish_reason":"stop"}]}"#
        #expect(
            H.decode(data: last) == [.delta(choice: 0, text: "!", logprobs: nil), .finish(choice: 0, reason: "stop")])
    }

    @Test(arguments: [
        #"{"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}"#,
        #"{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
        #"{"choices":[{"index":0,"delta":{},"finish_reason":null}]}"#,
        // A tool-call piece is not text, but it is a `.toolCallDelta` (StreamingToolCallTests): none here.
        #"{"choices":[{"index":0,"delta":{"content":null,"tool_calls":null},"finish_reason":null}]}"#,
        #"{"choices":[]}"#,
        #"{}"#,
    ])
    func chunksWithNoTextEmitNothing(_ data: String) {
        #expect(H.decode(data: data) == [])
    }

    @Test func chatChunkWithSeveralChoicesKeepsTheirIndexes() {
        let data =
            #"{"object":"chat.completion.chunk","choices":[{"index":1,"delta":{"content":"B"},"finish_reason":null},{"index":0,"delta":{"content":"A"},"finish_reason":"stop"}]}"#
        #expect(
            H.decode(data: data) == [
                .delta(choice: 1, text: "B", logprobs: nil), .delta(choice: 0, text: "A", logprobs: nil),
                .finish(choice: 0, reason: "stop"),
            ])
    }

    @Test func choiceWithoutIndexUsesItsPosition() {
        let data = #"{"choices":[{"delta":{"content":"a"}},{"delta":{"content":"b"}}]}"#
        #expect(
            H.decode(data: data) == [
                .delta(choice: 0, text: "a", logprobs: nil), .delta(choice: 1, text: "b", logprobs: nil),
            ])
    }

    @Test func usageOnAnyChunkComesAfterItsChoices() {
        let data =
            #"{"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9,"prompt_tokens_details":{"cached_tokens":0}},"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"length"}]}"#
        #expect(
            H.decode(data: data) == [
                .delta(choice: 0, text: "x", logprobs: nil), .finish(choice: 0, reason: "length"),
                .usage(Usage(promptTokens: 7, completionTokens: 2, totalTokens: 9)),
            ])
        #expect(H.decode(data: #"{"choices":[],"usage":null}"#) == [])
    }

    @Test func unknownFieldsAnywhereAreIgnored() {
        let data = #"""
            {"id":"x","provider":"openai","weird":[1,-2.5e3,true,false,null,{"a":[{}]},"\u2603"],
             "choices":[{"index":0,"delta":{"content":"ok","refusal":null,"extra":{"n":[1]}},"finish_reason":null,
             "content_filter_results":{"hate":{"filtered":false}}}],"created":1718000000}
            """#
        #expect(H.decode(data: data) == [.delta(choice: 0, text: "ok", logprobs: nil)])
    }

    @Test func garbageChunkIsReportedAndTheNextGoodChunkStillDecodes() {
        let events = H.decode([
            SSEEvent(data: "<html>oops"),
            SSEEvent(data: #"{"choices":[{"index":0,"delta":{"content":"still here"}}]}"#),
        ])
        #expect(
            events == [
                .error(ServerError(message: "malformed chunk: <html>oops", type: "malformed_chunk")),
                .delta(choice: 0, text: "still here", logprobs: nil),
            ])
    }

    @Test(arguments: [
        #"{"choices":[{"index":0,"delta":{"content":"cut"}"#,
        #"{"choices":[{"index":0,"delta":{"content":"a"}}]} trailing"#,
        #"{"choices":[{"index":0,"delta":{"content":"a",}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"bad \x"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"ok"},"x":"\u12G4"}]}"#,
        "42",
    ])
    func brokenJSONIsOneMalformedErrorWithNoPartialDelta(_ data: String) {
        #expect(
            H.decode(data: data) == [.error(ServerError(message: "malformed chunk: \(data)", type: "malformed_chunk"))])
    }

    @Test func malformedChunkMessageIsCutAndMadeSafe() {
        let data = "\u{1B}[31mred\u{7}" + String(repeating: "z", count: 300)
        let expected = "malformed chunk: ␛[31mred␇" + String(repeating: "z", count: 191) + "…"
        #expect(H.decode(data: data) == [.error(ServerError(message: expected, type: "malformed_chunk"))])
    }

    @Test func nonMessageEventsWithPlainTextAreIgnored() {
        #expect(H.decode(data: "keep-alive", event: "ping") == [])
        #expect(
            H.decode(data: #"{"choices":[{"index":0,"text":"t"}]}"#, event: "completion") == [
                .delta(choice: 0, text: "t", logprobs: nil)
            ])
    }

    // MARK: - Logprobs

    @Test func chatLogprobsAttachToTheDeltaSortedMostLikelyFirst() {
        let data =
            #"{"choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":{"content":[{"token":"Hi","logprob":-0.5,"bytes":[72,105],"top_logprobs":[{"token":"Hey","logprob":-1.5,"bytes":null},{"token":"Hi","logprob":-0.5,"bytes":[72,105]},{"token":"Hello","logprob":-0.9}]}],"refusal":null},"finish_reason":null}]}"#
        let expected = TokenLogprob(
            token: "Hi", logprob: -0.5,
            topLogprobs: [
                Alt(token: "Hi", logprob: -0.5), Alt(token: "Hello", logprob: -0.9), Alt(token: "Hey", logprob: -1.5),
            ])
        #expect(H.decode(data: data) == [.delta(choice: 0, text: "Hi", logprobs: [expected])])
    }

    @Test func logprobsWithEmptyTextStillReachTheUser() {
        let data =
            #"{"choices":[{"index":2,"delta":{"content":""},"logprobs":{"content":[{"token":"\ud83c","logprob":-0.1,"bytes":[240,159],"top_logprobs":[]}]}}]}"#
        #expect(
            H.decode(data: data) == [
                .delta(choice: 2, text: "", logprobs: [TokenLogprob(token: "\u{FFFD}", logprob: -0.1)])
            ])
    }

    @Test func textLogprobsWithSeveralTokensNullsAndTies() {
        let data =
            #"{"object":"text_completion","choices":[{"text":"A b","index":0,"finish_reason":null,"logprobs":{"tokens":["A"," b"],"token_logprobs":[null,-1.25],"top_logprobs":[null,{" c":-2,"  b":-1.25," b":-1.25}],"text_offset":[0,1]}}]}"#
        #expect(
            H.decode(data: data) == [
                .delta(
                    choice: 0, text: "A b",
                    logprobs: [
                        TokenLogprob(token: "A", logprob: -.infinity),
                        TokenLogprob(
                            token: " b", logprob: -1.25,
                            topLogprobs: [
                                Alt(token: "  b", logprob: -1.25), Alt(token: " b", logprob: -1.25),
                                Alt(token: " c", logprob: -2),
                            ]),
                    ])
            ])
    }

    // MARK: - Errors in the stream

    @Test(arguments: [
        (
            #"{"error":{"message":"Rate limit reached","type":"rate_limit_error","code":429}}"#,
            ServerError(message: "Rate limit reached", type: "rate_limit_error", code: "429")
        ),
        (
            #"{"error":{"message":"Bad key","type":"invalid_request_error","code":"invalid_api_key","param":null}}"#,
            ServerError(message: "Bad key", type: "invalid_request_error", code: "invalid_api_key")
        ),
        (#"{"error":"model overloaded"}"#, ServerError(message: "model overloaded")),
        (#"{"status":"failure","message":"All providers failed"}"#, ServerError(message: "All providers failed")),
        (#"{"message":"Internal server error"}"#, ServerError(message: "Internal server error")),
        (
            #"{"error":{"message":"\u001b]52;c;evil\u0007 \u0085x","type":null}}"#,
            ServerError(message: "␛]52;c;evil␇ <U+0085>x")
        ),
    ])
    func inStreamErrorChunk(_ data: String, _ expected: ServerError) {
        #expect(H.decode(data: data) == [.error(expected)])
    }

    @Test func errorNullIsNotAnError() {
        #expect(
            H.decode(data: #"{"error":null,"choices":[{"index":0,"delta":{"content":"fine"}}]}"#) == [
                .delta(choice: 0, text: "fine", logprobs: nil)
            ])
    }

    @Test(arguments: [
        (
            #"{"error":{"message":"context length exceeded","type":"invalid_request_error","code":null}}"#,
            ServerError(message: "context length exceeded", type: "invalid_request_error")
        ),
        ("upstream connection reset\n", ServerError(message: "upstream connection reset")),
        ("", ServerError(message: "the server reported an error without details")),
        (#"{"unexpected":true}"#, ServerError(message: #"{"unexpected":true}"#)),
    ])
    func errorEvent(_ data: String, _ expected: ServerError) {
        #expect(H.decode(data: data, event: "error") == [.error(expected)])
    }

    @Test func finishReasonErrorExplainsAndClosesTheChoice() {
        let data = #"{"choices":[{"index":0,"delta":{"content":"par"},"finish_reason":"error"}]}"#
        #expect(
            H.decode(data: data) == [
                .delta(choice: 0, text: "par", logprobs: nil),
                .error(
                    ServerError(
                        message: #"the provider stopped generating with an error (finish_reason "error", choice 0)"#,
                        type: "finish_reason_error")),
                .finish(choice: 0, reason: "error"),
            ])
    }
}
