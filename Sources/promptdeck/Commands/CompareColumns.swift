import PromptDeckCore

/// The default output: one column per variant, side by side within the terminal's width; beyond four
/// variants, or when columns would be too narrow, a table with one row per variant.
struct CompareColumns {
    let plan: ComparisonPlan
    let width: Int
    /// Make model output terminal-safe (everything except `--raw`).
    let safe: Bool

    static let maximumColumns = 4
    static let minimumColumnWidth = 30
    static let separator = " │ "

    func render(_ snapshot: ComparisonSnapshot) -> String {
        let count = snapshot.variants.count
        let columnWidth =
            count > 0 ? (width - CompareTextLayout.width(of: Self.separator) * (count - 1)) / count : width
        let body =
            count <= Self.maximumColumns && columnWidth >= Self.minimumColumnWidth
            ? columns(snapshot, columnWidth: columnWidth) : table(snapshot)
        return body + clean(snapshot.summary.line) + "\n"
    }

    private func clean(_ text: String) -> String { safe ? TerminalSafeText.make(text) : text }

    // MARK: Columns

    private func columns(_ snapshot: ComparisonSnapshot, columnWidth: Int) -> String {
        let rule = String(repeating: "─", count: columnWidth)
        let sections: [[[String]]] = snapshot.variants.map { state in
            let header = CompareTextLayout.wrap(
                clean(state.heading(plan.headerSettings(at: state.variant.position))), width: columnWidth)
            var output = clean(state.fullOutput)
            if output.isEmpty { output = state.status.isFinished ? "(no output)" : "…" }
            return [
                header, [rule], CompareTextLayout.wrap(output, width: columnWidth), [rule],
                footer(state, width: columnWidth),
            ]
        }
        var lines: [String] = []
        for part in 0..<5 {
            let height = sections.map { $0[part].count }.max() ?? 0
            for row in 0..<height {
                let cells = sections.map { section in
                    CompareTextLayout.pad(row < section[part].count ? section[part][row] : "", to: columnWidth)
                }
                lines.append(trimTrailingSpaces(cells.joined(separator: Self.separator)))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func footer(_ state: VariantState, width: Int) -> [String] {
        var lines = [
            "\(state.status.rawValue) · \(state.finishText)", "ttft \(state.ttftText) · \(state.durationText)",
            "\(state.tokensText) · \(state.rateText)",
        ]
        if let cache = state.cacheStatus { lines.append("cache \(clean(cache))") }
        if let error = state.errorMessage, state.status != .ok {
            lines += CompareTextLayout.wrap(clean(error), width: width)
        }
        return lines.flatMap { CompareTextLayout.wrap($0, width: width) }
    }

    private func trimTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    // MARK: Table

    private func table(_ snapshot: ComparisonSnapshot) -> String {
        let headers = ["variant", "settings", "status", "ttft", "tok/s", "tokens", "time", "finish", "cache", "output"]
        var rows: [[String]] = snapshot.variants.map { state in
            let settings = plan.headerSettings(at: state.variant.position)
            let output = state.status == .ok || !state.firstLine.isEmpty ? state.firstLine : (state.errorMessage ?? "")
            return [
                state.variant.label, clean(settings.text), state.status.rawValue, state.ttftText,
                state.tokensPerSecond.map { String(format: "%.1f", $0) } ?? "–", state.completionTokensText,
                state.durationText, state.finishText, clean(state.cacheStatus ?? "–"), clean(output),
            ]
        }
        rows.insert(headers, at: 0)
        var widths = (0..<headers.count).map { column in rows.map { CompareTextLayout.width(of: $0[column]) }.max() ?? 0
        }
        let fixed = widths.dropLast().reduce(0, +) + 2 * (headers.count - 1)
        // The settings column gives way first, then the output column takes what is left.
        if fixed + 10 > width { widths[1] = max(12, widths[1] - (fixed + 10 - width)) }
        widths[headers.count - 1] = max(10, width - widths.dropLast().reduce(0, +) - 2 * (headers.count - 1))
        return rows.map { row in
            let cells = row.enumerated().map { column, text in
                CompareTextLayout.pad(CompareTextLayout.truncate(text, width: widths[column]), to: widths[column])
            }
            return trimTrailingSpaces(cells.joined(separator: "  "))
        }.joined(separator: "\n") + "\n"
    }
}
