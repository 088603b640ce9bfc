import PromptDeckCore
import Testing

@Suite("ChunkDecoder bodies and HTTP errors")
struct StreamingChunkDecoderBodyTests {
    private typealias Alt = TokenLogprob.Alternative

    private func body(_ text: String) -> [StreamEvent] { ChunkDecoder().decodeBody(Array(text.utf8)) }

    private static let chatCompletion = #"""
        {"id":"chatcmpl-1","object":"chat.completion","created":1718000000,"model":"gpt-4o-mini","provider":"openai",
         "choices":[
           {"index":0,"message":{"role":"assistant","content":"héllo 世界 🎉","refusal":null},
            "logprobs":{"content":[{"token":"héllo","logprob":-0.2,"bytes":[104],"top_logprobs":[{"token":"hello","logprob":-1.7},{"token":"héllo","logprob":-0.2}]}]},
            "finish_reason":"stop"},
           {"index":1,"message":{"role":"assistant","content":null,"tool_calls":[]},"logprobs":null,"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14}}
        """#

    private static let chatEvents: [StreamEvent] = [
        .delta(
            choice: 0, text: "héllo 世界 🎉",
            logprobs: [
                TokenLogprob(
                    token: "héllo", logprob: -0.2,
                    topLogprobs: [Alt(token: "héllo", logprob: -0.2), Alt(token: "hello", logprob: -1.7)])
            ]),
        .finish(choice: 0, reason: "stop"),
        .finish(choice: 1, reason: "tool_calls"),
        .usage(Usage(promptTokens: 10, completionTokens: 4, totalTokens: 14)),
        .done,
    ]

    @Test func chatCompletionBody() {
        #expect(body(Self.chatCompletion) == Self.chatEvents)
    }

    @Test func textCompletionBody() {
        let text =
            #"{"object":"text_completion","choices":[{"text":"one","index":0,"logprobs":null,"finish_reason":"length"},{"text":"two","index":1,"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#
        #expect(
            body(text) == [
                .delta(choice: 0, text: "one", logprobs: nil), .finish(choice: 0, reason: "length"),
                .delta(choice: 1, text: "two", logprobs: nil), .finish(choice: 1, reason: "stop"),
                .usage(Usage(promptTokens: 3, completionTokens: 2)), .done,
            ])
    }

    @Test func portkeyHostedPromptWrapperIsUnwrapped() {
        let wrapped = #"{"status":200,"headers":{"x-portkey-trace-id":"t-1"},"body":\#(Self.chatCompletion)}"#
        #expect(body(wrapped) == Self.chatEvents)
    }

    @Test func wrappedErrorBodyIsAnError() {
        let wrapped =
            #"{"status":"failure","headers":{},"body":{"error":{"message":"no such prompt","type":"not_found"}}}"#
        #expect(body(wrapped) == [.error(ServerError(message: "no such prompt", type: "not_found"))])
    }

    @Test(arguments: [
        (
            #"{"error":{"message":"Invalid model","type":"invalid_request_error","code":"model_not_found"}}"#,
            ServerError(message: "Invalid model", type: "invalid_request_error", code: "model_not_found")
        ),
        (#"{"status":"failure","message":"Invalid prompt ID"}"#, ServerError(message: "Invalid prompt ID")),
        ("", ServerError(message: "empty response body", type: "empty_body")),
        ("  \n", ServerError(message: "empty response body", type: "empty_body")),
        (
            "<html><head><title>502 Bad Gateway</title></head></html>",
            ServerError(message: "response is not JSON: 502 Bad Gateway", type: "malformed_body")
        ),
        (
            #"{"object":"list","data":[]}"#,
            ServerError(message: #"response has no choices: {"object":"list","data":[]}"#, type: "unexpected_body")
        ),
    ])
    func bodiesThatAreNotCompletions(_ text: String, _ expected: ServerError) {
        #expect(body(text) == [.error(expected)])
    }

    // MARK: - HTTP errors

    @Test(arguments: [
        (
            #"{"error":{"message":"Incorrect API key provided: sk-abc***","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#,
            "application/json",
            ServerError(
                message: "Incorrect API key provided: sk-abc***", type: "invalid_request_error", code: "invalid_api_key"
            )
        ),
        (
            #"{"error":{"message":"Too many requests","type":"rate_limit","code":429}}"#, "application/json",
            ServerError(message: "Too many requests", type: "rate_limit", code: "429")
        ),
        (#"{"error":"Not authorized"}"#, nil, ServerError(message: "Not authorized")),
        (
            #"{"status":"failure","message":"Either x-portkey-config or x-portkey-provider header is required"}"#,
            "application/json", ServerError(message: "Either x-portkey-config or x-portkey-provider header is required")
        ),
        (#"{"message":"Forbidden"}"#, nil, ServerError(message: "Forbidden")),
        (#"{"detail":"Not Found"}"#, nil, ServerError(message: "Not Found")),
        (#"{"error":{"code":"overloaded"}}"#, nil, ServerError(message: #"{"code":"overloaded"}"#, code: "overloaded")),
        ("", "application/json", ServerError(message: "empty response body")),
        (" \r\n", nil, ServerError(message: "empty response body")),
        (
            "<!DOCTYPE html>\n<html><head><TITLE>\n  503 Service &amp; Temporarily\n Unavailable </TITLE></head><body><script>alert(1)</script></body></html>",
            "text/html; charset=utf-8", ServerError(message: "503 Service & Temporarily Unavailable")
        ),
        ("<html><body><h1>Gateway Timeout</h1></body></html>", nil, ServerError(message: "HTML error page")),
        ("<h1>upstream</h1>", "TEXT/HTML", ServerError(message: "HTML error page")),
        ("Bad Gateway\n", "text/plain", ServerError(message: "Bad Gateway")),
        ("[1, 2]", "application/json", ServerError(message: "[1, 2]")),
        (#""Unauthorized""#, "application/json", ServerError(message: "Unauthorized")),
        (
            #"{"error":{"message":"quota exceeded","type":"insufficient_quota"}}"#, "text/html",
            ServerError(message: "quota exceeded", type: "insufficient_quota")
        ),
    ])
    func httpErrorShapes(_ text: String, _ contentType: String?, _ expected: ServerError) {
        #expect(ChunkDecoder.decodeHTTPError(status: 500, body: Array(text.utf8), contentType: contentType) == expected)
    }

    // Not a parameterised case: Swift Testing would print the escape sequences raw to the terminal.
    @Test func controlCharactersInAnErrorBodyAreShownNotObeyed() {
        let text = "error:\u{1B}[2J\u{1B}[H cleared\r\ttab\u{7F}\u{9B}31m\nline \u{202E}two"
        let error = ChunkDecoder.decodeHTTPError(status: 500, body: Array(text.utf8), contentType: nil)
        #expect(error.message == "error:␛[2J␛[H cleared␍\ttab␡<U+009B>31m\nline <U+202E>two")
    }

    @Test func longPlainTextErrorIsCutAt200Characters() {
        let text = String(repeating: "é", count: 250)
        let error = ChunkDecoder.decodeHTTPError(status: 500, body: Array(text.utf8), contentType: nil)
        #expect(error.message == String(repeating: "é", count: 200) + "…")
    }

    @Test func invalidUTF8InAnErrorBodyIsReplaced() {
        let error = ChunkDecoder.decodeHTTPError(status: 500, body: Array("bad ".utf8) + [0xFF], contentType: nil)
        #expect(error.message == "bad \u{FFFD}")
    }
}
