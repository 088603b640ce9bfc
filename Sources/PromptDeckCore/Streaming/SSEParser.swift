#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One event dispatched by `SSEParser`.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, or "message" when the event had none.
    public var event: String
    /// The event's `data:` lines joined with "\n".
    public var data: String
    /// The last event ID in effect (it persists across events, as in WHATWG); nil when none or empty.
    public var id: String?
    /// The `retry:` value in milliseconds when this event's block carried one.
    public var retry: Int?

    /// Creates an event; `event` defaults to "message" as in the wire format.
    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// One event as `SSEParser.feed(_:each:)` hands it over: its data as the bytes off the wire (not yet decoded,
/// valid only during the call), so the hot path builds no String per event.
public struct SSERawEvent {
    /// The `event:` field, or nil for "message".
    public var event: String?
    /// The event's `data:` lines joined with LF, undecoded.
    public var data: UnsafeRawBufferPointer
    /// As `SSEEvent.id`.
    public var id: String?
    /// As `SSEEvent.retry`.
    public var retry: Int?

    /// The event with its data decoded (invalid UTF-8 becoming U+FFFD).
    public var decoded: SSEEvent {
        SSEEvent(event: event ?? "message", data: String(decoding: data, as: UTF8.self), id: id, retry: retry)
    }
}

/// Splits a server-sent event stream into events (WHATWG EventSource framing), fed bytes as they arrive.
///
/// Chunk boundaries may fall anywhere, inside a CRLF pair or a UTF-8 character too: data is decoded to a
/// String only at dispatch, invalid UTF-8 becoming U+FFFD.
///
/// A line longer than `maximumLineLength` (or an event whose data grows past it) is not kept: the parser
/// drops that event, sets `overflowed` and emits an event named `SSEParser.overflowEventName` whose data
/// says what happened (`ChunkDecoder` turns it into `.error`), then carries on with the next event.
public struct SSEParser: Sendable {
    /// 16 MiB: past this a line or an event's data is an error, not something to buffer.
    public static let defaultMaximumLineLength = 16 << 20
    /// The `event` of the synthetic event emitted when a line or an event was too long.
    public static let overflowEventName = "promptdeck.overflow"

    /// The longest line (and event data) kept, in bytes.
    public let maximumLineLength: Int
    /// True once any line or event was dropped for being too long; `finish()` does not reset it.
    public private(set) var overflowed = false
    /// The reconnection time most recently set by a `retry:` field, in milliseconds.
    public private(set) var reconnectionTime: Int?

    private var line: [UInt8] = []  // a line not yet ended, carried between feeds
    private var data: [UInt8] = []  // this event's data lines, each followed by LF
    private var eventType: String?
    private var eventRetry: Int?
    private var lastEventID: String?
    private var skippingLine = false  // dropping the rest of an over-long line
    private var skippingEvent = false  // dropping the rest of an event that overflowed
    private var pendingCR = false  // the last feed ended in CR: an LF opening the next one is part of it
    private var byteOrderMarkMatched = 0  // bytes of a leading BOM seen; -1 once the stream start is past

    /// Creates a parser for one stream.
    public init(maximumLineLength: Int = SSEParser.defaultMaximumLineLength) {
        self.maximumLineLength = max(1, maximumLineLength)
    }

    /// True when bytes of an event that has not been dispatched yet were received: at the end of a stream
    /// this means the stream was cut off.
    public var hasPendingData: Bool {
        !line.isEmpty || !data.isEmpty || eventType != nil || skippingLine || byteOrderMarkMatched > 0
    }

