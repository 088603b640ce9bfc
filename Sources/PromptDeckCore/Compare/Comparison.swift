import Dispatch
import Foundation
import Synchronization

/// Runs the variants of a `ComparisonPlan` at the same time, each a normal `RunSession` recorded in
/// history under the plan's group id. Runs share the transport (one libcurl multi handle), so a slow
/// variant never holds up a fast one; at most `concurrency` are in flight, the rest wait their turn.
public final class Comparison: @unchecked Sendable {
    public let plan: ComparisonPlan
    private let sessions: [RunSession]
    private let concurrency: Int
    private let observer: ComparisonObserver?
    private let state: Mutex<Progress>
    private let finished = DispatchSemaphore(value: 0)

    /// `concurrency` nil runs every variant at once (at most `defaultConcurrency` when given), except that
    /// no profile gets more requests at once than its `max_concurrency:` (a given `concurrency` overrides
    /// those too, as `--concurrency` does). `gate` shares each profile's `max_concurrency:` with the
    /// process's other runs (the playground's).
    public init(
        plan: ComparisonPlan, transports: TransportRegistry, recorder: RunRecorder,
        options: TransferOptions = TransferOptions(), concurrency: Int? = nil, observer: ComparisonObserver? = nil,
        gate: ProfileGate? = nil, defaultConcurrency: Int? = nil
    ) {
        self.gate = gate
        self.plan = plan
        self.concurrency = max(1, concurrency ?? defaultConcurrency ?? plan.variants.count)
        self.observer = observer
        let bridge = SessionBridge()
        sessions = plan.variants.map { planned in
            RunSession(
                record: planned.prepared.record, request: planned.prepared.request.spec,
                transport: transports.transport(for: planned.prepared.profile), options: options,
                retry: planned.prepared.profile.retry, recorder: recorder,
                observer: VariantObserver(position: planned.variant.position, bridge: bridge),
                choiceCount: planned.prepared.parameters.choiceCount)
        }
        var progress = Progress(
            variants: plan.variants.map {
                VariantState(variant: $0.variant, settings: $0.settings, runID: $0.prepared.record.id)
            })
        progress.profiles = plan.variants.map { $0.prepared.profile.name }
        if concurrency == nil {
            for planned in plan.variants {
                if let limit = planned.prepared.profile.maxConcurrency {
                    progress.profileLimits[planned.prepared.profile.name] = limit
                }
            }
        }
        state = Mutex(progress)
        bridge.comparison = self
    }

    private let gate: ProfileGate?
    /// Variants holding one of the gate's slots (their runs started through it).
    private let holding = Mutex<Set<Int>>([])

    /// The comparison's history group id.
    public var groupID: String { plan.groupID }

    /// The state of every variant now.
    public var snapshot: ComparisonSnapshot {
        state.withLock { ComparisonSnapshot(groupID: plan.groupID, variants: $0.variants) }
    }

    /// History write failures by run id (the runs themselves went on).
    public var recordingErrors: [(runID: String, error: Error)] {
        sessions.compactMap { session in session.recordingError.map { (session.id, $0) } }
    }

    /// Starts the first `concurrency` variants; the others start as earlier ones finish.
    public func start() {
        let toStart = state.withLock { progress -> [Int] in
            guard !progress.started else { return [] }
            progress.started = true
            return progress.claimSlots(limit: concurrency)
        }
        launch(toStart)
        if state.withLock({ $0.takeCompletion() }) { finishAll() }
    }

    /// Cancels one variant: a running one stops and keeps its partial output; a waiting one never starts.
    public func cancel(position: Int) {
        guard sessions.indices.contains(position) else { return }
        let wasPending = state.withLock { progress -> Bool in
            progress.cancelRequested.insert(position)
            guard !progress.launched.contains(position) else { return false }
            progress.skip(position)
            return true
        }
        if wasPending {
            observer?.comparison(self, didFinishVariantAt: position, record: nil)
            observerWasTold()
        } else if gate?.withdraw(id: sessions[position].id) == true {
            sessions[position].abandon()  // it waited for another run's slot: nothing was sent
        } else {
            sessions[position].cancel()
        }
    }

    /// Cancels every variant, running or waiting.
    public func cancelAll() {
        // No new starts from here on, so a finishing run cannot launch a waiting one.
        state.withLock { $0.cancellingAll = true }
        for position in sessions.indices { cancel(position: position) }
    }

    /// Blocks until every variant is over and history has their final state.
    @discardableResult
    public func waitUntilFinished() -> ComparisonSnapshot {
        finished.wait()
        finished.signal()
        return snapshot
    }

    private func launch(_ positions: [Int]) {
        for position in positions {
            state.withLock {
                $0.variants[position].startedAt = .now; $0.variants[position].status = .running
            }
            let session = sessions[position]
            let profile = plan.variants[position].prepared.profile.name
            let begin: @Sendable () -> Void = { [self] in
                holding.withLock { _ = $0.insert(position) }
                session.start()
                // A cancel that raced with the start found no transfer to stop yet.
                if state.withLock({ $0.cancelRequested.contains(position) }) { session.cancel() }
            }
            if let gate {
                gate.enter(profile, id: session.id, start: begin)
            } else {
                begin()
            }
            observer?.comparison(self, didUpdateVariantAt: position)
        }
    }

