import Foundation
import Synchronization

/// How far an evaluation has got, for progress bars.
public struct EvaluationProgress: Sendable, Equatable {
    public var total: Int
    public var done: Int
    /// Cells that failed a check or did not finish ok.
    public var failed: Int
    public var elapsed: Duration

    public init(total: Int, done: Int, failed: Int, elapsed: Duration) {
        self.total = total
        self.done = done
        self.failed = failed
        self.elapsed = elapsed
    }

    /// The time left at the pace so far; nil before the first cell is done.
    public var estimatedRemaining: Duration? {
        guard done > 0, done < total else { return done >= total ? .zero : nil }
        return elapsed * (Double(total - done) / Double(done))
    }
}

/// Watches an evaluation. Calls come from the runs' threads; keep them short.
public protocol EvaluationObserver: AnyObject, Sendable {
    /// A cell is over, checked, priced and in history.
    func evaluation(_ evaluation: Evaluation, didFinish cell: EvaluationCellResult, progress: EvaluationProgress)
    /// A cell started, streamed or was answered (often: coalesce). `position` is its index in the plan.
    func evaluation(_ evaluation: Evaluation, didUpdateCellAt position: Int)
}

extension EvaluationObserver {
    /// Progress bars only count finished cells.
    public func evaluation(_ evaluation: Evaluation, didUpdateCellAt position: Int) {}
}

/// Runs an `EvaluationPlan`: every cell a normal run (through `Comparison`, so the transport, the
/// concurrency limit and the profiles' `max_concurrency:` are the same as a comparison's), checked and
/// priced as it ends, all in one history group.
public final class Evaluation: @unchecked Sendable {
    public let plan: EvaluationPlan
    /// At most this many requests at once when `--concurrency` is not given (profile limits still hold).
    public static let defaultConcurrency = 8
    private let comparison: Comparison
    private let checking: CheckingRecorder
    private let observer: EvaluationObserver?
    private let clock = ContinuousClock()
    private let state: Mutex<Tally>

    private struct Tally {
        var startedAt: ContinuousClock.Instant?
        var finishedAt: ContinuousClock.Instant?
        var done = 0
        var failed = 0
    }

    /// `prices` nil leaves costs out; `concurrency` nil is `defaultConcurrency` under the profiles' limits;
    /// `gate` shares those limits with the process's other runs (the playground's), as a comparison does.
    public init(
        plan: EvaluationPlan, transports: TransportRegistry, recorder: RunRecorder, prices: PriceTable?,
        options: TransferOptions = TransferOptions(), concurrency: Int? = nil, observer: EvaluationObserver? = nil,
        gate: ProfileGate? = nil
    ) {
        self.plan = plan
        self.observer = observer
        checking = CheckingRecorder(wrapping: recorder, prices: prices)
        for cell in plan.cells {
            checking.expect(runID: cell.prepared.record.id, checks: cell.checks, variables: cell.variables)
        }
        let planned = plan.cells.enumerated().map { index, cell -> PlannedVariant in
            var variant = cell.variant
            variant.position = index
            return PlannedVariant(variant: variant, prepared: cell.prepared, settings: [])
        }
        let comparisonPlan = ComparisonPlan(
            groupID: plan.groupID, promptID: plan.promptID, variants: planned, warnings: [])
        let bridge = EvaluationBridge()
        comparison = Comparison(
            plan: comparisonPlan, transports: transports, recorder: checking, options: options,
            concurrency: concurrency, observer: bridge, gate: gate,
            defaultConcurrency: Self.defaultConcurrency)
        state = Mutex(Tally())
        bridge.evaluation = self
    }

    public var groupID: String { plan.groupID }

    /// Progress now.
    public var progress: EvaluationProgress {
        let now = clock.now
        return state.withLock { tally in
            let end = tally.finishedAt ?? now
            return EvaluationProgress(
                total: plan.cells.count, done: tally.done, failed: tally.failed,
                elapsed: tally.startedAt.map { $0.duration(to: end) } ?? .zero)
        }
    }

    /// The plan positions of the cells whose request is out now (the others wait or are over).
    public var runningPositions: [Int] {
        comparison.snapshot.variants.enumerated().compactMap { index, variant in
            variant.status == .running || variant.status == .streaming ? index : nil
        }
    }

    /// History write failures by run id (the runs themselves went on).
    public var recordingErrors: [(runID: String, error: Error)] { comparison.recordingErrors }

    public func start() {
        state.withLock { $0.startedAt = clock.now }
        comparison.start()
    }

    /// Stops every cell, running or waiting; finished cells keep their results.
    public func cancelAll() { comparison.cancelAll() }

    /// Blocks until every cell is over; the result has every cell, checked and priced.
    @discardableResult
    public func waitUntilFinished() -> EvaluationResult {
        let snapshot = comparison.waitUntilFinished()
        let elapsed = progress.elapsed
        let cells = plan.cells.enumerated().map { index, cell in
            result(
                for: cell, record: checking.finishedRecord(runID: cell.prepared.record.id),
                state: snapshot.variants[index])
        }
        return EvaluationResult(plan: plan, cells: cells, elapsed: elapsed)
    }

    private func result(for cell: EvaluationCell, record: RunRecord?, state: VariantState?) -> EvaluationCellResult {
        EvaluationCellResult(
            row: cell.row, variant: cell.variant, record: record, checks: record?.checkResults ?? [],
            cost: record?.cost, cancelledBeforeStart: record == nil)
    }

    fileprivate func cellFinished(at position: Int, record: RunRecord?) {
        let cell = plan.cells[position]
        let checked = record.flatMap { checking.finishedRecord(runID: $0.id) } ?? record
        let result = result(for: cell, record: checked, state: nil)
        let now = clock.now
        let progress = state.withLock { tally -> EvaluationProgress in
            tally.done += 1
            if !result.passed { tally.failed += 1 }
            if tally.done == plan.cells.count { tally.finishedAt = now }
            return EvaluationProgress(
                total: plan.cells.count, done: tally.done, failed: tally.failed,
                elapsed: tally.startedAt.map { $0.duration(to: now) } ?? .zero)
        }
        observer?.evaluation(self, didFinish: result, progress: progress)
    }

    fileprivate func cellUpdated(at position: Int) { observer?.evaluation(self, didUpdateCellAt: position) }
}

/// Lets the comparison's observer reach the evaluation without keeping it alive.
private final class EvaluationBridge: ComparisonObserver, @unchecked Sendable {
    weak var evaluation: Evaluation?

    func comparison(_ comparison: Comparison, didFinishVariantAt position: Int, record: RunRecord?) {
        evaluation?.cellFinished(at: position, record: record)
    }

    func comparison(_ comparison: Comparison, didUpdateVariantAt position: Int) {
        evaluation?.cellUpdated(at: position)
    }
}
