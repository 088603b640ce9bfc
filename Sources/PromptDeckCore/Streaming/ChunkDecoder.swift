/// Turns server-sent events and whole response bodies of OpenAI-compatible APIs into `StreamEvent`s.
///
/// - A choice's text and its logprobs arrive together as one `.delta`; a chunk that carries logprobs but no
///   text still yields a `.delta` with text "" so no logprob is lost. Empty deltas are never emitted.
/// - Events within a chunk come in this order: per choice (array order) its `.reasoning`, its `.delta`, its
///   `.toolCallDelta`s and its `.finish`, then `.usage`, then `.error`.
/// - Reasoning is read from `reasoning_content` and from `reasoning`; tool calls from `tool_calls` of a
///   `delta` (pieces by `index`) or a whole `message` (one piece per call).
/// - `finish_reason: "error"` yields `.error` (type `finish_reason_error`) followed by `.finish` with reason
///   "error", so the choice is both explained and closed.
/// - Events named "message" or "error" are decoded; other event names are decoded too when their data is
///   JSON, and ignored when it is not (keep-alive pings).
/// - Server-provided error text is made safe for a terminal: see `displaySafe(_:limit:)`.
public struct ChunkDecoder: Sendable {
    /// llama.cpp's `timings` from the latest chunk that carried them (its last one, in practice).
    public private(set) var timings: ServerTimings?
    /// The shape of the stream's latest plain text chunk, for `decode(_:into:)`'s straight path.
    private var shape: DeltaShape?

    /// Creates a decoder for one stream.
    public init() {}

    /// Decodes one server-sent event. `mutating` so per-stream state can be added without an API change.
    public mutating func decode(_ event: SSEEvent) -> [StreamEvent] {
        if let special = Self.special(event.event, data: { event.data }) { return [special] }
        var events: [StreamEvent] = []
        var data = event.data
        _ = data.withUTF8 { decodeChunk($0, isMessage: event.event == "message", into: &events) }
        return events
    }

    /// Decodes one event straight from the parser's bytes, appending to `events` (the streaming hot path:
    /// no String is made for the event's data). The same events as `decode(raw.decoded)`.
    public mutating func decode(_ raw: SSERawEvent, into events: inout [StreamEvent]) {
        var joined = JoinedDeltas()
        decode(raw, into: &events, joining: &joined)
        joined.flush(into: &events)
    }

    /// As `decode(_:into:)`, but a chunk the straight path reads adds its text to `joined` (joined with the
    /// deltas before it, when they are of the same choice) instead of a `.delta` to `events`. Before any
    /// other event is appended, `joined` is flushed into `events`, so the order is kept; flush it after the
    /// last event too. `events` then reads as the deltas joined: RunState joins a read's deltas anyway.
    public mutating func decode(
        _ raw: SSERawEvent, into events: inout [StreamEvent], joining joined: inout JoinedDeltas
    ) {
        // Most events have no `event:` line: no name to compare.
        let isMessage = raw.event.map { $0 == "message" } ?? true
        let bytes = raw.data.assumingMemoryBound(to: UInt8.self)
        let trimmed = Self.trimmingWhitespace(bytes)
        if isMessage, let shape, let delta = shape.delta(in: trimmed) {
            if delta.choice != joined.choice { joined.flush(into: &events) }
            joined.add(delta.text, choice: delta.choice)
            return
        }
        joined.flush(into: &events)
        if !isMessage, let name = raw.event, let special = Self.special(name, data: { raw.decoded.data }) {
            events.append(special)
        } else if Scanner.isASCII(bytes) {
            let start = events.count
            let summary = decodeChunk(trimmed, isMessage: isMessage, into: &events)
            if isMessage, let learned = DeltaShape(of: trimmed, summary, events[start...]) { shape = learned }
        } else {
            // Invalid UTF-8 becomes U+FFFD before decoding, as `SSEEvent.data` has it.
            var text = String(decoding: bytes, as: UTF8.self)
            _ = text.withUTF8 { decodeChunk($0, isMessage: isMessage, into: &events) }
        }
    }

    /// The straight path on the wire, for `SSEParser.feed(_:straight:each:)`: when `bytes` open with an event
    /// `data: ` + a chunk of the learnt shape + LF LF, its text is added to `joined` (as `decode(_:into:joining:)`
    /// would have added it) and its length returned; 0 otherwise, leaving the bytes to the parser. It skips
    /// the line search, the event and the trimming: about a quarter of a common chunk's cost.
    /// (`mutating` only so that the decoder is read in place, not copied, on every line.)
    public mutating func decodeStraight(
        _ bytes: UnsafeRawBufferPointer, into events: inout [StreamEvent], joining joined: inout JoinedDeltas
    ) -> Int {
        guard let event = shape?.event(at: bytes) else { return 0 }
        if event.choice != joined.choice { joined.flush(into: &events) }
        joined.add(event.text, choice: event.choice)
        return event.length
    }

    /// The event an `error` or overflow event stands for; nil for an ordinary event.
    private static func special(_ name: String, data: () -> String) -> StreamEvent? {
        switch name {
        case "error": return .error(errorEvent(data()))
        case SSEParser.overflowEventName: return .error(ServerError(message: data(), type: "stream_overflow"))
        default: return nil
        }
    }

