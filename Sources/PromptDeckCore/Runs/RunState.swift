import Foundation

/// The mutable heart of a run, guarded by `RunSession`'s lock: parses bytes into events and folds
/// them into the record. Pure apart from reading the clock.
struct RunState {
    var record: RunRecord
    let choiceCount: Int
    var startedAt: ContinuousClock.Instant = .now
    var cancelRequested = false
    var pendingEvents: [RecordedEvent] = []
    /// False when the run's recorder keeps no events: nothing is queued for history.
    let queuesEvents: Bool
    private var sequence = 0
    private var parser = SSEParser()
    private var decoder = ChunkDecoder()
    private var isEventStream = false
    private var body: [UInt8] = []
    private var readEvents: [StreamEvent] = []  // one read's events; its storage is reused by the next
    private var readDeltas = JoinedDeltas()  // one read's joined straight-path deltas; likewise
    private var sawDone = false
    private var streamError: ServerError?
    private var finishedChoices: Set<Int> = []
    private var toolCalls = ToolCallAssembler()
    private var contentType: String?
    /// Non-empty text deltas of a stream: the completion-token estimate when the server reports no usage.
    private(set) var textDeltaCount = 0
    /// Bodies past this size are cut off (an error page or JSON answer is never this large).
    static let maximumBodyBytes = 64 << 20

    init(record: RunRecord, choiceCount: Int, queuesEvents: Bool = true) {
        self.record = record
        self.choiceCount = choiceCount
        self.queuesEvents = queuesEvents
    }

    /// Response headers worth keeping: Portkey's, rate limits, content type, request ids.
    static func isCaptured(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("x-portkey-") || lower.hasPrefix("x-promptdeck-") || lower == "retry-after"
            || lower == "content-type" || lower == "x-request-id" || lower.hasPrefix("x-ratelimit-")
    }

