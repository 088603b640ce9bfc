import PromptDeckCore

/// `--json`: every run (id, group, variant overrides, status, figures, outputs, error) and the summary.
enum CompareJSON {
    /// `checked` holds the runs as they were written at their end (checked and priced), by id.
    static func report(
        _ snapshot: ComparisonSnapshot, plan: ComparisonPlan, checked: [String: RunRecord] = [:]
    ) -> JSONValue {
        let runs: [JSONValue] = snapshot.variants.map { state in
            let final = checked[state.runID]
            let variant = state.variant
            let optionalInt = { (value: Int?) in value.map(JSONValue.int) ?? .null }
            var overrides: [String: JSONValue] = variant.overrides
            if let model = variant.model { overrides["model"] = .string(model) }
            if let profile = variant.profileName { overrides["profile"] = .string(profile) }
            return [
                "id": .string(state.runID), "group_id": .string(snapshot.groupID), "label": .string(variant.label),
                "variant": .int(variant.number), "repetition": .int(variant.repetition),
                "overrides": .object(overrides),
                "settings": .object(
                    Dictionary(uniqueKeysWithValues: state.settings.map { ($0.key, JSONValue.string($0.value)) })),
                "differs": .object(
                    Dictionary(
                        uniqueKeysWithValues: plan.headerSettings(at: variant.position).map {
                            ($0.key, JSONValue.string($0.value))
                        })),
                "status": .string(state.status.rawValue), "http_status": optionalInt(state.httpStatus),
                "error": state.status == .ok ? .null : state.errorMessage.map(JSONValue.string) ?? .null,
                "metrics": [
                    "ttft_ms": optionalInt(state.timeToFirstTokenMs), "duration_ms": optionalInt(state.durationMs),
                    "completion_tokens": .int(state.completionTokens),
                    "tokens_estimated": .bool(state.tokensEstimated),
                    "prompt_tokens": optionalInt(state.usage?.promptTokens),
                    "tokens_per_second": state.tokensPerSecond.map { .number(($0 * 10).rounded() / 10) } ?? .null,
                    "finish_reason": state.finishReason.map(JSONValue.string) ?? .null,
                    "cache_status": state.cacheStatus.map(JSONValue.string) ?? .null,
                ],
                "output": .string(state.output),
                "checks": .array((final?.checkResults ?? []).map(EvaluationReport.json)),
                "cost": EvaluationReport.json(final?.cost),
                "outputs": .array(state.outputs.keys.sorted().map { .string(state.outputs[$0] ?? "") }),
            ]
        }
        let summary = snapshot.summary
        func leader(_ leader: ComparisonSummary.Leader?, _ key: String) -> JSONValue {
            guard let leader else { return .null }
            var object: [String: JSONValue] = [
                "label": .string(leader.label), "position": .int(leader.position), key: .int(leader.value),
            ]
            if leader.estimated { object["tokens_estimated"] = .bool(true) }
            return .object(object)
        }
        return [
            "group_id": .string(snapshot.groupID), "prompt": .string(plan.promptID), "runs": .array(runs),
            "summary": [
                "fastest_first_token": leader(summary.fastestFirstToken, "ttft_ms"),
                "first_finished": leader(summary.firstFinished, "duration_ms"),
                "most_tokens": leader(summary.mostTokens, "completion_tokens"),
                "succeeded": .int(summary.succeeded), "failed": .int(summary.failed),
                "cancelled": .int(summary.cancelled), "total": .int(summary.total), "line": .string(summary.line),
            ],
        ]
    }
}
