import Dispatch
import Foundation
import Synchronization

/// One run in flight: sends the request, decodes what comes back, keeps the record up to date,
/// writes it to history as it happens (at least every 250 ms), and tells an observer.
/// The CLI and the TUI both run requests through this type, so their runs land in history alike.
public final class RunSession: TransferDelegate, RetryListener, @unchecked Sendable {
    public let id: String
    private let request: HTTPRequestSpec
    private let transport: Transport
    private let options: TransferOptions
    private let retry: RetryPolicy
    private let recorder: RunRecorder
    private let observer: RunObserver?
    private let flushInterval: DispatchTimeInterval
    private let recorderQueue: DispatchQueue
    private let finished = DispatchSemaphore(value: 0)
    private let state: Mutex<RunState>
    private let recording = Mutex<RecordingState>(RecordingState())
    private let handle = Mutex<TransferHandle?>(nil)
    private var timer: DispatchSourceTimer?

    /// `record` is the run as it starts (status `running`); `choiceCount` is the request's `n`; `retry` is
    /// the profile's `retries:` (a request turned away before any answer is sent again after a wait).
    public init(
        record: RunRecord, request: HTTPRequestSpec, transport: Transport, options: TransferOptions = TransferOptions(),
        retry: RetryPolicy = .none, recorder: RunRecorder, observer: RunObserver? = nil, choiceCount: Int = 1,
        flushIntervalMs: Int = 200
    ) {
        id = record.id
        self.request = request
        self.transport = transport
        self.options = options
        self.retry = retry
        self.recorder = recorder
        self.observer = observer
        self.flushInterval = .milliseconds(flushIntervalMs)
        recorderQueue = DispatchQueue(label: "promptdeck.run.\(record.id).history")
        var initial = record
        initial.status = .running
        state = Mutex(
            RunState(record: initial, choiceCount: max(1, choiceCount), queuesEvents: recorder.recordsEvents))
    }

    /// The record as it stands now.
    public var snapshot: RunRecord { state.withLock { $0.record } }

    /// The first error history reported, if recording failed (the run itself goes on).
    public var recordingError: Error? { recording.withLock { $0.error } }

    /// Inserts the history row and starts the transfer.
    public func start() {
        let record = state.withLock { state in
            state.startedAt = .now
            state.record.createdAt = Date()
            return state.record
        }
        recorderQueue.async { self.write { try self.recorder.begin(record) } }
        if recorder.recordsEvents {
            let timer = DispatchSource.makeTimerSource(queue: recorderQueue)
            timer.schedule(deadline: .now() + flushInterval, repeating: flushInterval)
            timer.setEventHandler { [weak self] in self?.flush() }
            timer.resume()
            self.timer = timer
        }
        guard retry.retries > 0 else {
            let transfer = transport.start(request, options: options, delegate: self)
            handle.withLock { $0 = transfer }
            return
        }
        let retrying = RetryingTransfer(
            request: request, options: options, transport: transport, policy: retry, downstream: self, listener: self)
        handle.withLock { $0 = retrying }
        retrying.start()
    }

    /// Ends a run that never started (it waited for a slot and was cancelled): recorded as cancelled,
    /// with nothing sent.
    public func abandon() {
        let record = state.withLock { state in
            state.startedAt = .now
            state.record.createdAt = Date()
            state.cancelRequested = true
            return state.record
        }
        recorderQueue.async { self.write { try self.recorder.begin(record) } }
        transferDidComplete(.cancelled)
    }

    /// Stops the transfer; the run ends as `cancelled`, keeping its partial output.
    public func cancel() {
        state.withLock { $0.cancelRequested = true }
        handle.withLock { $0 }?.cancel()
    }

    /// Blocks until the run is over and history has its final state; returns the final record.
    @discardableResult
    public func waitUntilFinished() -> RunRecord {
        finished.wait()
        finished.signal()
        return snapshot
    }

    // MARK: TransferDelegate (transport thread)

    public func transferDidReceiveResponse(status: Int, headers: [HTTPHeader]) {
        state.withLock { $0.receiveResponse(status: status, headers: headers) }
        observer?.runDidReceiveResponse(self, status: status, headers: headers)
    }

    public func transferDidReceive(_ bytes: UnsafeRawBufferPointer) {
        let batch = state.withLock { $0.receive(bytes) }
        if !batch.isEmpty { observer?.run(self, didReceive: batch) }
    }

    public func transferDidComplete(_ outcome: TransferOutcome) {
        let (batch, final) = state.withLock { state in
            let batch = state.complete(outcome)
            return (batch, state.record)
        }
        if !batch.isEmpty { observer?.run(self, didReceive: batch) }
        recorderQueue.async {
            self.timer?.cancel()
            // The last events go with the final state, in one write: no snapshot of a finished run first.
            let events = self.state.withLock { $0.takePendingEvents() }
            self.write { try self.recorder.finish(final, events: events) }
            self.observer?.runDidFinish(self, record: final)
            self.finished.signal()
        }
    }

    // MARK: RetryListener (transport or retry thread)

    func transferWillRetry(_ attempt: RunAttempt, retries: Int) {
        // Written with the run's final state (`finish` writes the extras), not on every flush.
        state.withLock { $0.record.attempts.append(attempt) }
        observer?.runWillRetry(self, attempt: attempt, retries: retries)
    }

    func transferIsRetrying() {
        // Latency and time to first token are the answered attempt's: the waits are in `attempts`.
        state.withLock { $0.startedAt = .now }
    }

    // MARK: History writes (recorder queue)

    private func flush() {
        let (events, snapshot) = state.withLock { ($0.takePendingEvents(), $0.record) }
        guard !events.isEmpty else { return }
        write { try self.recorder.append(events, snapshot: snapshot) }
    }

    /// Runs a history write unless an earlier one failed (a failed `begin` means there is no row to update).
    private func write(_ body: () throws -> Void) {
        guard recording.withLock({ $0.error == nil }) else { return }
        do {
            try body()
        } catch {
            recording.withLock { $0.error = error }
        }
    }
}

private struct RecordingState {
    var error: Error?
}
