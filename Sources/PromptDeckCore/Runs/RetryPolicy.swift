import Foundation

/// How a run retries a request the server turned away before answering: `retries:` and `retry_max_wait:`
/// on a profile. Only 429, 503 and connection failures before any byte of the answer are retried; a stream
/// that has started is never sent again (its partial output is kept instead).
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts after the first.
    public var retries: Int
    /// The longest wait, in seconds, whether the server asked for it (`retry-after`) or backoff chose it.
    public var maximumDelay: Double
    /// The first backoff wait in seconds; it doubles on each later attempt, with jitter.
    public var baseDelay: Double

    public init(retries: Int = 1, maximumDelay: Double = 30, baseDelay: Double = 1) {
        self.retries = max(0, retries)
        self.maximumDelay = max(0, maximumDelay)
        self.baseDelay = max(0, baseDelay)
    }

    /// One retry, waits of at most 30 s: what a profile gets when it says nothing.
    public static let standard = RetryPolicy()
    /// Never retries.
    public static let none = RetryPolicy(retries: 0)

    /// HTTP statuses that mean "not now" rather than "no": rate limited, or the server is busy.
    public static func isRetryable(status: Int) -> Bool { status == 429 || status == 503 }

    /// Transfer failures that happened before the server said anything: nothing was answered, so nothing
    /// is lost by asking again. A resolve failure or a bad URL will not get better on its own.
    public static func isRetryable(_ error: TransportError) -> Bool {
        switch error {
        case .couldNotConnect: return true
        // curl 52 (empty reply) and 56 (connection reset while receiving), before any status line.
        case .other(let code, _): return code == 52 || code == 56
        default: return false
        }
    }

    /// Seconds to wait before attempt `attempt + 1` (`attempt` is 1 for the first retry): the server's
    /// `retry-after` (seconds or an HTTP date) when it gave one, else `baseDelay · 2^(attempt-1)` scaled by
    /// `jitter` (0.5…1.0 of it, so clients that failed together do not return together); never above the cap.
    public func delay(beforeRetry attempt: Int, retryAfter: String?, jitter: Double, now: Date = Date()) -> Double {
        if let retryAfter, let asked = Self.seconds(fromRetryAfter: retryAfter, now: now) {
            return min(maximumDelay, max(0, asked))
        }
        let backoff = baseDelay * pow(2, Double(max(0, attempt - 1)))
        return min(maximumDelay, backoff * (0.5 + 0.5 * min(1, max(0, jitter))))
    }

    /// `retry-after` as seconds: a number, or an HTTP date (RFC 9110) relative to `now`.
    static func seconds(fromRetryAfter value: String, now: Date) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return date.timeIntervalSince(now)
    }
}

/// One attempt of a run that the server turned away and PromptDeck tried again: kept on the run, so
/// `history show` can say what happened before the answer (or the final error).
public struct RunAttempt: Sendable, Equatable, Hashable, Codable {
    /// 1 for the first request.
    public var number: Int
    /// The HTTP status, or nil when the connection failed.
    public var httpStatus: Int?
    /// What went wrong, in the words a failed run would use (`HTTP 503 Service Unavailable: …`).
    public var message: String
    /// How long PromptDeck waited before the next attempt.
    public var delayMs: Int

    public init(number: Int, httpStatus: Int?, message: String, delayMs: Int) {
        self.number = number
        self.httpStatus = httpStatus
        self.message = message
        self.delayMs = delayMs
    }

    /// `retry 1/2 in 3 s`: the retry this attempt leads to, of the `retries` a profile allows, and its wait
    /// (`remainingMs`, when counting down, else the whole delay).
    public func retryLabel(retries: Int, remainingMs: Int? = nil) -> String {
        "retry \(number)/\(retries) in \(Self.seconds(remainingMs ?? delayMs))"
    }

    /// `3 s`, `0.4 s`: a wait, to a tenth of a second when under ten.
    public static func seconds(_ milliseconds: Int) -> String {
        let ms = max(0, milliseconds)
        if ms >= 9_950 { return "\(Int((Double(ms) / 1000).rounded())) s" }
        let tenths = Int((Double(ms) / 100).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
    }

    /// For `--json` and exports.
    public var json: JSONValue {
        [
            "number": .int(number), "http_status": httpStatus.map(JSONValue.int) ?? .null,
            "message": .string(message), "delay_ms": .int(delayMs),
        ]
    }

    enum CodingKeys: String, CodingKey {
        case number, message
        case httpStatus = "http_status"
        case delayMs = "delay_ms"
    }
}
