import Foundation
import PromptDeckCore
import PromptDeckTUI
import Synchronization

/// Runs the TUI's comparisons through Core's `Comparison` (every variant at once on the shared
/// transport, recorded under one group id) and turns its observer calls into messages.
/// Started on the files worker, cancelled from the key loop; there is at most one comparison at a time.
final class ComparisonDriver: Sendable {
    private let queue: MessageQueue
    private let clock: @Sendable () -> Double
    private let current = Mutex<Comparison?>(nil)

    init(queue: MessageQueue, clock: @escaping @Sendable () -> Double) {
        self.queue = queue
        self.clock = clock
    }

    /// Prepares every variant (all problems reported together) and starts them.
    func start(
        base: RunInputs, variants: [ComparisonVariant], planner: RunPlanner, transports: TransportRegistry,
        recorder: RunRecorder, gate: ProfileGate? = nil, checking: CheckingRecorder? = nil
    ) {
        let plan: ComparisonPlan
        do {
            plan = try ComparisonPlan.prepare(base: base, variants: variants, planner: planner)
        } catch {
            queue.post(.comparisonFailedToStart(error.description))
            return
        }
        for planned in plan.variants where !planned.prepared.checks.isEmpty {
            checking?.expect(
                runID: planned.prepared.record.id, checks: planned.prepared.checks,
                variables: planned.prepared.record.variables.objectValue ?? [:])
        }
        let comparison = Comparison(
            plan: plan, transports: transports, recorder: checking ?? recorder,
            options: TransferOptions(connectTimeout: 10),
            observer: ComparisonBridge(queue: queue, clock: clock, checking: checking), gate: gate)
        current.withLock { $0 = comparison }
        queue.post(
            .comparisonStarted(groupID: plan.groupID, at: clock(), warnings: plan.warnings.map(\.description)))
        comparison.start()
    }

    func cancel(position: Int) { current.withLock { $0 }?.cancel(position: position) }

    func cancelAll() { current.withLock { $0 }?.cancelAll() }

    /// Cancels the comparison and waits (up to `timeout` seconds) until its runs are recorded.
    func cancelAndWait(timeout: Double) {
        guard let comparison = current.withLock({ $0 }) else { return }
        comparison.cancelAll()
        BoundedWait.run(timeout: timeout) { comparison.waitUntilFinished() }
    }
}

/// Posts a comparison's progress to the key loop: updates coalesced to the newest frame per batch,
/// then one message when every variant is over (called on transport and history threads).
final class ComparisonBridge: ComparisonObserver, Sendable {
    private let queue: MessageQueue
    private let clock: @Sendable () -> Double
    /// Checks and prices the columns' runs; frames carry the checked records.
    private let checking: CheckingRecorder?

    init(queue: MessageQueue, clock: @escaping @Sendable () -> Double, checking: CheckingRecorder? = nil) {
        self.queue = queue
        self.clock = clock
        self.checking = checking
    }

    func comparison(_ comparison: Comparison, didUpdateVariantAt position: Int) {
        post(comparison)
    }

    func comparison(_ comparison: Comparison, didFinishVariantAt position: Int, record: RunRecord?) {
        post(comparison)
    }

    func comparisonDidFinish(_ comparison: Comparison) {
        let warning = comparison.recordingErrors.first.map { "\($0.runID): \($0.error.localizedDescription)" }
        queue.post(
            .comparisonFinished(Self.frame(of: comparison, at: clock(), checking: checking), historyWarning: warning))
        for variant in comparison.snapshot.variants { checking?.forget(runID: variant.runID) }
    }

    private func post(_ comparison: Comparison) {
        let clock = clock
        let checking = checking
        queue.postLatest(key: "comparison-" + comparison.groupID) {
            .comparisonUpdated(Self.frame(of: comparison, at: clock(), checking: checking))
        }
    }

    static func frame(of comparison: Comparison, at time: Double, checking: CheckingRecorder? = nil) -> ComparisonFrame
    {
        let snapshot = comparison.snapshot
        let now = ContinuousClock.now
        var variants = snapshot.variants
        for index in variants.indices {
            if let id = variants[index].record?.id, let checked = checking?.finishedRecord(runID: id) {
                variants[index].record = checked
            }
        }
        return ComparisonFrame(
            groupID: snapshot.groupID, variants: variants,
            elapsedMs: snapshot.variants.map { $0.elapsedMs(now: now) }, at: time)
    }
}