    /// Feeds bytes as they came off the wire and returns the events they completed.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [SSEEvent] {
        var events: [SSEEvent] = []
        feed(bytes) { events.append($0.decoded) }
        return events
    }

    /// Feeds bytes as they came off the wire and hands each event they completed to `body`, in order,
    /// with its data undecoded (the streaming hot path: no String is made per event).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, each body: (SSERawEvent) -> Void) {
        feed(bytes, straight: { _ in 0 }, each: body)
    }

    /// As `feed(_:each:)`, first offering `straight` each line that starts while nothing of an event is held:
    /// it gets the bytes from there to the end of the feed (at most a longest line and two line ends) and
    /// returns the length of the event it took whole, `data: …` LF LF, which the parser then steps over; 0
    /// leaves the line to the parser. It may take only an event the parser would have dispatched with its
    /// data alone (no `event:` or `retry:` line). `ChunkDecoder.decodeStraight` is the one it is for.
    public mutating func feed(
        _ bytes: UnsafeRawBufferPointer, straight: (UnsafeRawBufferPointer) -> Int, each body: (SSERawEvent) -> Void
    ) {
        var start = 0
        while byteOrderMarkMatched >= 0, start < bytes.count {
            let expected: UInt8 = byteOrderMarkMatched == 0 ? 0xEF : byteOrderMarkMatched == 1 ? 0xBB : 0xBF
            if bytes[start] == expected {
                byteOrderMarkMatched = byteOrderMarkMatched == 2 ? -1 : byteOrderMarkMatched + 1
                start += 1
            } else {
                // Not a BOM after all: the bytes held back are ordinary stream bytes.
                let heldBack: [UInt8] = Array([0xEF, 0xBB].prefix(byteOrderMarkMatched))
                byteOrderMarkMatched = -1
                heldBack.withUnsafeBytes { process($0, straight: { _ in 0 }, into: body) }
            }
        }
        if start < bytes.count {
            process(UnsafeRawBufferPointer(rebasing: bytes[start...]), straight: straight, into: body)
        }
    }

    /// Feeds bytes as they came off the wire and returns the events they completed.
    public mutating func feed(_ bytes: [UInt8]) -> [SSEEvent] {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Ends the stream and returns the last event if only its closing blank line was missing.
    ///
    /// WHATWG drops an event that is not closed by a blank line. We are a little more lenient: an event
    /// whose lines all ended (`data: [DONE]\n` then EOF) is dispatched, but a final line with no line end
    /// is discarded, because it may have been cut mid-value. Check `hasPendingData` before calling this to
    /// tell a cut-off stream. The parser is then ready for a new stream (`overflowed` stays set).
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        finish { events.append($0.decoded) }
        return events
    }

    /// `finish()`, handing the last event (if any) to `body` undecoded.
    public mutating func finish(each body: (SSERawEvent) -> Void) {
        if !skippingLine {
            dispatch(into: body)
        }
        let overflowed = self.overflowed
        self = SSEParser(maximumLineLength: maximumLineLength)
        self.overflowed = overflowed
    }

    // MARK: - Lines

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    private mutating func process(
        _ chunk: UnsafeRawBufferPointer, straight: (UnsafeRawBufferPointer) -> Int, into events: (SSERawEvent) -> Void
    ) {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        let count = chunk.count
        var index = 0
        if pendingCR {
            pendingCR = false
            if chunk[0] == Self.lineFeed { index = 1 }
        }
        // The next LF and the next CR at or after `index` (`count` when none); cached, so a CR-only stream
        // does not rescan the buffer per line, and an LF-only one looks for a CR once per feed.
        var nextLineFeed = -1
        var nextCarriageReturn = -1
        while index < count {
            if isIdle {
                let window = min(count - index, maximumLineLength + 2)
                let taken = straight(UnsafeRawBufferPointer(start: base + index, count: window))
                if taken > 0 {
                    index += taken
                    continue
                }
            }
            if nextLineFeed < index {
                let found = memchr(base + index, Int32(Self.lineFeed), count - index)
                nextLineFeed = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? count
            }
            if nextCarriageReturn < index {
                let found = memchr(base + index, Int32(Self.carriageReturn), count - index)
                nextCarriageReturn = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? count
            }
            let end = min(nextLineFeed, nextCarriageReturn)
            let piece = UnsafeRawBufferPointer(rebasing: chunk[index..<end])
            // The common event, `data: …` LF LF, whole in this chunk with nothing pending: handed over from
            // the chunk itself, not copied into `data` first.
            if end == nextLineFeed, end + 1 < count, chunk[end + 1] == Self.lineFeed, isIdle,
                piece.count <= maximumLineLength, let value = Self.dataValue(piece)
            {
                events(SSERawEvent(event: nil, data: value, id: lastEventID, retry: nil))
                index = end + 2
                continue
            }
            if end == count {
                appendPartialLine(piece, into: events)
                return
            }
            endLine(piece, into: events)
            if chunk[end] == Self.carriageReturn {
                if end + 1 == count {
                    pendingCR = true
                    return
                }
                index = chunk[end + 1] == Self.lineFeed ? end + 2 : end + 1
            } else {
                index = end + 1
            }
        }
    }

    /// Nothing of an event or a line is held: the next line starts afresh.
    private var isIdle: Bool {
        line.isEmpty && data.isEmpty && !skippingLine && !skippingEvent && eventType == nil && eventRetry == nil
    }

    /// The value of a `data:` line (one space after the colon dropped), or nil for any other line.
    private static func dataValue(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard line.count >= 5, equals(UnsafeRawBufferPointer(rebasing: line[..<5]), "data:") else { return nil }
        let start = line.count > 5 && line[5] == UInt8(ascii: " ") ? 6 : 5
        return UnsafeRawBufferPointer(rebasing: line[start...])
    }

    private mutating func appendPartialLine(_ piece: UnsafeRawBufferPointer, into events: (SSERawEvent) -> Void) {
        if skippingLine { return }
        if line.count + piece.count > maximumLineLength {
            line = []
            skippingLine = true
            overflow(into: events)
            return
        }
        line.append(contentsOf: piece)
    }

    private mutating func endLine(_ piece: UnsafeRawBufferPointer, into events: (SSERawEvent) -> Void) {
        if skippingLine {
            skippingLine = false
            return
        }
        if line.isEmpty {
            if piece.count > maximumLineLength {
                overflow(into: events)
            } else {
                processLine(piece, into: events)
            }
            return
        }
        if line.count + piece.count > maximumLineLength {
            line = []
            overflow(into: events)
            return
        }
        var whole: [UInt8] = []
        swap(&whole, &line)
        whole.append(contentsOf: piece)
        whole.withUnsafeBytes { processLine($0, into: events) }
        if whole.capacity <= 1 << 16 {
            whole.removeAll(keepingCapacity: true)
            swap(&whole, &line)
        }
    }

    private mutating func overflow(into events: (SSERawEvent) -> Void) {
        overflowed = true
        data.removeAll()
        eventType = nil
        eventRetry = nil
        skippingEvent = true
        let limit = maximumLineLength % (1 << 20) == 0 ? "\(maximumLineLength >> 20) MiB" : "\(maximumLineLength) bytes"
        var text = "the server sent an event longer than \(limit); that event was dropped"
        let id = lastEventID
        text.withUTF8 { events(SSERawEvent(event: Self.overflowEventName, data: UnsafeRawBufferPointer($0), id: id)) }
    }

    // MARK: - Fields

    private mutating func processLine(_ line: UnsafeRawBufferPointer, into events: (SSERawEvent) -> Void) {
        guard let base = line.baseAddress, !line.isEmpty else {
            dispatch(into: events)
            return
        }
        if skippingEvent || line[0] == UInt8(ascii: ":") { return }
        var name = line
        var value = UnsafeRawBufferPointer(rebasing: line[line.count...])
        if let colon = memchr(base, Int32(UInt8(ascii: ":")), line.count) {
            let colonIndex = base.distance(to: UnsafeRawPointer(colon))
            name = UnsafeRawBufferPointer(rebasing: line[..<colonIndex])
            var valueStart = colonIndex + 1
            if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
            value = UnsafeRawBufferPointer(rebasing: line[valueStart...])
        }
        if Self.equals(name, "data") {
            if data.count + value.count + 1 > maximumLineLength {
                overflow(into: events)
                return
            }
            data.append(contentsOf: value)
            data.append(Self.lineFeed)
        } else if Self.equals(name, "event") {
            eventType = String(decoding: value, as: UTF8.self)
        } else if Self.equals(name, "id") {
            if memchr(value.baseAddress ?? base, 0, value.count) == nil {
                lastEventID = value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
            }
        } else if Self.equals(name, "retry") {
            if let milliseconds = Self.digits(value) {
                reconnectionTime = milliseconds
                eventRetry = milliseconds
            }
        }
    }

    private mutating func dispatch(into events: (SSERawEvent) -> Void) {
        defer {
            eventType = nil
            eventRetry = nil
            skippingEvent = false
        }
        guard !skippingEvent, !data.isEmpty else { return }
        data.removeLast()  // the LF after the last data line
        let type = eventType.flatMap { $0.isEmpty ? nil : $0 }
        let (id, retry) = (lastEventID, eventRetry)
        data.withUnsafeBytes { events(SSERawEvent(event: type, data: $0, id: id, retry: retry)) }
        data.removeAll(keepingCapacity: data.capacity <= 1 << 16)
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base, literal.utf8Start, bytes.count) == 0
    }

    /// The value of an all-digits field, clamped to Int.max; nil when empty or anything else.
    private static func digits(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            value = overflow1 || overflow2 ? Int.max : sum
        }
        return value
    }
}
