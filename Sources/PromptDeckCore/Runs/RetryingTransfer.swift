import Dispatch
import Foundation
import Synchronization

/// Told when a `RetryingTransfer` turns an attempt away and when it sends the next one.
protocol RetryListener: AnyObject, Sendable {
    /// The server (or the connection) turned attempt `attempt.number` away; the next one starts after
    /// `attempt.delayMs` unless the run is cancelled first.
    func transferWillRetry(_ attempt: RunAttempt, retries: Int)
    /// The next attempt is being sent now.
    func transferIsRetrying()
}

/// Sits between a transport and a run: sends the request, and while the policy allows, answers a 429, a
/// 503 or a connection failure that came before any byte of the answer by waiting and sending it again.
/// The run downstream sees only the attempt that was answered (or the last one turned away), so a stream is
/// never sent twice once it has started. Cancelling during a wait ends the run at once as cancelled.
final class RetryingTransfer: TransferDelegate, TransferHandle, @unchecked Sendable {
    private let request: HTTPRequestSpec
    private let options: TransferOptions
    private let transport: Transport
    private let policy: RetryPolicy
    private let queue = DispatchQueue(label: "promptdeck.retry")
    private let state: Mutex<State>

    private struct State {
        var downstream: TransferDelegate?
        weak var listener: RetryListener?
        var current: TransferHandle?
        var attempt = 1
        /// Set once the downstream has been told about a response: from then on everything is forwarded.
        var forwarding = false
        /// The turned-away response being read (status, headers, body) to word the attempt.
        var held: (status: Int, headers: [HTTPHeader], body: [UInt8])?
        var waiting: DispatchWorkItem?
        var cancelled = false
        var completed = false
    }

    /// The longest turned-away body kept to word its message.
    private static let heldBodyLimit = 64 << 10

    init(
        request: HTTPRequestSpec, options: TransferOptions, transport: Transport, policy: RetryPolicy,
        downstream: TransferDelegate, listener: RetryListener?
    ) {
        self.request = request
        self.options = options
        self.transport = transport
        self.policy = policy
        var initial = State()
        initial.downstream = downstream
        initial.listener = listener
        state = Mutex(initial)
    }

    func start() {
        let handle = transport.start(request, options: options, delegate: self)
        let cancelled = state.withLock { state in
            state.current = handle
            return state.cancelled
        }
        if cancelled { handle.cancel() }
    }

    func cancel() {
        let action = state.withLock { state -> (TransferHandle?, TransferDelegate?) in
            guard !state.cancelled, !state.completed else { return (nil, nil) }
            state.cancelled = true
            if let waiting = state.waiting {
                // Between attempts: nothing is in flight, so the run ends here.
                waiting.cancel()
                state.waiting = nil
                state.completed = true
                let downstream = state.downstream
                state.downstream = nil
                return (nil, downstream)
            }
            return (state.current, nil)
        }
        action.0?.cancel()
        action.1?.transferDidComplete(.cancelled)
    }

    // MARK: TransferDelegate (the transport's thread)

    func transferDidReceiveResponse(status: Int, headers: [HTTPHeader]) {
        let forward = state.withLock { state -> TransferDelegate? in
            if !state.forwarding, !state.cancelled, state.attempt <= policy.retries,
                RetryPolicy.isRetryable(status: status)
            {
                state.held = (status, headers, [])
                return nil
            }
            state.forwarding = true
            return state.downstream
        }
        forward?.transferDidReceiveResponse(status: status, headers: headers)
    }

    func transferDidReceive(_ bytes: UnsafeRawBufferPointer) {
        let forward = state.withLock { state -> TransferDelegate? in
            if state.forwarding { return state.downstream }
            if var held = state.held {
                held.body.append(contentsOf: bytes.prefix(max(0, Self.heldBodyLimit - held.body.count)))
                state.held = held
            }
            return nil
        }
        forward?.transferDidReceive(bytes)
    }

    func transferDidComplete(_ outcome: TransferOutcome) {
        enum Next {
            case finish(TransferDelegate?)
            case retry(RunAttempt, RetryListener?)
        }
        let next = state.withLock { state -> Next in
            let turnedAway = turnedAwayAttempt(state, outcome: outcome)
            guard let turnedAway, !state.cancelled else {
                state.completed = true
                let downstream = state.downstream
                state.downstream = nil
                return .finish(downstream)
            }
            state.held = nil
            state.current = nil
            state.attempt += 1
            let work = DispatchWorkItem { [weak self] in self?.sendAgain() }
            state.waiting = work
            queue.asyncAfter(deadline: .now() + .milliseconds(turnedAway.delayMs), execute: work)
            return .retry(turnedAway, state.listener)
        }
        switch next {
        case .finish(let downstream):
            downstream?.transferDidComplete(outcome)
        case .retry(let attempt, let listener):
            listener?.transferWillRetry(attempt, retries: policy.retries)
        }
    }

    /// The attempt to record when this transfer's end is one to retry, or nil when it goes downstream.
    private func turnedAwayAttempt(_ state: State, outcome: TransferOutcome) -> RunAttempt? {
        if let held = state.held {
            // A turned-away response read to its end (or cut while reading it: still turned away).
            let error = ChunkDecoder.decodeHTTPError(
                status: held.status, body: held.body, contentType: held.headers.value(for: "content-type"))
            let retryAfter = held.headers.value(for: "retry-after")
            let delay = policy.delay(beforeRetry: state.attempt, retryAfter: retryAfter, jitter: .random(in: 0...1))
            return RunAttempt(
                number: state.attempt, httpStatus: held.status,
                message: RunState.describe(status: held.status, error: error, retryAfter: retryAfter),
                delayMs: Int((delay * 1000).rounded()))
        }
        guard !state.forwarding, state.attempt <= policy.retries, case .failed(let error) = outcome,
            RetryPolicy.isRetryable(error)
        else { return nil }
        let delay = policy.delay(beforeRetry: state.attempt, retryAfter: nil, jitter: .random(in: 0...1))
        return RunAttempt(
            number: state.attempt, httpStatus: nil, message: error.errorDescription ?? "\(error)",
            delayMs: Int((delay * 1000).rounded()))
    }

    private func sendAgain() {
        let listener = state.withLock { state -> RetryListener?? in
            guard !state.cancelled, state.waiting != nil else { return .none }
            state.waiting = nil
            return .some(state.listener)
        }
        guard case .some(let listener) = listener else { return }
        listener?.transferIsRetrying()
        start()
    }
}
