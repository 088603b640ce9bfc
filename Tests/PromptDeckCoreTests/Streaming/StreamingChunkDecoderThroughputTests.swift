import PromptDeckCore
import Testing

/// Prints how fast typical chat chunks decode; it checks the results, never the time.
/// Measure with `swift test -c release --filter ChunkDecoderThroughput`.
@Suite("ChunkDecoderThroughput")
struct StreamingChunkDecoderThroughputTests {
    static let chunkCount = 100_000

    static func chunk(_ i: Int) -> String {
        #"{"id":"chatcmpl-9pQx","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"word\#(i % 10) "},"finish_reason":null}]}"#
    }

    @Test func decodesTypicalChatChunks() {
        let events = (0..<Self.chunkCount).map { SSEEvent(data: Self.chunk($0)) }
        var decoder = ChunkDecoder()
        var characters = 0
        var deltas = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for event in events {
                for case .delta(_, let text, _) in decoder.decode(event) {
                    deltas += 1
                    characters += text.utf8.count
                }
            }
        }
        let bytes = events.reduce(0) { $0 + $1.data.utf8.count }
        print(
            "decoded \(Self.chunkCount) chunks (\(bytes / Self.chunkCount) bytes each) in \(Self.milliseconds(elapsed)) ms"
        )
        #expect(deltas == Self.chunkCount)
        #expect(characters == Self.chunkCount * 6)
    }

    @Test func parsesAndDecodesARawStream() {
        var stream: [UInt8] = []
        for i in 0..<Self.chunkCount { stream += Array("data: \(Self.chunk(i))\n\n".utf8) }
        stream += Array("data: [DONE]\n\n".utf8)
        var parser = SSEParser()
        var decoder = ChunkDecoder()
        var deltas = 0
        var done = false
        let feedSize = 16 * 1024  // what libcurl typically hands its write callback
        let elapsed = ContinuousClock().measure {
            stream.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let end = min(offset + feedSize, raw.count)
                    for event in parser.feed(UnsafeRawBufferPointer(rebasing: raw[offset..<end])) {
                        for decoded in decoder.decode(event) {
                            if case .delta = decoded { deltas += 1 }
                            if case .done = decoded { done = true }
                        }
                    }
                    offset = end
                }
            }
        }
        print(
            "parsed and decoded \(Self.chunkCount) events (\(stream.count / 1024) KiB) in \(Self.milliseconds(elapsed)) ms"
        )
        #expect(deltas == Self.chunkCount)
        #expect(done)
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let ms = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(Int(ms.rounded()))
    }
}
