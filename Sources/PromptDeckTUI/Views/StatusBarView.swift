import PromptDeckCore

/// The status bar: run state, time to first token, tokens, tok/s, duration, finish reason, trace id and
/// cache status; a message (or model and profile) on the right.
enum StatusBarView {
    static func draw(_ state: AppState, row: Int, into screen: inout ScreenBuffer) {
        guard row >= 0 else { return }
        let width = screen.columns
        screen.fill(Rect(top: row, left: 0, height: 1, width: width), role: .statusBar)
        let comparing = state.isComparing ? state.compare : nil
        let evaluating = state.evaluation
        let (label, role) =
            evaluating.map(evaluationLabel) ?? comparing.map(compareLabel) ?? stateLabel(state.run)
        var column = screen.write(" " + label + " ", row: row, column: 0, role: role)
        let metrics = comparing == nil && evaluating == nil ? metricsText(state.run) : ""
        if !metrics.isEmpty {
            column = screen.write(" " + metrics, row: row, column: column, role: .statusMetric)
        }
        let right: String
        let rightRole: StyleRole
        if let edit = state.inlineEdit, let error = edit.error {
            right = "✖ " + error
            rightRole = .statusError
        } else if let message = state.statusMessage {
            right = message.text
            rightRole = message.kind == .info ? .statusBar : message.kind == .warning ? .statusWarning : .statusError
        } else if let replay = state.replay, !state.isComparing {
            right = "replay of \(replay.runID) · \(replay.model) @ \(replay.profileName)"
            rightRole = .statusBar
        } else {
            right = "\(state.shownModel ?? "-") @ \(state.activeProfileName)"
            rightRole = .statusBar
        }
        let room = width - column - 2
        guard room > 3 else { return }
        let shown = DisplayWidth.truncate(right, to: room)
        screen.write(shown, row: row, column: width - DisplayWidth.of(shown) - 1, role: rightRole)
    }

    /// `▶ evaluating 4/6 · 1 failed`
    static func evaluationLabel(_ evaluation: EvaluationState) -> (String, StyleRole) {
        let (done, failed, total) = evaluation.progress
        let failures = failed > 0 ? " · \(failed) failed" : ""
        switch evaluation.phase {
        case .askingDataset: return ("● evaluate: which dataset?", .statusBar)
        case .starting: return ("◌ starting the evaluation", .statusRunning)
        case .running: return ("▶ evaluating \(done)/\(total)\(failures)", .statusRunning)
        case .finished:
            return failed > 0 ? ("✖ evaluated · \(failed) failed", .statusError) : ("✔ evaluated · all pass", .statusOK)
        case .failed: return ("✖ evaluation did not start", .statusError)
        }
    }

    /// `▶ comparing 1/3 done`
    static func compareLabel(_ compare: CompareState) -> (String, StyleRole) {
        let done = compare.columns.count { $0.result?.status.isFinished ?? false }
        switch compare.phase {
        case .idle: return ("● compare", .statusBar)
        case .starting: return ("◌ starting \(compare.columns.count)", .statusRunning)
        case .running: return ("▶ comparing \(done)/\(compare.columns.count) done", .statusRunning)
        case .finished:
            let failed = compare.columns.contains { $0.result.map { $0.status != .ok } ?? false }
            return (failed ? "■ compared" : "✔ compared", failed ? .statusCancelled : .statusOK)
        }
    }

    static func stateLabel(_ run: RunProgress?) -> (String, StyleRole) {
        guard let run else { return ("● ready", .statusBar) }
        switch run.phase {
        case .starting: return ("◌ starting", .statusRunning)
        case .waiting: return ("◌ " + (run.retryText ?? run.queuedText ?? "waiting"), .statusRunning)
        case .streaming: return ("▶ streaming", .statusRunning)
        // A reply that calls tools is not an empty success: it says so.
        case .finished(.ok) where run.finishReasons.values.contains("tool_calls"): return ("✔ tool call", .statusOK)
        case .finished(.ok): return ("✔ ok", .statusOK)
        case .finished(.cancelled): return ("■ cancelled", .statusCancelled)
        case .finished:
            return ("✖ error" + (run.httpStatus.map { $0 >= 400 ? " \($0)" : "" } ?? ""), .statusError)
        }
    }

