import PromptDeckCore

/// One cell read whole, over the grid: its checks with their reasons, its output, its variables and figures.
enum EvaluationReaderView {
    static func draw(
        _ cell: EvaluationGridCell, _ evaluation: EvaluationState, in area: Rect, focused: Bool,
        into screen: inout ScreenBuffer
    ) {
        let rect = area
        guard rect.height > 4, rect.width > 10 else { return }
        screen.fill(rect, role: .text)
        let variant = evaluation.variants.first { $0.number == cell.variant }?.label ?? "#\(cell.variant)"
        let (status, _) = EvaluationView.cellText(cell, previous: evaluation.previous)
        screen.box(rect, title: "row \(cell.row) · \(variant) · \(status) · ←/→ next · Esc back", focused: focused)
        let inner = rect.inner
        let lines = self.lines(cell, evaluation, width: inner.width)
        let first = min(evaluation.readScroll, max(0, lines.count - inner.height))
        for (offset, line) in lines.dropFirst(first).prefix(inner.height).enumerated() {
            screen.line(line.0, in: inner, at: offset, role: line.1)
        }
    }

    /// Checks first (the reasons are what the reader is for), then the output, the variables, the figures.
    static func lines(_ cell: EvaluationGridCell, _ evaluation: EvaluationState, width: Int) -> [(String, StyleRole)] {
        guard let result = cell.result else {
            return [(cell.status == .running ? "running…" : "waiting for a slot…", .textDim)]
        }
        var lines: [(String, StyleRole)] = []
        if let reason = result.failureReason, result.record?.status != .ok || result.cancelledBeforeStart {
            lines += wrap("✖ " + TerminalSafeText.make(reason), width: width, role: .outputError)
        }
        lines.append(("Checks", .paneTitle))
        let checks = CheckLines.lines(result.checks, onlyFailed: false, width: width)
        lines += checks.isEmpty ? [("  (no checks)", .textDim)] : checks
        lines.append(("", .text))
        lines.append(("Output", .paneTitle))
        lines += wrap(TerminalSafeText.make(result.output), width: width, role: .outputText)
        lines.append(("", .text))
        lines.append(("Variables", .paneTitle))
        let variables = result.record?.variables.objectValue ?? [:]
        for name in variables.keys.sorted() {
            let value = variables[name].map { $0.stringValue ?? $0.serialized() } ?? ""
            lines += wrap("  \(name) = " + TerminalSafeText.make(value), width: width, role: .formValue)
        }
        if let record = result.record {
            lines.append(("", .text))
            var figures = ["run \(record.id)"]
            if let tokens = record.completionTokensText { figures.append(tokens) }
            if let ms = record.durationMs { figures.append("\(ms) ms") }
            figures.append("cost " + RunCost.text(result.cost))
            lines.append((figures.joined(separator: " · "), .statusMetric))
        }
        return lines
    }

    static func wrap(_ text: String, width: Int, role: StyleRole) -> [(String, StyleRole)] {
        var wrapped = WrappedText(width: max(1, width))
        wrapped.append(text)
        return (0..<wrapped.lineCount).map { (wrapped.line(at: $0), role) }
    }
}

/// A run's check results as lines: `✔ name`, `✖ name: why`, `– name (skipped: why)`.
enum CheckLines {
    static func lines(_ results: [CheckResult], onlyFailed: Bool, width: Int) -> [(String, StyleRole)] {
        results.filter { !onlyFailed || $0.status == .failed }.flatMap { result -> [(String, StyleRole)] in
            let name = TerminalSafeText.make(result.name) + (result.choice > 0 ? " (choice \(result.choice + 1))" : "")
            let why = result.message.map { TerminalSafeText.make($0) }
            switch result.status {
            case .passed: return EvaluationReaderView.wrap("  ✔ " + name, width: width, role: .statusOK)
            case .failed:
                return EvaluationReaderView.wrap(
                    "  ✖ " + name + (why.map { ": " + $0 } ?? ""), width: width, role: .statusError)
            case .skipped:
                return EvaluationReaderView.wrap(
                    "  – " + name + " (skipped" + (why.map { ": " + $0 } ?? "") + ")", width: width, role: .textDim)
            }
        }
    }
}
