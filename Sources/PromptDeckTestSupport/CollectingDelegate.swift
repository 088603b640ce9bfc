import Foundation
import PromptDeckCore

/// A `TransferDelegate` that records everything a transfer reports and lets a test wait for it.
public final class CollectingDelegate: TransferDelegate, @unchecked Sendable {
    /// The kinds of delegate calls, in the order they came (consecutive body calls counted as one).
    public enum Event: Sendable, Equatable {
        case response, body, complete
    }

    private let condition = NSCondition()
    private var storedStatus: Int?
    private var storedHeaders: [HTTPHeader] = []
    private var storedBody = Data()
    private var storedOutcome: TransferOutcome?
    private var storedEvents: [Event] = []
    private var storedChunkCount = 0
    private var storedResponseCount = 0
    private var storedCompletionCount = 0
    private var storedFirstByte: ContinuousClock.Instant?
    private var storedCompletedAt: ContinuousClock.Instant?

    /// A delegate with nothing recorded yet.
    public init() {}

    public func transferDidReceiveResponse(status: Int, headers: [HTTPHeader]) {
        update {
            storedStatus = status
            storedHeaders = headers
            storedResponseCount += 1
            storedEvents.append(.response)
        }
    }

    public func transferDidReceive(_ bytes: UnsafeRawBufferPointer) {
        update {
            if storedFirstByte == nil { storedFirstByte = .now }
            storedBody.append(contentsOf: bytes)
            storedChunkCount += 1
            if storedEvents.last != .body { storedEvents.append(.body) }
        }
    }

    public func transferDidComplete(_ outcome: TransferOutcome) {
        update {
            storedOutcome = outcome
            storedCompletionCount += 1
            storedCompletedAt = .now
            storedEvents.append(.complete)
        }
    }

    private func update(_ change: () -> Void) {
        condition.lock()
        change()
        condition.broadcast()
        condition.unlock()
    }

    private func read<T>(_ value: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return value()
    }

    /// Waits until `predicate` holds or `timeout` seconds pass; the predicate runs under the lock.
    private func wait(timeout: Double, until predicate: (CollectingDelegate) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !predicate(self) {
            if !condition.wait(until: deadline) { return predicate(self) }
        }
        return true
    }

    /// Waits for `transferDidComplete`; nil when it did not come within `timeout` seconds.
    @discardableResult
    public func waitForCompletion(timeout: Double = 10) -> TransferOutcome? {
        _ = wait(timeout: timeout) { $0.storedOutcome != nil }
        return read { storedOutcome }
    }

    /// Waits for the response headers; returns the status, nil on timeout.
    @discardableResult
    public func waitForResponse(timeout: Double = 10) -> Int? {
        _ = wait(timeout: timeout) { $0.storedStatus != nil || $0.storedOutcome != nil }
        return read { storedStatus }
    }

    public var status: Int? { read { storedStatus } }
    public var headers: [HTTPHeader] { read { storedHeaders } }
    public var body: Data { read { storedBody } }
    /// The body decoded as UTF-8.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
    public var outcome: TransferOutcome? { read { storedOutcome } }
    public var events: [Event] { read { storedEvents } }
    /// How many times `transferDidReceive` was called.
    public var chunkCount: Int { read { storedChunkCount } }
    public var responseCount: Int { read { storedResponseCount } }
    public var completionCount: Int { read { storedCompletionCount } }
    /// When the first body byte arrived (monotonic clock).
    public var firstByteInstant: ContinuousClock.Instant? { read { storedFirstByte } }
    /// When the transfer completed (monotonic clock).
    public var completionInstant: ContinuousClock.Instant? { read { storedCompletedAt } }
}