    var elapsedMs: Int {
        let elapsed = ContinuousClock.now - startedAt
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    mutating func receiveResponse(status: Int, headers: [HTTPHeader]) {
        record.httpStatus = status
        record.responseHeaders = headers.filter { Self.isCaptured($0.name) }
        contentType = headers.value(for: "content-type")
        isEventStream = status < 400 && (contentType?.lowercased().contains("text/event-stream") ?? false)
    }

    /// Reads one piece of the response; returns what observers are shown of it (see `StreamBatch`).
    mutating func receive(_ bytes: UnsafeRawBufferPointer) -> StreamBatch {
        guard isEventStream else {
            if body.count < Self.maximumBodyBytes {
                body.append(contentsOf: bytes.prefix(Self.maximumBodyBytes - body.count))
            }
            return StreamBatch()
        }
        // The parser offers each line to the decoder's straight path, then hands each event's bytes to the
        // decoder (swapped out of `self` so the closures may use the decoder while the parser runs). The
        // events array is kept between reads.
        var events: [StreamEvent] = []
        swap(&events, &readEvents)
        var joined = JoinedDeltas()
        swap(&joined, &readDeltas)
        var parser = SSEParser()
        swap(&parser, &self.parser)
        var decoder = self.decoder
        self.decoder = ChunkDecoder()
        parser.feed(bytes, straight: { decoder.decodeStraight($0, into: &events, joining: &joined) }) {
            decoder.decode($0, into: &events, joining: &joined)
        }
        joined.flush(into: &events)
        swap(&parser, &self.parser)
        self.decoder = decoder
        var batch = apply(events)
        // The deltas the decoder joined count as the server sent them.
        textDeltaCount += joined.joinedBeyondOne
        batch.textDeltas += joined.joinedBeyondOne
        joined.reset()
        events.removeAll(keepingCapacity: true)
        swap(&events, &readEvents)
        swap(&joined, &readDeltas)
        return batch
    }

    /// Ends the run: decides its status from the outcome and what the stream said.
    mutating func complete(_ outcome: TransferOutcome) -> StreamBatch {
        var events: [StreamEvent] = []
        if isEventStream {
            for sse in parser.finish() { events += decoder.decode(sse) }  // at most one event: no hot path
        } else if let status = record.httpStatus, status < 400, !body.isEmpty, outcome == .completed {
            var timings: ServerTimings?
            events = body.withUnsafeBufferPointer { decoder.decodeBody(Array($0), timings: &timings) }
            record.timings = timings
        }
        let batch = apply(events)
        if isEventStream { record.timings = decoder.timings ?? record.timings }
        // A whole body's one delta per choice says nothing about its length: only a stream's deltas count.
        record.fillMissingCompletionTokens(textDeltas: isEventStream ? textDeltaCount : 0)
        // A run that never got a response (refused, unresolvable, cancelled first) has no duration to show:
        // the time it took to fail says nothing about the model and read as a real figure in history.
        record.durationMs = record.httpStatus == nil ? nil : elapsedMs
        record.finishedAt = Date()
        switch outcome {
        case .cancelled:
            record.status = .cancelled
            record.errorMessage = "cancelled"
        case .failed(let error):
            record.status = cancelRequested ? .cancelled : .error
            record.errorMessage = cancelRequested ? "cancelled" : error.errorDescription
        case .completed:
            finishCompleted()
        }
        return batch
    }

    private mutating func finishCompleted() {
        if let status = record.httpStatus, status >= 400 {
            let error = ChunkDecoder.decodeHTTPError(status: status, body: body, contentType: contentType)
            record.status = .error
            record.errorMessage = Self.describe(
                status: status, error: error, retryAfter: record.responseHeaders.value(for: "retry-after"))
            return
        }
        if let streamError {
            record.status = .error
            record.errorMessage = "the server reported an error: " + streamError.message
            return
        }
        if isEventStream {
            let allFinished = (0..<choiceCount).allSatisfy { finishedChoices.contains($0) }
            if !sawDone && !allFinished {
                record.status = .error
                record.errorMessage = "the stream ended before [DONE]: the output is cut off (partial output kept)"
                return
            }
        } else if body.isEmpty {
            record.status = .error
            record.errorMessage = "the server sent an empty response body"
            return
        } else if record.outputs.isEmpty && !sawDone {
            record.status = .error
            record.errorMessage = "the response had no completion in it"
            return
        }
        record.status = .ok
    }

    static let reasonPhrases: [Int: String] = [
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 413: "Payload Too Large",
        415: "Unsupported Media Type", 422: "Unprocessable Entity", 429: "Too Many Requests",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout",
    ]

    static func describe(status: Int, error: ServerError, retryAfter: String?) -> String {
        var text = "HTTP \(status)"
        if let reason = reasonPhrases[status] { text += " " + reason }
        text += ": " + error.message
        if let retryAfter { text += " (retry after \(retryAfter) s)" }
        return text
    }

    /// Queues a delta for history. Deltas of one choice within the same millisecond become one event:
    /// replay keeps its pace to the millisecond, and a fast local stream writes hundreds of events, not 100,000.
    private mutating func queueEvent(
        choice: Int, text: String, logprobs: [TokenLogprob]?, offset: Int, channel: RecordedEvent.Channel = .answer
    ) {
        guard queuesEvents else { return }
        if let last = pendingEvents.indices.last, pendingEvents[last].offsetMs == offset,
            pendingEvents[last].choice == choice, pendingEvents[last].channel == channel
        {
            pendingEvents[last].text += text
            if let logprobs { pendingEvents[last].logprobs = (pendingEvents[last].logprobs ?? []) + logprobs }
            return
        }
        pendingEvents.append(
            RecordedEvent(
                sequence: sequence, offsetMs: offset, choice: choice, text: text, logprobs: logprobs, channel: channel))
        sequence += 1
    }

    /// The events queued for history since the last call, emptied.
    mutating func takePendingEvents() -> [RecordedEvent] {
        defer { pendingEvents.removeAll(keepingCapacity: true) }
        return pendingEvents
    }

    /// Folds events into the record and queues them for history. A read's consecutive plain text deltas of
    /// one choice are joined first, so the output and the history event grow once per read, not per delta;
    /// returns the events as observers see them (`StreamBatch`).
    private mutating func apply(_ events: [StreamEvent]) -> StreamBatch {
        var batch = StreamBatch()
        guard !events.isEmpty else { return batch }
        let offset = elapsedMs
        var joined = JoinedDeltas()
        for event in events {
            if case .delta(let choice, let text, nil) = event, !text.isEmpty {
                if joined.choice != choice { appendJoined(&joined, offset: offset, to: &batch) }
                if record.timeToFirstTokenMs == nil { record.timeToFirstTokenMs = offset }
                textDeltaCount += 1
                batch.textDeltas += 1
                joined.add(text, choice: choice)
                continue
            }
            appendJoined(&joined, offset: offset, to: &batch)
            batch.events.append(event)
            switch event {
            case .delta(let choice, let text, let logprobs):
                if !text.isEmpty, record.timeToFirstTokenMs == nil { record.timeToFirstTokenMs = offset }
                if !text.isEmpty {
                    textDeltaCount += 1
                    batch.textDeltas += 1
                }
                record.outputs[choice, default: ""] += text
                if let logprobs, !logprobs.isEmpty { record.logprobs[choice, default: []] += logprobs }
                queueEvent(choice: choice, text: text, logprobs: logprobs, offset: offset)
            case .usage(let usage):
                record.usage = usage
            case .finish(let choice, let reason):
                record.finishReasons[choice] = reason
                finishedChoices.insert(choice)
            case .error(let error):
                if streamError == nil { streamError = error }
            case .done:
                sawDone = true
            case .reasoning(let choice, let text):
                if record.timeToFirstReasoningMs == nil { record.timeToFirstReasoningMs = offset }
                textDeltaCount += 1
                record.reasoning[choice, default: ""] += text
                queueEvent(choice: choice, text: text, logprobs: nil, offset: offset, channel: .reasoning)
            case .toolCallDelta:
                // A call's pieces are the answer's tokens: its first token, and the estimate without usage.
                if record.timeToFirstTokenMs == nil { record.timeToFirstTokenMs = offset }
                textDeltaCount += 1
                toolCalls.add(event)
                record.toolCalls = toolCalls.toolCalls
            }
        }
        appendJoined(&joined, offset: offset, to: &batch)
        return batch
    }

    /// Adds the text joined so far to the output, the history queue and `batch`, and empties it.
    private mutating func appendJoined(_ joined: inout JoinedDeltas, offset: Int, to batch: inout StreamBatch) {
        guard let (choice, text) = joined.take() else { return }
        record.outputs[choice, default: ""] += text
        queueEvent(choice: choice, text: text, logprobs: nil, offset: offset)
        batch.events.append(.delta(choice: choice, text: text, logprobs: nil))
    }
}
