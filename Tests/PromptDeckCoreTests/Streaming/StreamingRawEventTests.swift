import Foundation
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

    /// Chunk shapes around a text, the straight path's and others, and texts it may or may not take.
    static let shapes: [@Sendable (String) -> String] = [
        {
            #"{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":null}]}"#
        },
        {
            #"{"id":"c1","object":"chat.completion.chunk","choices":[{"index":1,"delta":{"content":"\#($0)"},"finish_reason":null}]}"#
        },
        // The first shape's prefix with another suffix: one that finishes, one of the same length that breaks.
        {
            #"{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":"stop"}]}"#
        },
        {
            #"{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":nul1}]}"#
        },
        { #"{"choices":[{"index":0,"text":"\#($0)","logprobs":null,"finish_reason":null}],"model":"m"}"# },
        { #"{"choices":[{"index":0,"text":"\#($0)","finish_reason":"stop"}]}"# },
        { #"{"choices":[{"index":0,"delta":{"content":"\#($0)","reasoning_content":"r"}}]}"# },
        { #"{"choices":[{"index":0,"delta":{"content":"\#($0)"}},{"index":1,"delta":{"content":"\#($0)"}}]}"# },
        { #"{"choices":[{"index":0,"delta":{"content":"\#($0)"}}],"usage":{"prompt_tokens":1}}"# },
        { #"{"choices":[{"index":0,"delta":{"content":"\#($0)"}}],"timings":{"predicted_n":3}}"# },
        { #"{"choices":[{"index":0,"delta":{"content":"x","content":"\#($0)"}}]}"# },
        { #"{"choices":[{"index":0,"delta":{"content":"\#($0)","content":null}}]}"# },
        { #"{"choices":[{"\#($0)":0,"delta":{"content":"index"}}]}"# },
        { #"{"status":"failure","body":{"choices":[{"delta":{"content":"\#($0)"}}]}}"# },
        { #"{"body":{"choices":[{"delta":{"content":"\#($0)"}}]}}"# },
        {
            #"{"choices":[{"index":0,"delta":{"content":"\#($0)"},"logprobs":{"content":[{"token":"a","logprob":-1}]}}]}"#
        },
        { #"  {"choices":[{"index":0,"delta":{"content":"\#($0)"}}]}"# + "\n" },
        { #"{"choices":[{"index":0,"delta":{"content":"\#($0)"}}],"error":{"message":"no"}}"# },
        { #"{"choices":[{"index":0,"delta":{"content":"\#($0)"}}]"# },
    ]
    static let texts = [
        "index", " tok", "a", "", "two words", "\\n", "\\\"q\\\"", "東京", "\\u00e9", "x\u{1}y", "12345678",
        "\"}]}", "status", "  ", "0123456789abcdef!",
    ]

    /// Chunks that share a shape take `ChunkDecoder.DeltaShape`'s straight path: mixed with chunks of other
    /// shapes and texts the full decoder must read (escapes, non-ASCII, a quote, a control character, none),
    /// every chunk decodes as a fresh decoder reads it alone through the String path.
    @Test func theStraightPathDecodesEveryChunkAsTheFullDecoder() {
        let (shapes, texts) = (Self.shapes, Self.texts)
        var generator = SplitMix(seed: 17)  // HistoryScaleBenchmark's
        var decoder = ChunkDecoder()
        for step in 0..<6000 {
            // Runs of one shape (so the straight path is taken), broken by others.
            let shape = step % 7 == 0 ? Int(generator.next() % UInt64(shapes.count)) : (step / 50) % 3
            let data = shapes[shape](texts[Int(generator.next() % UInt64(texts.count))])
            var fresh = ChunkDecoder()
            let expected = fresh.decode(SSEEvent(data: data))
            var events: [StreamEvent] = []
            var bytes = Array(data.utf8)
            bytes.withUnsafeMutableBytes { raw in
                decoder.decode(
                    SSERawEvent(event: nil, data: UnsafeRawBufferPointer(raw), id: nil, retry: nil), into: &events)
            }
            #expect(events == expected, "chunk \(step): \(data)")
            if events != expected { return }
        }
    }

    /// What `RunState` does per read: the straight path joins consecutive text deltas of one choice into
    /// `JoinedDeltas`, flushed in place among the other events. Read for read, the events are the full
    /// decoder's with those deltas joined, and the count of deltas the server sent is kept.
    @Test func joinedStraightDeltasAreTheFullDecodersJoinedAndCountedAsSent() {
        let (shapes, texts) = (Self.shapes, Self.texts)
        var generator = SplitMix(seed: 29)  // HistoryScaleBenchmark's
        var decoder = ChunkDecoder()
        var joined = JoinedDeltas()
        var joinedAny = false
        for read in 0..<600 {
            var expected: [StreamEvent] = []
            var events: [StreamEvent] = []
            for _ in 0..<(1 + Int(generator.next() % 40)) {
                let shape = generator.next() % 9 == 0 ? Int(generator.next() % UInt64(shapes.count)) : (read / 40) % 3
                let data = shapes[shape](texts[Int(generator.next() % UInt64(texts.count))])
                var fresh = ChunkDecoder()
                expected += fresh.decode(SSEEvent(data: data))
                var bytes = Array(data.utf8)
                bytes.withUnsafeMutableBytes { raw in
                    let event = SSERawEvent(event: nil, data: UnsafeRawBufferPointer(raw), id: nil, retry: nil)
                    decoder.decode(event, into: &events, joining: &joined)
                }
            }
            joined.flush(into: &events)
            #expect(Self.joiningTextDeltas(events) == Self.joiningTextDeltas(expected), "read \(read)")
            #expect(Self.textDeltas(events) + joined.joinedBeyondOne == Self.textDeltas(expected), "read \(read)")
            joinedAny = joinedAny || joined.joinedBeyondOne > 0
            joined.reset()
        }
        #expect(joinedAny, "the straight path joined deltas")
    }

    /// `JoinedDeltas` copies pieces into room it grows itself: texts of every size join whole, past its 64 KiB
    /// keep, again after a take, and a copy taken midway keeps its own text.
    @Test func joinedDeltasJoinEveryPieceWholeAndCopiesStayApart() {
        var joined = JoinedDeltas()
        for round in 0..<3 {
            var expected = ""
            var copy: JoinedDeltas?
            var copied = ""
            for size in [1, 5, 63, 64, 65, 1000, 70_000, 3] {
                let piece = String(repeating: Character(UnicodeScalar(UInt8(97 + (size + round) % 26))), count: size)
                joined.add(piece, choice: round)
                expected += piece
                if size == 1000 {
                    copy = joined
                    copied = expected
                }
            }
            joined.add("", choice: round)
            let taken = joined.take()
            #expect(taken?.choice == round)
            #expect(taken?.text == expected, "round \(round)")
            #expect(copy?.take()?.text == copied, "round \(round)")
            #expect(joined.take() == nil)
        }
    }

    static func joiningTextDeltas(_ events: [StreamEvent]) -> [StreamEvent] { FuzzEntries.joiningTextDeltas(events) }

    static func textDeltas(_ events: [StreamEvent]) -> Int { FuzzEntries.textDeltas(events) }

    /// The straight path takes a text only when its bytes are plain ASCII; the last bytes of a text are read
    /// as one padded word, or, when the bytes after the text may be read, as one word whose marks past the
    /// text are dropped. Every length to 24, with each byte value at each position, and after the text a
    /// quote, a control byte or a high byte (which must not count), answers as the byte-wise definition does.
    @Test func plainASCIIAnswersAsTheByteWiseDefinition() {
        Self.forEveryOneByteChange { bytes, change in
            let length = bytes.count
            let expected = bytes.allSatisfy(Self.plain)
            let answer = bytes.withUnsafeBufferPointer { ChunkDecoder.Scanner.isPlainASCII($0) }
            for after: UInt8 in [0x22, 0x00, 0xFF] {
                let followed = bytes + [UInt8](repeating: after, count: 8)
                let read = followed.withUnsafeBufferPointer {
                    ChunkDecoder.Scanner.isPlainASCII(
                        UnsafeBufferPointer(rebasing: $0[..<length]), readable: followed.count)
                }
                if read != expected {
                    Issue.record("followed by \(after): \(change)")
                    return false
                }
            }
            if answer != expected { Issue.record(Comment(rawValue: change)) }
            return answer == expected
        }
    }

    /// A byte of a JSON string's body that the straight path takes as it is.
    static func plain(_ byte: UInt8) -> Bool { byte != 0x22 && byte != 0x5C && byte >= 0x20 && byte < 0x80 }

    /// Calls `body` with every text of 0 to 24 plain bytes in which one byte was set to each value, with a
    /// description of the change, until it returns false.
    static func forEveryOneByteChange(_ body: (_ bytes: [UInt8], _ change: String) -> Bool) {
        for length in 0...24 {
            for position in 0..<max(length, 1) {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "t"), count: length)
                    if length > 0 { bytes[position] = UInt8(value) }
                    if !body(bytes, "length \(length), byte \(value) at \(position)") { return }
                }
            }
        }
    }

    /// How a chunk goes on the wire: mostly the common `data: ` + chunk + LF LF that the straight path takes
    /// off the wire whole, and every other framing the parser must read itself.
    static let framings: [@Sendable (String) -> String] = [
        { "data: \($0)\n\n" },
        { "data: \($0)\n\n" },
        { "data: \($0)\n\n" },
        { "data:\($0)\n\n" },
        { "data: \($0)\r\n\r\n" },
        { "data: \($0)\r\r" },
        { "data: \($0) \n\n" },
        { "data:  \($0)\n\n" },
        { "event: message\ndata: \($0)\n\n" },
        { "event: delta\ndata: \($0)\n\n" },
        { "id: 4\ndata: \($0)\n\n" },
        { "retry: 10\ndata: \($0)\n\n" },
        { ": keep-alive\ndata: \($0)\n\n" },
        { "data: \($0)\ndata: \($0)\n\n" },
        { "data: \($0)\n\r\n" },
        { "data: \($0)\n" },
        { "data: " + $0.replacingOccurrences(of: ",", with: ",\ndata: ") + "\n\n" },
        // The same lines without their `data:`: fields of no name the parser knows, which it ignores.
        { "data: " + $0.replacingOccurrences(of: ",", with: ",\n") + "\n\n" },
        { "data: \($0)" },
    ]

    /// The straight path on the wire (`SSEParser.feed(_:straight:each:)` with `ChunkDecoder.decodeStraight`, as
    /// `RunState` feeds a read): streams of the chunk shapes above in every framing, cut into pieces at random
    /// places, decode as the String path decodes the whole stream, with text deltas joined, and the count of
    /// deltas the server sent is kept. Most chunks are the common framing, so the straight path is taken.
    @Test func theStraightPathOnTheWireDecodesAsTheStringPath() {
        let (shapes, texts, framings) = (Self.shapes, Self.texts, Self.framings)
        var generator = SplitMix(seed: 41)  // HistoryScaleBenchmark's
        var straightTaken = 0
        for round in 0..<150 {
            var stream = ""
            for step in 0..<(1 + Int(generator.next() % 60)) {
                let shape = generator.next() % 8 == 0 ? Int(generator.next() % UInt64(shapes.count)) : round % 3
                let framing = generator.next() % 4 == 0 ? Int(generator.next() % UInt64(framings.count)) : 0
                let text = step % 5 == 4 ? Int(generator.next() % UInt64(texts.count)) : 1
                stream += framings[framing](shapes[shape](texts[text]))
            }
            let bytes = Array(stream.utf8)
            var stringParser = SSEParser()
            var stringDecoder = ChunkDecoder()
            var expected: [StreamEvent] = []
            for event in stringParser.feed(bytes) + stringParser.finish() { expected += stringDecoder.decode(event) }

            var parser = SSEParser(maximumLineLength: round % 10 == 9 ? 64 : SSEParser.defaultMaximumLineLength)
            if round % 10 == 9 {
                // With a short line limit, the String path too: over-long lines are dropped, not taken.
                stringParser = SSEParser(maximumLineLength: 64)
                stringDecoder = ChunkDecoder()
                expected = []
                for event in stringParser.feed(bytes) + stringParser.finish() {
                    expected += stringDecoder.decode(event)
                }
            }
            var decoder = ChunkDecoder()
            var events: [StreamEvent] = []
            var joinedBeyondOne = 0
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 1 + Int(generator.next() % 700))
                var joined = JoinedDeltas()
                bytes[start..<end].withUnsafeBytes { piece in
                    parser.feed(
                        piece,
                        straight: { wire in
                            let taken = decoder.decodeStraight(wire, into: &events, joining: &joined)
                            if taken > 0 { straightTaken += 1 }
                            return taken
                        }
                    ) { decoder.decode($0, into: &events, joining: &joined) }
                }
                joined.flush(into: &events)
                joinedBeyondOne += joined.joinedBeyondOne
                start = end
            }
            parser.finish { decoder.decode($0, into: &events) }
            #expect(Self.joiningTextDeltas(events) == Self.joiningTextDeltas(expected), "round \(round): \(stream)")
            #expect(Self.textDeltas(events) + joinedBeyondOne == Self.textDeltas(expected), "round \(round)")
        }
        #expect(straightTaken > 1000, "the straight path was taken \(straightTaken) times")
    }

    /// A shape learnt from a chunk sent as several `data:` lines holds line ends, so no one line may match
    /// it: here the next event's lines lack their `data:` (the parser ignores them as unknown fields) and read
    /// as a broken chunk, not as a delta. The same stream through `RunState`'s path and the String path.
    @Test func aShapeLearntFromSeveralLinesIsNeverMatchedOnTheWire() {
        let chunk = Self.shapes[0](" tok")
        let stream =
            "data: " + chunk.replacingOccurrences(of: ",", with: ",\ndata: ") + "\n\n" + "data: "
            + chunk.replacingOccurrences(of: ",", with: ",\n") + "\n\n" + "data: \(chunk)\n\n"
        var stringParser = SSEParser()
        var stringDecoder = ChunkDecoder()
        var expected: [StreamEvent] = []
        for event in stringParser.feed(Array(stream.utf8)) + stringParser.finish() {
            expected += stringDecoder.decode(event)
        }
        var parser = SSEParser()
        var decoder = ChunkDecoder()
        var events: [StreamEvent] = []
        var joined = JoinedDeltas()
        Array(stream.utf8).withUnsafeBytes { bytes in
            parser.feed(bytes, straight: { decoder.decodeStraight($0, into: &events, joining: &joined) }) {
                decoder.decode($0, into: &events, joining: &joined)
            }
        }
        joined.flush(into: &events)
        #expect(expected.count == 3)
        #expect(events == expected)
    }

    /// The first byte that ends a plain text, for every length to 24 and each byte value at each position
    /// from each start, as the byte-wise definition finds it.
    @Test func firstNonPlainASCIIFindsTheByteWiseFirst() {
        Self.forEveryOneByteChange { bytes, change in
            for start in [0, 1, 3] where start <= bytes.count {
                let expected = bytes[start...].firstIndex { !Self.plain($0) } ?? bytes.count
                let found = bytes.withUnsafeBytes { ChunkDecoder.Scanner.firstNonPlainASCII($0, from: start) }
                if found != expected {
                    Issue.record("\(change), from \(start): \(found)")
                    return false
                }
            }
            return true
        }
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