    static func metricsText(_ run: RunProgress?) -> String {
        guard let run, run.phase != .starting else { return "" }
        var parts: [String] = []
        parts.append("ttft " + (run.ttftMs.map { "\($0) ms" } ?? "–"))
        parts.append(run.tokensText)
        if let rate = run.tokensPerSecond { parts.append(String(format: "%.1f tok/s", rate)) }
        if let cost = run.costText { parts.append(cost) }
        if let badge = run.checksBadge { parts.append(badge) }
        parts.append(String(format: "%.2f s", Double(run.elapsedMs) / 1000))
        let reasons = Set(run.finishReasons.values).sorted()
        if !reasons.isEmpty { parts.append(reasons.joined(separator: ",")) }
        if let trace = run.traceID { parts.append("trace " + trace) }
        if let cache = run.cacheStatus { parts.append("cache " + cache) }
        return parts.joined(separator: " · ")
    }
}

/// The key-hint line: the bindings with hints for where the keys go now.
enum HintLineView {
    static func draw(_ state: AppState, row: Int, into screen: inout ScreenBuffer) {
        guard row >= 0 else { return }
        let hints = self.hints(for: state).compactMap { binding -> (String, String, Bool)? in
            guard let hint = binding.hint, let key = binding.keys.first else { return nil }
            return (key.label, hint, [.help, .quit].contains(binding.command))
        }
        func width(_ hint: (String, String, Bool)) -> Int { DisplayWidth.of(hint.0) + DisplayWidth.of(hint.1) + 3 }
        // Help and quit always show: the others give way first when the line is short.
        var room = screen.columns - 1 - hints.filter(\.2).map(width).reduce(0, +)
        var kept: [(String, String, Bool)] = []
        for hint in hints {
            if hint.2 {
                kept.append(hint)
            } else if width(hint) <= room {
                kept.append(hint)
                room -= width(hint)
            } else {
                room = 0
            }
        }
        var column = 1
        for (key, hint, _) in kept {
            if column + DisplayWidth.of(key) + DisplayWidth.of(hint) + 1 > screen.columns { break }
            column = screen.write(key, row: row, column: column, role: .hintKey)
            column = screen.write(" " + hint + "  ", row: row, column: column, role: .hintText)
        }
    }

    /// The hints for where the keys go now: from the keymap, for the current key target only. A key an
    /// earlier context takes is not offered for a later one (so `h` is never shown where `h` steps).
    static func hints(for state: AppState) -> [Binding] {
        let target = state.keyTarget
        let contexts = target.contexts
        let comparing = state.isComparing && state.compare?.isRunning ?? false
        var taken: Set<Key> = []
        var shown: [Binding] = []
        for context in contexts {
            let bindings = Keymap.bindings(in: context)
            for binding in bindings where binding.hint != nil {
                let free = binding.keys.filter { !taken.contains($0) }
                guard !free.isEmpty, !shown.contains(where: { $0.command == binding.command }) else { continue }
                if binding.command == .cancelAll && !comparing { continue }
                if binding.command == .cancel && !((state.run?.isActive ?? false) || comparing) { continue }
                // Over the columns, of the global keys only help and quit are offered.
                if [.compare, .columnEditor].contains(target), binding.context == .global,
                    ![.help, .quit].contains(binding.command)
                {
                    continue
                }
                var offered = binding
                offered.keys = free
                shown.append(offered)
            }
            for binding in bindings { taken.formUnion(binding.keys) }
        }
        return shown
    }

}
