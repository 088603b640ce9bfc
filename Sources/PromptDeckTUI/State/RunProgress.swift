import PromptDeckCore

/// What the status bar knows about the current (or last) run.
public struct RunProgress: Equatable, Sendable {
    public enum Phase: Equatable, Sendable {
        /// Asked for; not yet prepared by the runtime.
        case starting
        /// Sent; no token yet.
        case waiting
        case streaming
        case finished(RunStatus)
    }

    public var id: String?
    public var phase: Phase
    /// Monotonic seconds (the runtime's clock) when the request went out.
    public var startedAt: Double
    public var firstTokenAt: Double?
    /// The latest clock reading (ticks and events advance it).
    public var now: Double
    public var deltaCount = 0
    public var httpStatus: Int?
    public var model = ""
    public var profileName = ""
    public var traceID: String?
    public var cacheStatus: String?
    public var usage: Usage?
    public var finishReasons: [Int: String] = [:]
    public var timeToFirstTokenMs: Int?
    public var durationMs: Int?
    public var errorMessage: String?
    /// `✔ 3/4 checks` once the run is over and the prompt has checks (nil: none).
    public var checksBadge: String?
    public var checksFailed = false
    /// The checks' results, for `F` in the output pane.
    public var checkResults: [CheckResult] = []
    /// `$0.0042` (`~` when estimated), when the price of the run's model is known.
    public var costText: String?
    /// Esc arrived before the runtime said which run it started.
    public var cancelRequested = false
    /// Waiting for a slot of this profile (`max_concurrency:` taken by other runs), with its limit.
    public var queuedFor: QueuedSlot?

    /// A profile whose slots are all taken, and how many it has.
    public struct QueuedSlot: Equatable, Sendable {
        public var profile: String
        public var limit: Int
    }
    /// The server turned the request away and the run waits to send it again (the profile's `retries:`).
    public var retry: RetryWait?

    /// A turned-away attempt and when the next one goes out (the runtime's clock).
    public struct RetryWait: Equatable, Sendable {
        public var attempt: RunAttempt
        public var retries: Int
        public var until: Double

        public init(attempt: RunAttempt, retries: Int, until: Double) {
            self.attempt = attempt
            self.retries = retries
            self.until = until
        }
    }

    /// `queued for llama (max_concurrency: 1)` while waiting for a slot.
    public var queuedText: String? {
        guard let queuedFor, isActive, phase != .streaming else { return nil }
        return "queued for \(queuedFor.profile) (max_concurrency: \(queuedFor.limit))"
    }

    /// `retry 1/2 in 3 s` while waiting, `retrying 1/2` once the next attempt is out; nil with no retry.
    public var retryText: String? {
        guard let retry, isActive else { return nil }
        let remaining = Int(((retry.until - now) * 1000).rounded(.up))
        if remaining <= 0 { return "retrying \(retry.attempt.number)/\(retry.retries)" }
        return retry.attempt.retryLabel(retries: retry.retries, remainingMs: remaining)
    }

    /// A run just asked for at `now`.
    public init(startedAt: Double) {
        phase = .starting
        self.startedAt = startedAt
        now = startedAt
    }

    public var isActive: Bool {
        switch phase {
        case .starting, .waiting, .streaming: return true
        case .finished: return false
        }
    }

    /// Completion tokens: the server's count when it sent one, else the number of deltas.
    public var tokens: Int { usage?.completionTokens ?? deltaCount }

    /// The count is the streamed deltas, not the server's (it reported no usage, or not yet): shown `~N`.
    public var tokensEstimated: Bool { recordedEstimate ?? (usage?.completionTokens == nil && deltaCount > 0) }
    /// What the final record says about the estimate (nil while the run goes on).
    public var recordedEstimate: Bool?

    /// `42 tok`, or `~42 tok` when estimated.
    public var tokensText: String { (tokensEstimated ? "~" : "") + "\(tokens) tok" }

    /// Milliseconds to the first token.
    public var ttftMs: Int? {
        timeToFirstTokenMs ?? firstTokenAt.map { Int((($0 - startedAt) * 1000).rounded()) }
    }

    /// Milliseconds since the start (final duration once finished).
    public var elapsedMs: Int { durationMs ?? Int(((now - startedAt) * 1000).rounded()) }

    /// Tokens per second since the first token.
    public var tokensPerSecond: Double? {
        guard tokens >= 2, let ttft = ttftMs else { return nil }  // one token has no rate
        let seconds = Double(elapsedMs - ttft) / 1000
        return seconds > 0.001 ? Double(tokens) / seconds : nil
    }

    /// Takes in the final record.
    public mutating func finish(with record: RunRecord) {
        phase = .finished(record.status)
        httpStatus = record.httpStatus
        usage = record.usage ?? usage
        recordedEstimate = record.tokensEstimated
        finishReasons = record.finishReasons
        timeToFirstTokenMs = record.timeToFirstTokenMs
        durationMs = record.durationMs
        errorMessage = record.status == .ok ? nil : record.errorMessage.map(TerminalSafeText.make)
        traceID = record.responseHeaders.value(for: "x-portkey-trace-id") ?? traceID
        cacheStatus = record.responseHeaders.value(for: "x-portkey-cache-status") ?? cacheStatus
        checksBadge = CheckTally(record.checkResults).badge
        checksFailed = record.checkResults.contains { $0.status == .failed }
        checkResults = record.checkResults
        costText = record.cost.map(\.text)
    }
}
