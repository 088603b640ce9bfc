import PromptDeckCore

/// The status bar: run state, time to first token, tokens, tok/s, duration, finish reason, trace id and
/// cache status; a message (or model and profile) on the right.
enum StatusBarView {
    static func draw(_ state: AppState, row: Int, into screen: inout ScreenBuffer) {
        guard row >= 0 else { return }
        let width = screen.columns
        screen.fill(Rect(top: row, left: 0, height: 1, width: width), role: .statusBar)
        let comparing = state.isComparing ? state.compare : nil
        let (label, role) = comparing.map(compareLabel) ?? stateLabel(state.run)
        var column = screen.write(" " + label + " ", row: row, column: 0, role: role)
        let metrics = comparing == nil ? metricsText(state.run) : ""
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
        } else {
            right = "\(state.activeModel ?? "-") @ \(state.activeProfileName)"
            rightRole = .statusBar
        }
        let room = width - column - 2
        guard room > 3 else { return }
        let shown = DisplayWidth.truncate(right, to: room)
        screen.write(shown, row: row, column: width - DisplayWidth.of(shown) - 1, role: rightRole)
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
        case .waiting: return ("◌ waiting", .statusRunning)
        case .streaming: return ("▶ streaming", .statusRunning)
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
        parts.append("\(run.tokens) tok")
        if let rate = run.tokensPerSecond { parts.append(String(format: "%.1f tok/s", rate)) }
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
        var column = 1
        for binding in hints(for: state) {
            guard let hint = binding.hint, let key = binding.keys.first else { continue }
            let needed = DisplayWidth.of(key.label) + DisplayWidth.of(hint) + 3
            if column + needed > screen.columns { break }
            column = screen.write(key.label, row: row, column: column, role: .hintKey)
            column = screen.write(" " + hint + "  ", row: row, column: column, role: .hintText)
        }
    }

    static func hints(for state: AppState) -> [Binding] {
        let contexts: [KeyContext]
        switch state.overlay {
        case .help?, .preview?: contexts = [.overlay]
        case .picker?: contexts = [.picker]
        case .confirmQuit?: contexts = [.confirm]
        case .editor?: contexts = [.editor, .textField]
        case .save?, .sweep?, .reopen?: contexts = [.textField]
        case nil:
            if let history = state.history {
                switch history.question {
                case .delete?: contexts = [.confirm]
                case .export?: contexts = [.textField]
                case nil: contexts = history.isTyping ? [.textField] : [.history]
                }
            } else if state.tokenCursor != nil {
                contexts = [.logprobs]
            } else if state.replay.map({ !$0.isFinished }) ?? false {
                contexts = [.replay, state.focus.keyContext, .global]
            } else if state.inlineEdit != nil || state.isFiltering {
                contexts = [.textField]
            } else if state.isComparing, let compare = state.compare {
                contexts = compare.isEditing ? [.parameters] : [.compare, .global]
            } else {
                contexts = [state.focus.keyContext, .global]
            }
        }
        return contexts.flatMap { Keymap.bindings(in: $0) }.filter { binding in
            guard binding.hint != nil else { return false }
            let comparing = state.isComparing && state.compare?.isRunning ?? false
            if binding.command == .cancelAll { return comparing }
            if binding.command == .cancel { return (state.run?.isActive ?? false) || comparing }
            // Compare mode shows its own keys first; of the global ones, only help and quit.
            if state.isComparing, binding.context == .global { return [.help, .quit].contains(binding.command) }
            return true
        }
    }
}
