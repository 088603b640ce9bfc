import Testing

@testable import PromptDeckCore

@Suite("Echo provider")
struct EchoAnswerTests {
    @Test("words keep their spacing so the echo reproduces the text")
    func words() {
        #expect(EchoAnswer.words(in: "Hello  big\nworld") == ["Hello  ", "big\n", "world"])
        #expect(EchoAnswer.words(in: "") == [])
    }

    @Test("max_tokens cuts with finish reason length; stop cuts before the stop sequence")
    func limits() {
        let words = EchoAnswer.words(in: "one two three four END five")
        #expect(EchoAnswer.cut(words, limit: 2, stops: []) == (["one ", "two "], "length"))
        #expect(EchoAnswer.cut(words, limit: 100, stops: ["END"]) == (["one ", "two ", "three ", "four "], "stop"))
        #expect(EchoAnswer.cut(words, limit: 100, stops: ["ree"]) == (["one ", "two ", "th"], "stop"))
        #expect(EchoAnswer.cut(words, limit: 100, stops: []).1 == "stop")
    }

    @Test("a streamed chat answer interleaves n choices, then finishes with usage and [DONE]")
    func chunks() throws {
        let request: JSONValue = [
            "model": "echo", "stream": true, "n": 2, "max_tokens": 2,
            "messages": [["role": "system", "content": "sys words"], ["role": "user", "content": "hi there you"]],
        ]
        let answer = EchoAnswer(request: request, isChat: true)
        let chunks = answer.chunks()
        #expect(chunks.count == 4)
        #expect(chunks.last == "data: [DONE]\n\n")
        let first = try JSONValue.parse(String(chunks[0].dropFirst(6)))
        #expect(first["choices"]?.arrayValue?.count == 2)
        #expect(first["choices"]?.arrayValue?[1]["delta"]?["content"] == "hi ")
        let final = try JSONValue.parse(String(chunks[2].dropFirst(6)))
        #expect(final["choices"]?.arrayValue?[0]["finish_reason"] == "length")
        #expect(final["usage"] == ["prompt_tokens": 5, "completion_tokens": 4, "total_tokens": 9])
        #expect(final["system_fingerprint"] == "promptdeck-echo")
    }

    @Test("a whole completion body echoes the prompt")
    func body() throws {
        let answer = EchoAnswer(request: ["prompt": "a b c", "max_tokens": 16], isChat: false)
        let body = try JSONValue.parse(answer.wholeBody())
        #expect(body["object"] == "text_completion")
        #expect(body["choices"]?.arrayValue?.first?["text"] == "a b c")
    }
}
