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
        /// `data: ` and `prefix`: how a chunk of this shape opens on the wire. Empty when the prefix or the
        /// suffix holds a line end (a chunk sent as several `data:` lines), which no one line can match.
        private let wirePrefix: [UInt8]

        /// The shape of `chunk` (whitespace trimmed), or nil when its events are not one plain `.delta`.
        init?(of chunk: UnsafeBufferPointer<UInt8>, _ summary: Summary?, _ events: ArraySlice<StreamEvent>) {
            guard let text = summary?.deltaText, summary?.timings == nil, events.count == 1,
                case .delta(let choice, _, nil)? = events.first, text.lowerBound > 0, text.upperBound < chunk.count
            else { return nil }
            prefix = Array(chunk[..<text.lowerBound])
            suffix = Array(chunk[text.upperBound...])
            self.choice = choice
            let oneLine = !prefix.contains { $0 == 0x0A || $0 == 0x0D } && !suffix.contains { $0 == 0x0A || $0 == 0x0D }
            wirePrefix = oneLine ? Array("data: ".utf8) + prefix : []
        }

        /// The same match one step earlier, on the wire: when `bytes` open with `data: `, a chunk of this shape
        /// and the LF LF that ends its event, the choice, the text bytes and the length of all that; nil
        /// otherwise. Such a line is one event whose data is the chunk (no line end can hide in the prefix,
        /// the plain text or the suffix), so the parser and `delta(in:)` would have read the same delta.
        func event(at bytes: UnsafeRawBufferPointer) -> (choice: Int, text: UnsafeBufferPointer<UInt8>, length: Int)? {
            guard !wirePrefix.isEmpty, bytes.count > wirePrefix.count + suffix.count + 2,
                let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Self.bytes(wirePrefix, areAt: base)
            else { return nil }
            // The text ends at its first byte that is not plain ASCII: the suffix opens with the closing quote.
            let end = Scanner.firstNonPlainASCII(bytes, from: wirePrefix.count)
            let length = end + suffix.count + 2
            guard end > wirePrefix.count, length <= bytes.count, Self.bytes(suffix, areAt: base + end),
                base[length - 2] == 0x0A, base[length - 1] == 0x0A
            else { return nil }
            return (choice, UnsafeBufferPointer(start: base + wirePrefix.count, count: end - wirePrefix.count), length)
        }

        /// The choice and text bytes of `chunk`'s one `.delta` (whitespace trimmed) when it has this shape
        /// (the text is plain ASCII, so its bytes are the text); nil otherwise.
        func delta(in chunk: UnsafeBufferPointer<UInt8>) -> (choice: Int, text: UnsafeBufferPointer<UInt8>)? {
            let textCount = chunk.count - prefix.count - suffix.count
            guard textCount > 0, let base = chunk.baseAddress, Self.bytes(prefix, areAt: base),
                Self.bytes(suffix, areAt: base + prefix.count + textCount)
            else { return nil }
            let text = UnsafeBufferPointer(start: base + prefix.count, count: textCount)
            guard Scanner.isPlainASCII(text, readable: textCount + suffix.count) else { return nil }
            return (choice, text)
        }

        private static func bytes(_ expected: [UInt8], areAt start: UnsafePointer<UInt8>) -> Bool {
            expected.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return true }
                return memcmp(start, base, buffer.count) == 0
            }
        }
    }
}

/// Consecutive text deltas of one choice, joined as bytes (cheaper per piece than growing a String). The
/// straight path joins into one, so a stream's common chunk becomes no String, no event and no array element
/// of its own (`flush` turns them into one `.delta`, in their place among the other events); `RunState`
/// joins a read's remaining deltas with another.
public struct JoinedDeltas: Sendable {
    private(set) var choice = -1
    /// The joined bytes are `bytes[..<used]`; the rest is room. A piece is copied in with one `memcpy`:
    /// Array's generic `append(contentsOf:)` cost ~85 instructions for a five-byte token.
    private var bytes: [UInt8] = []
    private var used = 0
    private var pieces = 0
    /// Deltas the taken texts stand for beyond one each: what a count of the server's deltas adds.
    public private(set) var joinedBeyondOne = 0

    public init() {}

    /// Starts counting again for the next read; the bytes' storage is kept.
    public mutating func reset() {
        precondition(pieces == 0, "flush before reset")
        joinedBeyondOne = 0
    }

    mutating func add(_ text: UnsafeBufferPointer<UInt8>, choice: Int) {
        self.choice = choice
        if used + text.count > bytes.count {
            bytes.append(contentsOf: repeatElement(0, count: max(text.count, bytes.count, 64)))
        }
        if let source = text.baseAddress {
            let at = used
            bytes.withUnsafeMutableBufferPointer { room in
                if let base = room.baseAddress { memcpy(base + at, source, text.count) }
            }
        }
        used += text.count
        pieces += 1
    }

    mutating func add(_ text: String, choice: Int) {
        var text = text
        text.withUTF8 { add($0, choice: choice) }
    }

    /// The joined text and its choice, emptied; nil when nothing is joined.
    mutating func take() -> (choice: Int, text: String)? {
        guard pieces > 0 else { return nil }
        let taken = (choice, String(decoding: bytes[..<used], as: UTF8.self))
        joinedBeyondOne += pieces - 1
        pieces = 0
        choice = -1
        used = 0
        if bytes.count > 1 << 16 { bytes = [] }
        return taken
    }

    /// The joined text as one `.delta` appended to `events`; nothing when nothing is joined.
    public mutating func flush(into events: inout [StreamEvent]) {
        guard let (choice, text) = take() else { return }
        events.append(.delta(choice: choice, text: text, logprobs: nil))
    }
}
