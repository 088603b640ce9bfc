#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ChunkDecoder {
    /// The straight path for the common chunk: a server streams chunks that differ only in their text
    /// (`{"id":"…","choices":[{"index":0,"delta":{"content":"` + text + `"},"finish_reason":null}]}`).
    ///
    /// A shape is learnt from a chunk that the full decoder read as exactly one `.delta` without logprobs,
    /// whose text was a JSON string without escapes: the bytes before that string's body and after it. A
    /// later chunk with the same bytes before and after, and between them a non-empty run of plain ASCII (no
    /// quote, backslash or control character, so it reads as the same string token with no escapes),
    /// decodes to the same single `.delta` with the new text: the decoder's path through the chunk depends
    /// on the text only through its being non-empty. Anything else (another shape, escapes, non-ASCII text,
    /// a finish, usage) goes to the full decoder and may teach a new shape.
    struct DeltaShape: Sendable {
        private let prefix: [UInt8]
        private let suffix: [UInt8]
        private let choice: Int

        /// The shape of `chunk` (whitespace trimmed), or nil when its events are not one plain `.delta`.
        init?(of chunk: UnsafeBufferPointer<UInt8>, _ summary: Summary?, _ events: ArraySlice<StreamEvent>) {
            guard let text = summary?.deltaText, summary?.timings == nil, events.count == 1,
                case .delta(let choice, _, nil)? = events.first, text.lowerBound > 0, text.upperBound < chunk.count
            else { return nil }
            prefix = Array(chunk[..<text.lowerBound])
            suffix = Array(chunk[text.upperBound...])
            self.choice = choice
        }

        /// The `.delta` of `chunk` (whitespace trimmed) when it has this shape; nil otherwise.
        func delta(in chunk: UnsafeBufferPointer<UInt8>) -> StreamEvent? {
            let textCount = chunk.count - prefix.count - suffix.count
            guard textCount > 0, let base = chunk.baseAddress, Self.bytes(prefix, areAt: base),
                Self.bytes(suffix, areAt: base + prefix.count + textCount)
            else { return nil }
            let text = UnsafeBufferPointer(start: base + prefix.count, count: textCount)
            guard Scanner.isPlainASCII(text) else { return nil }
            return .delta(choice: choice, text: String(decoding: text, as: UTF8.self), logprobs: nil)
        }

        private static func bytes(_ expected: [UInt8], areAt start: UnsafePointer<UInt8>) -> Bool {
            expected.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return true }
                return memcmp(start, base, buffer.count) == 0
            }
        }
    }
}