    /// Decodes one chunk, appending its events; returns what `decodeObject` saw, nil for a chunk that is not
    /// an object (`[DONE]`, a broken one).
    @discardableResult
    private mutating func decodeChunk(
        _ bytes: UnsafeBufferPointer<UInt8>, isMessage: Bool, into events: inout [StreamEvent]
    ) -> Summary? {
        let trimmed = Self.trimmingWhitespace(bytes)
        if trimmed.isEmpty { return nil }
        if Scanner.key(trimmed, is: "[DONE]") {
            events.append(.done)
            return nil
        }
        let start = events.count
        do {
            let summary = try Self.decodeObject(trimmed, into: &events, depth: 0)
            if let timings = summary.timings { self.timings = timings }
            return summary
        } catch {
            // A broken chunk yields none of the events read before the break.
            events.removeSubrange(start...)
            guard isMessage else { return nil }
            let text = Self.displaySafe(String(decoding: trimmed, as: UTF8.self), limit: 200)
            events.append(.error(ServerError(message: "malformed chunk: \(text)", type: "malformed_chunk")))
            return nil
        }
    }

    /// Decodes a whole non-streamed response body (or Portkey's `{status, headers, body}` wrapper around one).
    ///
    /// A completion yields its deltas, finishes and usage, then `.done`; an error body yields only `.error`.
    public func decodeBody(_ body: [UInt8]) -> [StreamEvent] {
        var timings: ServerTimings?
        return decodeBody(body, timings: &timings)
    }

    /// `decodeBody(_:)`, also giving llama.cpp's `timings` when the body carries them.
    public func decodeBody(_ body: [UInt8], timings: inout ServerTimings?) -> [StreamEvent] {
        var found: ServerTimings?
        defer { timings = found ?? timings }
        return body.withUnsafeBufferPointer { buffer in
            let trimmed = Self.trimmingWhitespace(buffer)
            if trimmed.isEmpty {
                return [.error(ServerError(message: "empty response body", type: "empty_body"))]
            }
            var events: [StreamEvent] = []
            let summary: Summary
            do {
                summary = try Self.decodeObject(trimmed, into: &events, depth: 0)
                found = summary.timings
            } catch {
                let reason = Self.decodeHTTPError(status: 200, body: Array(trimmed), contentType: nil)
                return [.error(ServerError(message: "response is not JSON: \(reason.message)", type: "malformed_body"))]
            }
            if summary.sawError { return events }
            if !summary.sawChoices {
                let text = Self.displaySafe(String(decoding: trimmed, as: UTF8.self), limit: 200)
                return [.error(ServerError(message: "response has no choices: \(text)", type: "unexpected_body"))]
            }
            events.append(.done)
            return events
        }
    }

    // MARK: - Chunks

    struct Summary {
        var sawChoices = false
        var sawError = false
        var timings: ServerTimings?
        /// Where the text of the last `.delta` is (the body of its JSON string), when that string had no
        /// escapes and the delta no logprobs; nil otherwise.
        var deltaText: Range<Int>?
    }

