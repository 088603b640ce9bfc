import PromptDeckCore

/// `--format markdown`: a table of variants, their figures and outputs, then the summary.
struct CompareMarkdown {
    let plan: ComparisonPlan
    /// Make model output terminal-safe (stdout is a terminal and not `--raw`).
    let safe: Bool

    func render(_ snapshot: ComparisonSnapshot) -> String {
        var lines = [
            "| variant | settings | status | ttft | tok/s | tokens | duration | finish | cache | output |",
            "|---|---|---|--:|--:|--:|--:|---|---|---|",
        ]
        for state in snapshot.variants {
            let settings = plan.headerSettings(at: state.variant.position).text
            var output = state.fullOutput
            if state.status != .ok, let error = state.errorMessage {
                output += (output.isEmpty ? "" : "\n") + "**\(state.status.rawValue):** \(error)"
            }
            let cells = [
                state.variant.label, settings.isEmpty ? "–" : "`\(settings)`", state.status.rawValue, state.ttftText,
                state.tokensPerSecond.map { String(format: "%.1f", $0) } ?? "–", state.completionTokensText,
                state.durationText, state.finishText, state.cacheStatus ?? "–", output,
            ]
            lines.append("| " + cells.map(cell).joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("**Summary:** " + cell(snapshot.summary.line))
        lines.append("")
        lines.append("Prompt `\(plan.promptID)`, group `\(plan.groupID)`.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table cell: pipes escaped, line breaks as `<br>`.
    private func cell(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r\n", with: "<br>").replacingOccurrences(of: "\n", with: "<br>")
        return safe ? TerminalSafeText.make(escaped) : escaped
    }
}
