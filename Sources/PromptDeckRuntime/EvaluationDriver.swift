import Foundation
import PromptDeckCore
import PromptDeckTUI
import Synchronization

/// Runs the TUI's evaluations through Core's `Evaluation` (the same plan, runner, checks, prices and one
/// history group as `promptdeck eval`) and turns its observer calls into messages. Started on the files
/// worker, cancelled from the key loop; there is at most one evaluation at a time.
final class EvaluationDriver: Sendable {
    private let queue: MessageQueue
    private let current = Mutex<Evaluation?>(nil)

    init(queue: MessageQueue) {
        self.queue = queue
    }

    /// Reads the dataset, prepares every cell (bad rows reported, the others run) and starts them. A
    /// request with `only` runs just those cells again, in its group, each a child of the run it replaces.
    func start(
        _ request: EvaluationRequest, planner: RunPlanner, transports: TransportRegistry, recorder: RunRecorder,
        gate: ProfileGate, prices: PriceTable?, history: HistoryAccess
    ) {
        var plan: EvaluationPlan
        do {
            plan = try Self.plan(for: request, planner: planner)
        } catch {
            queue.post(.evaluationFailedToStart(error.message))
            return
        }
        if let only = request.only {
            let replacing = Dictionary(
                only.map { ("\($0.row) \($0.variant)", $0.replacing) }, uniquingKeysWith: { first, _ in first })
            plan.cells = plan.cells.compactMap { cell in
                guard let replaced = replacing["\(cell.row) \(cell.variant.number)"] else { return nil }
                var cell = cell
                cell.prepared.record.parentID = replaced
                return cell
            }
        }
        let problems = plan.rowProblems.sorted { $0.key < $1.key }.map(\.value.description)
        guard !plan.cells.isEmpty else {
            queue.post(
                .evaluationFailedToStart((problems + ["\(plan.dataset.file): no row can run"]).joined(separator: "\n")))
            return
        }
        let ran = Set(plan.cells.map(\.row))
        let rows = plan.dataset.rows.filter { ran.contains($0.number) }.map { row in
            EvaluationGridRow(
                number: row.number, label: EvaluationScore.label(of: row.values),
                values: row.values.keys.sorted().map { name in
                    EvaluationValue(name: name, text: row.values[name].map { $0.stringValue ?? $0.serialized() } ?? "")
                })
        }
        queue.post(
            .evaluationStarted(
                EvaluationStart(
                    groupID: plan.groupID, rows: rows,
                    cells: plan.cells.map { EvaluationCellKey(row: $0.row, variant: $0.variant.number) },
                    rowProblems: request.only == nil ? problems : [], warnings: plan.warnings.map(\.description),
                    isRerun: request.only != nil)))
        let evaluation = Evaluation(
            plan: plan, transports: transports, recorder: recorder, prices: prices,
            options: TransferOptions(connectTimeout: 10), observer: EvaluationBridge(queue: queue, plan: plan),
            gate: gate)
        current.withLock { $0 = evaluation }
        evaluation.start()
        let (queue, promptID, groupID) = (queue, plan.promptID, plan.groupID)
        DispatchQueue.global().async {
            evaluation.waitUntilFinished()
            let warning = evaluation.recordingErrors.first.map { "\($0.runID): \($0.error.localizedDescription)" }
            let previous = Self.delta(promptID: promptID, groupID: groupID, history: history)
            queue.post(.evaluationFinished(groupID: groupID, previous: previous, historyWarning: warning))
        }
    }

    func cancelAll() { current.withLock { $0 }?.cancelAll() }

    /// Cancels the evaluation and waits (up to `timeout` seconds) until its cells are recorded.
    func cancelAndWait(timeout: Double) {
        guard let evaluation = current.withLock({ $0 }) else { return }
        evaluation.cancelAll()
        BoundedWait.run(timeout: timeout) { evaluation.waitUntilFinished() }
    }

    /// The prompt's dataset (or the file typed in) × the variants, as `promptdeck eval` plans it.
    static func plan(for request: EvaluationRequest, planner: RunPlanner) throws(PlanProblem) -> EvaluationPlan {
        var file = request.base
        file.source = nil  // the dataset is named next to the prompt file, whatever text the columns run
        let prompt: Prompt
        do { prompt = try planner.loadPrompt(for: file).prompt } catch { throw PlanProblem(error.description) }
        let dataset: Dataset
        do { dataset = try Dataset.load(for: prompt, given: request.datasetPath) } catch {
            throw PlanProblem(error.description)
        }
        do {
            return try EvaluationPlan.prepare(
                base: request.base, dataset: dataset, variants: request.variants, planner: planner,
                groupID: request.groupID ?? HistoryStore.newRunID())
        } catch { throw PlanProblem(error.description) }
    }

    /// Why an evaluation could not be planned, in the user's words.
    struct PlanProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// This evaluation against the prompt's one before it (as history has them), when there is one.
    static func delta(promptID: String, groupID: String, history: HistoryAccess) -> EvaluationDelta? {
        guard let store = try? history.reader(),
            let earlier = try? store.previousEvaluationGroup(promptID: promptID, before: groupID),
            let before = try? store.evaluationScore(ofGroup: earlier),
            let after = try? store.evaluationScore(ofGroup: groupID)
        else { return nil }
        return EvaluationDelta(before: before, after: after)
    }
}

/// Posts an evaluation's progress to the key loop: each finished cell, and the cells out now (coalesced).
final class EvaluationBridge: EvaluationObserver, Sendable {
    private let queue: MessageQueue
    private let groupID: String
    /// The plan position of each (row, variant, repeat).
    private let positions: [String: Int]

    init(queue: MessageQueue, plan: EvaluationPlan) {
        self.queue = queue
        groupID = plan.groupID
        positions = Dictionary(
            plan.cells.enumerated().map { (Self.key(row: $1.row, variant: $1.variant), $0) },
            uniquingKeysWith: { first, _ in first })
    }

    private static func key(row: Int, variant: ComparisonVariant) -> String {
        "\(row) \(variant.number) \(variant.repetition)"
    }

    func evaluation(_ evaluation: Evaluation, didFinish cell: EvaluationCellResult, progress: EvaluationProgress) {
        guard let position = positions[Self.key(row: cell.row, variant: cell.variant)] else { return }
        queue.post(.evaluationCellFinished(groupID: groupID, position: position, result: cell))
    }

    func evaluation(_ evaluation: Evaluation, didUpdateCellAt position: Int) {
        let groupID = groupID
        queue.postLatest(key: "evaluation-" + groupID) {
            .evaluationRunning(groupID: groupID, positions: evaluation.runningPositions)
        }
    }
}

/// Waits for `body` on another thread for at most `timeout` seconds (shutdown must not hang on a run).
enum BoundedWait {
    static func run(timeout: Double, _ body: @escaping @Sendable () -> Void) {
        let waiter = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            body()
            waiter.signal()
        }
        _ = waiter.wait(timeout: .now() + max(0, timeout))
    }
}