    /// Decodes one chunk or body object, appending its events. Throws for anything that is not a JSON object.
    static func decodeObject(
        _ bytes: UnsafeBufferPointer<UInt8>, into events: inout [StreamEvent], depth: Int
    ) throws(Scanner.Malformed) -> Summary {
        var scanner = Scanner(bytes)
        guard try scanner.enter(UInt8(ascii: "{")) else { throw Scanner.Malformed() }
        var summary = Summary()
        var usage: Usage?
        var hasError = false
        var failed = false
        var hasMessage = false
        var wrapped: Range<Int>?
        var timings: ServerTimings?
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if Scanner.key(key, is: "choices") {
                summary.sawChoices = true
                summary.deltaText = try decodeChoices(&scanner, into: &events)
            } else if Scanner.key(key, is: "usage") {
                usage = try decodeUsage(&scanner) ?? usage
            } else if Scanner.key(key, is: "timings"), scanner.peek() == UInt8(ascii: "{") {
                let range = try scanner.skipValueReturningRange()
                timings = (try? JSONValue.parse(UnsafeBufferPointer(rebasing: bytes[range]))).flatMap {
                    ServerTimings(json: $0)
                }
            } else if Scanner.key(key, is: "error") {
                hasError = try !scanner.skipNull()
                if hasError { try scanner.skipValue() }
            } else if Scanner.key(key, is: "status") {
                failed = try scanner.readString() == "failure"
            } else if Scanner.key(key, is: "message") {
                hasMessage = try scanner.readString() != nil
            } else if Scanner.key(key, is: "body"), scanner.peek() == UInt8(ascii: "{") {
                wrapped = try scanner.skipValueReturningRange()
            } else {
                try scanner.skipValue()
            }
        }
        guard scanner.isAtEnd else { throw Scanner.Malformed() }
        summary.timings = timings
        if let usage { events.append(.usage(usage)) }
        // A bare `{"message": ...}` with nothing else we know is how some gateways word an error.
        let bareMessage = hasMessage && !summary.sawChoices && usage == nil && wrapped == nil
        if !hasError, !bareMessage, let wrapped, !summary.sawChoices, depth < 2 {
            // Portkey's `{status, headers, body}`: a failed wrapper usually says why in its body.
            summary = try decodeObject(UnsafeBufferPointer(rebasing: bytes[wrapped]), into: &events, depth: depth + 1)
            summary.timings = summary.timings ?? timings
            summary.deltaText = nil  // its positions are the body's, not this object's
            if summary.sawError || !failed { return summary }
        } else if !(hasError || failed || bareMessage) {
            return summary
        }
        summary.sawError = true
        events.append(.error(serverError(inJSON: bytes)))
        return summary
    }

    /// Returns where the text of the last choice's delta is, as `decodeChoice`.
    private static func decodeChoices(
        _ scanner: inout Scanner, into events: inout [StreamEvent]
    ) throws(Scanner.Malformed) -> Range<Int>? {
        guard try scanner.enter(UInt8(ascii: "[")) else {
            try scanner.skipValue()
            return nil
        }
        var first = true
        var position = 0
        var deltaText: Range<Int>?
        while try scanner.nextElement(first: &first) {
            if try scanner.enter(UInt8(ascii: "{")) {
                if let text = try decodeChoice(&scanner, position: position, into: &events) { deltaText = text }
            } else {
                try scanner.skipValue()
            }
            position += 1
        }
        return deltaText
    }

    /// One element of `choices`, its `{` already read. Returns where its delta's text is when it yielded a
    /// `.delta` without logprobs whose text was written without escapes.
    private static func decodeChoice(
        _ scanner: inout Scanner, position: Int, into events: inout [StreamEvent]
    ) throws(Scanner.Malformed) -> Range<Int>? {
        var index: Int?
        var text: String?
        var textBody: Range<Int>?
        var message = MessageFields()
        var finishReason: String?
        var logprobsRange: Range<Int>?
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if Scanner.key(key, is: "index") {
                index = try scanner.readInt()
            } else if Scanner.key(key, is: "text") {
                if let value = try scanner.readString() {
                    text = value
                    textBody = scanner.plainStringBody
                }
            } else if Scanner.key(key, is: "delta") || Scanner.key(key, is: "message") {
                message = try readMessage(&scanner)
                if let content = message.content {
                    text = content
                    textBody = message.contentBody
                }
            } else if Scanner.key(key, is: "finish_reason") {
                finishReason = try scanner.readString()
            } else if Scanner.key(key, is: "logprobs") {
                logprobsRange = try scanner.skipNull() ? nil : scanner.skipValueReturningRange()
            } else {
                try scanner.skipValue()
            }
        }
        let choice = index ?? position
        if let reasoning = message.reasoning, !reasoning.isEmpty {
            events.append(.reasoning(choice: choice, text: reasoning))
        }
        let logprobs = logprobsRange.flatMap { tokenLogprobs(in: UnsafeBufferPointer(rebasing: scanner.bytes[$0])) }
        let delta = text ?? ""
        let yieldsDelta = !delta.isEmpty || logprobs != nil
        if yieldsDelta {
            events.append(.delta(choice: choice, text: delta, logprobs: logprobs))
        }
        if let range = message.toolCalls {
            events += toolCallDeltas(in: UnsafeBufferPointer(rebasing: scanner.bytes[range]), choice: choice)
        }
        let plainText = yieldsDelta && logprobs == nil ? textBody : nil
        guard let finishReason, !finishReason.isEmpty else { return plainText }
        if finishReason == "error" {
            let message = "the provider stopped generating with an error (finish_reason \"error\", choice \(choice))"
            events.append(.error(ServerError(message: message, type: "finish_reason_error")))
        }
        events.append(.finish(choice: choice, reason: finishReason))
        return plainText
    }

    private static func decodeUsage(_ scanner: inout Scanner) throws(Scanner.Malformed) -> Usage? {
        guard try scanner.enter(UInt8(ascii: "{")) else {
            try scanner.skipValue()
            return nil
        }
        var usage = Usage()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if Scanner.key(key, is: "prompt_tokens") {
                usage.promptTokens = try scanner.readInt()
            } else if Scanner.key(key, is: "completion_tokens") {
                usage.completionTokens = try scanner.readInt()
            } else if Scanner.key(key, is: "total_tokens") {
                usage.totalTokens = try scanner.readInt()
            } else if Scanner.key(key, is: "completion_tokens_details") {
                usage.reasoningTokens =
                    try readDetailCount(&scanner, named: "reasoning_tokens") ?? usage.reasoningTokens
            } else if Scanner.key(key, is: "prompt_tokens_details") {
                // OpenAI sends `cached_tokens: 0` on every run: only a real cache hit is worth keeping.
                let cached = try readDetailCount(&scanner, named: "cached_tokens") ?? 0
                if cached > 0 { usage.cachedPromptTokens = cached }
            } else {
                try scanner.skipValue()
            }
        }
        return usage
    }

    static func trimmingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}
