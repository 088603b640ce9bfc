import Foundation

/// One cell as it ended: its run (checked and priced), or nothing when it was cancelled before it started.
public struct EvaluationCellResult: Sendable, Equatable {
    public var row: Int
    public var variant: ComparisonVariant
    public var record: RunRecord?
    public var checks: [CheckResult]
    public var cost: RunCost?
    public var cancelledBeforeStart: Bool

    /// The run finished ok and no check failed.
    public var passed: Bool { record?.status == .ok && CheckTally(checks).allPassed }

    /// The first choice's text.
    public var output: String {
        guard let record, let first = record.outputs.keys.min() else { return "" }
        return record.outputs[first] ?? ""
    }

    /// Why it failed, in one line: the first failed check's message, or the run's error.
    public var failureReason: String? {
        guard !passed else { return nil }
        if cancelledBeforeStart { return "cancelled before it started" }
        if let record, record.status != .ok {
            return record.status.rawValue + (record.errorMessage.map { ": \($0)" } ?? "")
        }
        return checks.first { $0.status == .failed }.map { "\($0.name): \($0.message ?? "failed")" }
    }
}

/// Figures for one variant over every row.
public struct EvaluationVariantSummary: Sendable, Equatable {
    public var number: Int
    /// The variant's overrides as given (`temperature=0.5`), empty for the prompt as it is.
    public var specText: String
    public var runs: Int
    public var passed: Int
    /// Runs that did not finish ok (errors, cancellations).
    public var errors: Int
    /// Share of runs that passed, 0...1; nil with no runs.
    public var passRate: Double? { runs == 0 ? nil : Double(passed) / Double(runs) }
    public var meanLatencyMs: Int?
    public var p95LatencyMs: Int?
    public var completionTokens: Int
    public var tokensEstimated: Bool
    /// The sum of the runs' costs; nil when none is known.
    public var cost: RunCost?
    /// Runs whose cost is unknown (no price for the model, or no usage).
    public var unpricedRuns: Int
}

extension EvaluationVariantSummary {
    /// The figures of a variant's cells (those finished so far, in the playground's grid).
    public init(number: Int, cells mine: [EvaluationCellResult]) {
        let latencies = mine.compactMap { $0.record?.status == .ok ? $0.record?.durationMs : nil }.sorted()
        let mean = latencies.isEmpty ? nil : latencies.reduce(0, +) / latencies.count
        let p95 =
            latencies.isEmpty
            ? nil : latencies[min(latencies.count - 1, Int((Double(latencies.count) * 0.95).rounded(.up)) - 1)]
        self.init(
            number: number, specText: mine.first?.variant.specText ?? "", runs: mine.count,
            passed: mine.count(where: \.passed),
            errors: mine.count { $0.record?.status != .ok },
            meanLatencyMs: mean, p95LatencyMs: p95,
            completionTokens: mine.reduce(0) { $0 + ($1.record?.completionTokens ?? 0) },
            tokensEstimated: mine.contains { $0.record?.tokensEstimated == true },
            cost: RunCost.sum(mine.map(\.cost)), unpricedRuns: mine.count { $0.cost == nil && $0.record != nil })
    }
}

/// A finished evaluation.
public struct EvaluationResult: Sendable {
    public var plan: EvaluationPlan
    /// In plan order (row-major).
    public var cells: [EvaluationCellResult]
    public var elapsed: Duration

    public init(plan: EvaluationPlan, cells: [EvaluationCellResult], elapsed: Duration) {
        self.plan = plan
        self.cells = cells
        self.elapsed = elapsed
    }

    public var groupID: String { plan.groupID }

    /// Every cell ran ok and passed its checks, and no row was bad.
    public var allPassed: Bool { plan.rowProblems.isEmpty && cells.allSatisfy(\.passed) }

    /// The cells of one row and variant (several with `--repeat`).
    public func cells(row: Int, variant: Int) -> [EvaluationCellResult] {
        cells.filter { $0.row == row && $0.variant.number == variant }
    }

    /// The rows that ran, in order.
    public var rowNumbers: [Int] {
        var seen: [Int] = []
        for cell in cells where !seen.contains(cell.row) { seen.append(cell.row) }
        return seen
    }

    public func summary(variant number: Int) -> EvaluationVariantSummary {
        EvaluationVariantSummary(number: number, cells: cells.filter { $0.variant.number == number })
    }

    public var summaries: [EvaluationVariantSummary] { plan.variantNumbers.map { summary(variant: $0) } }

    /// The distinct first-choice outputs of a row and variant with how often each came (for `--repeat`),
    /// most frequent first.
    public func outputGroups(row: Int, variant: Int) -> [(output: String, count: Int)] {
        var groups: [(output: String, count: Int)] = []
        for cell in cells(row: row, variant: variant) {
            if let index = groups.firstIndex(where: { $0.output == cell.output }) {
                groups[index].count += 1
            } else {
                groups.append((cell.output, 1))
            }
        }
        return groups.sorted { $0.count > $1.count }
    }

    /// A short text for a row: its variables, `city=Paris tone=dry`.
    public func rowLabel(_ number: Int) -> String {
        guard let row = plan.dataset.rows.first(where: { $0.number == number }) else { return "row \(number)" }
        return EvaluationScore.label(of: row.values)
    }
}
