import Foundation
import PromptDeckCore
import Testing

/// Helpers shared by the Streaming tests.
enum StreamingHelpers {
    /// Feeds `pieces` in order, then finishes the stream.
    static func parse(_ pieces: [[UInt8]], parser: SSEParser = SSEParser()) -> [SSEEvent] {
        var parser = parser
        var events: [SSEEvent] = []
        for piece in pieces { events += parser.feed(piece) }
        return events + parser.finish()
    }

    static func parse(_ text: String) -> [SSEEvent] { parse([Array(text.utf8)]) }

    static func decode(_ events: [SSEEvent]) -> [StreamEvent] {
        var decoder = ChunkDecoder()
        return events.flatMap { decoder.decode($0) }
    }

    static func decode(data: String, event: String = "message") -> [StreamEvent] {
        decode([SSEEvent(event: event, data: data)])
    }

    /// The bytes of a recorded stream under `Fixtures/streams/`.
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "sse", subdirectory: "Fixtures/streams"))
        return Array(try Data(contentsOf: url))
    }

    /// The text of each choice's deltas joined, by choice index.
    static func texts(_ events: [StreamEvent]) -> [Int: String] {
        var texts: [Int: String] = [:]
        for case .delta(let choice, let text, _) in events { texts[choice, default: ""] += text }
        return texts
    }
}
