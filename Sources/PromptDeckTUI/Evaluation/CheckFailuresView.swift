import PromptDeckCore

/// `F` in the output pane: the run's failed checks with their reasons, in place of its output.
extension AppState {
    mutating func toggleCheckFailures() {
        guard let run, !run.isActive else {
            statusMessage = StatusMessage(.info, "no finished run: its checks show here once it ends")
            return
        }
        if checkFailuresShownFor == run.id {
            checkFailuresShownFor = nil
        } else if run.checkResults.isEmpty {
            statusMessage = StatusMessage(.info, "the prompt has no checks (checks: in its file)")
        } else {
            checkFailuresShownFor = run.id
        }
    }
}

enum CheckFailuresView {
    /// Draws the list over the output pane's inside when `F` asked for it for the run shown; false otherwise.
    static func draw(_ state: AppState, in inner: Rect, into screen: inout ScreenBuffer) -> Bool {
        guard let run = state.run, state.checkFailuresShownFor == run.id else { return false }
        let tally = CheckTally(run.checkResults)
        var lines: [(String, StyleRole)] = [
            ("\(tally.badge ?? "no checks") · \(tally.failed) failed · F shows the output", .paneTitle)
        ]
        let failures = CheckLines.lines(run.checkResults, onlyFailed: true, width: inner.width)
        lines += failures.isEmpty ? [("  every check passed", .statusOK)] : failures
        for (offset, line) in lines.prefix(inner.height).enumerated() {
            screen.line(line.0, in: inner, at: offset, role: line.1)
        }
        return true
    }
}
