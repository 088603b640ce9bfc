import Testing

@testable import PromptDeckCore

/// The streaming hot path (events as bytes, straight from the parser) decodes exactly as the String path.
@Suite struct StreamingRawEventTests {
    static let streams: [[UInt8]] = [
        Array(
            """
            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" tok1"},"logprobs":null,"finish_reason":null}]}

            data: {"choices":[{"index":0,"delta":{"content":"东京 \\u00e9 \\"q\\""}}],"created":1700000000,"n":-12,"big":12345678901234567890}

            event: error
            data: {"error":{"message":"boom"}}

            data: {"choices":[{"index":1,"text":"x","finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2.0,"total_tokens":5}}

            data: {"choices":[{"delta":{"content":"cut"}}],"broken

            data: not json

            event: ping
            data: {"choices":[]}

            id: 7
            data: [DONE]


            """.utf8),
        Array("data: {\"choices\":[{\"delta\":{\"content\":\"bad \u{FF}".utf8) + [0xFF, 0xC3]
            + Array("\"}}]}\n\n".utf8),
        Array(
            "data: {\"choices\":[{\"delta\":{\"content\":\"ctl\u{1}\"}}]}\n\ndata: {\"a\":\"12345678\\\"90\"}\n\n".utf8),
    ]

    @Test(arguments: 0..<streams.count) func rawEventsDecodeAsStrings(stream: Int) {
        var stringParser = SSEParser()
        var stringDecoder = ChunkDecoder()
        var expected: [StreamEvent] = []
        for event in stringParser.feed(Self.streams[stream]) + stringParser.finish() {
            expected += stringDecoder.decode(event)
        }
        // Fed in two pieces, split mid-event, through the raw path.
        var parser = SSEParser()
        var decoder = ChunkDecoder()
        var events: [StreamEvent] = []
        let bytes = Self.streams[stream]
        let middle = bytes.count / 2
        bytes[..<middle].withUnsafeBytes { parser.feed($0) { decoder.decode($0, into: &events) } }
        bytes[middle...].withUnsafeBytes { parser.feed($0) { decoder.decode($0, into: &events) } }
        parser.finish { decoder.decode($0, into: &events) }
        #expect(events == expected)
        #expect(!events.isEmpty)
    }

    @Test func integersAndStringsOfEveryLength() {
        // Strings of 0...40 bytes put the quote at every position of the eight-byte scan.
        for length in 0...40 {
            let text = String(repeating: "a", count: length)
            var decoder = ChunkDecoder()
            let events = decoder.decode(
                SSEEvent(data: #"{"choices":[{"index":\#(length),"delta":{"content":"\#(text)z"}}]}"#))
            #expect(events == [.delta(choice: length, text: text + "z", logprobs: nil)])
        }
    }
}
