import PromptDeckCore
import Testing

@testable import PromptDeckTUI

/// Compare-mode states with deterministic results.
enum CompareFixtures {
    static let outputs = [
        "Bloom: fresh flowers for every day in Leeds.",
        "Bloom: fresh roses for every evening in Leeds.",
        "Bloom: flowers, fresh every day, delivered across Leeds.",
        "Leeds blooms here: fresh flowers every day.",
    ]

    /// Compare mode with `count` columns at temperatures 0, 0.5, 1, 1.5…
    static func columns(_ count: Int, rows: Int, columns: Int) -> AppState {
        var state = Fixtures.state(rows: rows, columns: columns)
        state.fields[0].value = "Bloom"
        _ = update(&state, .key(.char("c")))
        for _ in 2..<max(2, count) { _ = update(&state, .key(.char("a"))) }
        for index in 0..<count {
            state.compare?.columns[index].variant.overrides["temperature"] = .number(Double(index) * 0.5)
        }
        return state
    }

    /// Starts the comparison (group `grp-0001` at t = 10 s) and delivers one frame.
    static func run(
        _ state: inout AppState, statuses: [VariantStatus]? = nil, outputs texts: [String]? = nil,
        finished: Bool = true
    ) {
        _ = update(&state, .key(.function(5)))
        _ = update(&state, .comparisonStarted(groupID: "grp-0001", at: 10, warnings: []))
        let frame = frame(state, statuses: statuses, outputs: texts)
        _ = update(&state, finished ? .comparisonFinished(frame, historyWarning: nil) : .comparisonUpdated(frame))
    }

    static func frame(_ state: AppState, statuses: [VariantStatus]? = nil, outputs texts: [String]? = nil)
        -> ComparisonFrame
    {
        let columns = state.compare?.columns ?? []
        var variants: [VariantState] = []
        for (index, column) in columns.enumerated() {
            var variant = VariantState(
                variant: column.variant, settings: state.projectedSettings(column.variant), runID: "run-\(index)")
            variant.status = statuses.map { $0[index % $0.count] } ?? .ok
            guard variant.status != .pending else {
                variants.append(variant)
                continue
            }
            variant.outputs = [0: texts.map { $0[index % $0.count] } ?? outputs[index % outputs.count]]
            variant.timeToFirstTokenMs = 100 + 40 * index
            variant.deltaCount = 8 + index
            if variant.status.isFinished {
                variant.durationMs = 900 + 150 * index
                variant.finishReasons = [0: "stop"]
                variant.usage = Usage(promptTokens: 9, completionTokens: 10 + index, totalTokens: 19 + index)
                variant.cacheStatus = "MISS"
                variant.finishOrder = index + 1
            }
            variants.append(variant)
        }
        return ComparisonFrame(
            groupID: "grp-0001", variants: variants,
            elapsedMs: variants.map { $0.status == .pending ? nil : $0.durationMs ?? 600 }, at: 10.6)
    }
}