    /// Counts a variant's finish as told to the observer. The last one told, not the last run to finish,
    /// ends the comparison: runs finish on several threads, and one that finished last could otherwise
    /// wake a waiter while another's finish was still being told.
    private func observerWasTold() {
        if state.withLock({ $0.told() }) { finishAll() }
    }

    /// Tells the observer first, so whoever waits sees everything the observer was told.
    private func finishAll() {
        observer?.comparisonDidFinish(self)
        finished.signal()
    }

    // MARK: From the runs (transport and history threads)

    fileprivate func variant(at position: Int, received batch: StreamBatch) {
        let now = ContinuousClock.now
        state.withLock { $0.variants[position].apply(batch, now: now) }
        observer?.comparison(self, didUpdateVariantAt: position)
    }

    fileprivate func variant(at position: Int, retrying attempt: RunAttempt, of retries: Int) {
        state.withLock { progress in
            progress.variants[position].retrying = attempt
            progress.variants[position].retries = retries
        }
        observer?.comparison(self, didUpdateVariantAt: position)
    }

    fileprivate func variant(at position: Int, finishedWith record: RunRecord) {
        if holding.withLock({ $0.remove(position) }) != nil {
            gate?.leave(plan.variants[position].prepared.profile.name)
        }
        let next = state.withLock { progress -> [Int] in
            progress.complete(position, record: record)
            return progress.claimSlots(limit: concurrency)
        }
        launch(next)
        observer?.comparison(self, didFinishVariantAt: position, record: record)
        observerWasTold()
    }

    /// Which variants have been sent, finished or skipped; guarded by the comparison's lock.
    private struct Progress {
        var variants: [VariantState]
        var started = false
        var launched: Set<Int> = []
        var inFlight = 0
        var finishedCount = 0
        /// Variants whose finish the observer has been told.
        var toldCount = 0
        var cancelRequested: Set<Int> = []
        var cancellingAll = false
        var announced = false
        /// Each variant's profile, and the profiles with a `max_concurrency:`.
        var profiles: [String] = []
        var profileLimits: [String: Int] = [:]
        var inFlightByProfile: [String: Int] = [:]

        /// True once, when every variant is over and the observer has been told of each.
        mutating func takeCompletion() -> Bool {
            guard started, finishedCount == variants.count, toldCount == variants.count, !announced else {
                return false
            }
            announced = true
            return true
        }

        /// The next waiting variants that fit under the limit, marked as launched.
        mutating func claimSlots(limit: Int) -> [Int] {
            var claimed: [Int] = []
            guard !cancellingAll else { return claimed }
            for position in variants.indices where inFlight < limit && !launched.contains(position) {
                let profile = profiles.indices.contains(position) ? profiles[position] : ""
                if let cap = profileLimits[profile], inFlightByProfile[profile, default: 0] >= cap { continue }
                launched.insert(position)
                inFlight += 1
                inFlightByProfile[profile, default: 0] += 1
                claimed.append(position)
            }
            return claimed
        }

        mutating func complete(_ position: Int, record: RunRecord) {
            inFlight -= 1
            let profile = profiles.indices.contains(position) ? profiles[position] : ""
            let neighbours = inFlightByProfile[profile, default: 1] - 1
            inFlightByProfile[profile, default: 1] -= 1
            finishedCount += 1
            variants[position].finish(with: record)
            if neighbours > 0, let hint = Self.oneSlotHint(record, profile: profile) {
                variants[position].errorMessage = (variants[position].errorMessage ?? "failed") + hint
            }
            variants[position].finishOrder = finishedCount
        }

        /// A failure that looks like a one-slot server's (a stream cut, or 503 / 429, while other requests
        /// to the same profile were in flight) says so.
        static func oneSlotHint(_ record: RunRecord, profile: String) -> String? {
            guard record.status == .error else { return nil }
            let message = record.errorMessage ?? ""
            let cut =
                message.contains("curl 18") || message.contains("outstanding read data")
                || message.contains("ended before")
            guard cut || record.httpStatus == 503 || record.httpStatus == 429 else { return nil }
            return " — other requests to '\(profile)' were in flight: the server may serve one at a time "
                + "(set max_concurrency: 1 on the profile)"
        }

        /// Counts one more finish told to the observer; true when that completes the comparison.
        mutating func told() -> Bool {
            toldCount += 1
            return takeCompletion()
        }

        mutating func skip(_ position: Int) {
            launched.insert(position)
            finishedCount += 1
            variants[position].status = .cancelled
            variants[position].errorMessage = "cancelled before it started"
        }
    }
}

/// Lets the runs' observers reach the comparison without keeping it alive.
private final class SessionBridge: @unchecked Sendable {
    weak var comparison: Comparison?
}

/// Forwards one run's events to its comparison.
private final class VariantObserver: RunObserver {
    let position: Int
    let bridge: SessionBridge

    init(position: Int, bridge: SessionBridge) {
        self.position = position
        self.bridge = bridge
    }

    func run(_ run: RunSession, didReceive batch: StreamBatch) {
        bridge.comparison?.variant(at: position, received: batch)
    }

    func runWillRetry(_ run: RunSession, attempt: RunAttempt, retries: Int) {
        bridge.comparison?.variant(at: position, retrying: attempt, of: retries)
    }

    func runDidFinish(_ run: RunSession, record: RunRecord) {
        bridge.comparison?.variant(at: position, finishedWith: record)
    }
}
