/// Watches one run. Calls arrive on the transport's thread, in order; keep them short.
public protocol RunObserver: AnyObject, Sendable {
    /// The response status and headers arrived.
    func runDidReceiveResponse(_ run: RunSession, status: Int, headers: [HTTPHeader])
    /// What one read of the response decoded to: its events, each run of plain text deltas of a choice
    /// joined into one (so an observer's work is per read, not per token); `batch.textDeltas` counts them.
    func run(_ run: RunSession, didReceive batch: StreamBatch)
    /// The server turned the request away before answering (`attempt`), and the run will send it again after
    /// `attempt.delayMs` (Esc or Ctrl-C cancels the wait); `retries` is how many retries the profile allows.
    func runWillRetry(_ run: RunSession, attempt: RunAttempt, retries: Int)
    /// The run is over and its final record is written (or failed to write: see `RunSession.recordingError`).
    func runDidFinish(_ run: RunSession, record: RunRecord)
}

extension RunObserver {
    public func runDidReceiveResponse(_ run: RunSession, status: Int, headers: [HTTPHeader]) {}
    public func runWillRetry(_ run: RunSession, attempt: RunAttempt, retries: Int) {}
}

/// The events of one read of a response, as observers see them.
public struct StreamBatch: Sendable, Equatable {
    /// In the order they came, except that consecutive text deltas of one choice without logprobs are one
    /// `.delta` (their texts joined). Other events (logprobs, reasoning, tool calls, finishes) are as sent.
    public var events: [StreamEvent] = []
    /// How many non-empty `.delta`s the server sent in this read, before joining: the completion-token
    /// count to show while no usage has come.
    public var textDeltas = 0

    public init(events: [StreamEvent] = [], textDeltas: Int = 0) {
        self.events = events
        self.textDeltas = textDeltas
    }

    public var isEmpty: Bool { events.isEmpty }
}
