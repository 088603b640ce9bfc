import PromptDeckCore

/// Evaluation mode's screen: the grid of rows × variants with a footer per column, the cell reader over
/// it, or the dataset question.
enum EvaluationView {
    static func draw(_ state: AppState, _ evaluation: EvaluationState, into screen: inout ScreenBuffer) {
        let layout = EvaluationLayout(size: state.size)
        let focused = state.overlay == nil
        screen.box(layout.box, title: title(state, evaluation), focused: focused && !evaluation.isReading)
        let inner = layout.box.inner
        guard inner.height > 2, inner.width > 10 else { return }
        switch evaluation.phase {
        case .askingDataset(let field):
            screen.line(
                "The prompt has no dataset: file of rows (CSV, JSONL or YAML):", in: inner, at: 1, indent: 1,
                role: .inputLabel)
            let (text, cursor) = field.visibleSlice(width: inner.width - 4)
            screen.write("›", row: inner.top + 3, column: inner.left + 1, role: .inputLabel)
            screen.write(text, row: inner.top + 3, column: inner.left + 3, role: .inputText, limit: inner.width - 4)
            screen.cursor = (inner.top + 3, inner.left + 3 + cursor)
            screen.line("Enter runs · Esc goes back", in: inner, at: 5, indent: 1, role: .hintText)
            return
        case .failed(let message):
            let lines = EvaluationReaderView.wrap("✖ " + message, width: inner.width - 2, role: .outputError).map(\.0)
            for (offset, line) in lines.prefix(inner.height - 2).enumerated() {
                screen.line(line, in: inner, at: 1 + offset, indent: 1, role: .outputError)
            }
            return
        case .starting where evaluation.cells.isEmpty:
            screen.line("reading the dataset and preparing every cell…", in: inner, at: 1, indent: 1, role: .textDim)
            return
        default:
            break
        }
        drawGrid(evaluation, layout: layout, focused: focused && !evaluation.isReading, into: &screen)
        if evaluation.isReading, let cell = evaluation.selectedCell {
            EvaluationReaderView.draw(cell, evaluation, in: inner, focused: focused, into: &screen)
        }
    }

    static func title(_ state: AppState, _ evaluation: EvaluationState) -> String {
        var parts = ["Evaluate \(TerminalSafeText.make(evaluation.base.promptID))"]
        if !evaluation.rows.isEmpty {
            let (rows, columns) = (evaluation.rows.count, evaluation.variants.count)
            parts.append("\(rows) row\(rows == 1 ? "" : "s") × \(columns) variant\(columns == 1 ? "" : "s")")
            let (done, failed, total) = evaluation.progress
            parts.append("\(done)/\(total)" + (failed > 0 ? " · \(failed) failed" : ""))
        }
        if let group = evaluation.groupID { parts.append("group \(group)") }
        return parts.joined(separator: " · ")
    }

    /// The first variant column shown, so the cursor's column is in view.
    static func firstColumn(_ evaluation: EvaluationState, visible: Int) -> Int {
        max(0, evaluation.cursorColumn - visible + 1)
    }

    static func drawGrid(
        _ evaluation: EvaluationState, layout: EvaluationLayout, focused: Bool, into screen: inout ScreenBuffer
    ) {
        let inner = layout.box.inner
        let labelWidth = layout.labelWidth
        let (visible, width) = layout.columns(count: evaluation.variants.count)
        let firstColumn = firstColumn(evaluation, visible: visible)
        let columns = Array(evaluation.variants.indices.dropFirst(firstColumn).prefix(visible))
        screen.truncated("row", row: inner.top, column: inner.left, width: labelWidth - 1, role: .paneTitle)
        for (slot, column) in columns.enumerated() {
            let variant = evaluation.variants[column]
            let spec = TerminalSafeText.make(headerText(variant))
            screen.truncated(
                "\(variant.label) \(spec)", row: inner.top, column: inner.left + labelWidth + slot * width,
                width: width - 1, role: .paneTitle)
        }
        let rows = layout.gridRows
        let first = max(0, min(evaluation.cursorRow - rows / 2, evaluation.rows.count - rows))
        for (offset, row) in evaluation.rows.dropFirst(first).prefix(rows).enumerated() {
            let rowIndex = first + offset
            let y = inner.top + 1 + offset
            let label = "\(row.number) " + TerminalSafeText.make(row.label)
            screen.truncated(
                label, row: y, column: inner.left, width: labelWidth - 1,
                role: rowIndex == evaluation.cursorRow ? .listMeta : .listItem)
            for (slot, column) in columns.enumerated() {
                guard let cell = evaluation.cell(row: rowIndex, column: column) else { continue }
                let selected = rowIndex == evaluation.cursorRow && column == evaluation.cursorColumn
                let (text, role) = cellText(cell, previous: evaluation.previous)
                let x = inner.left + labelWidth + slot * width
                if selected {
                    screen.fill(
                        Rect(top: y, left: x, height: 1, width: width - 1),
                        role: focused ? .listSelected : .listSelectedUnfocused)
                }
                screen.truncated(
                    text, row: y, column: x, width: width - 1,
                    role: selected ? (focused ? .listSelected : .listSelectedUnfocused) : role)
            }
        }
        if evaluation.rows.count > rows {
            let position = " \(first + 1)-\(min(evaluation.rows.count, first + rows))/\(evaluation.rows.count) "
            screen.write(
                position, row: layout.box.bottom - 1, column: layout.box.right - DisplayWidth.of(position) - 2,
                role: .paneTitle)
        }
        drawFooter(evaluation, columns: columns, layout: layout, width: width, into: &screen)
    }

    /// What a column runs: its spec as given, else its overrides (`temperature=0.5`), else `as set`.
    static func headerText(_ variant: ComparisonVariant) -> String {
        if !variant.specText.isEmpty { return variant.specText }
        var parts = variant.overrides.keys.sorted().map { key in
            "\(key)=" + (variant.overrides[key].map { $0.stringValue ?? $0.serialized() } ?? "")
        }
        if let model = variant.model { parts.append("model=\(model)") }
        if let profile = variant.profileName { parts.append("profile=\(profile)") }
        return parts.isEmpty ? "as set" : parts.joined(separator: " ")
    }

    /// `✔ 12 tok 340 ms`, `✖ …`, `… running`, `· pending`; a flip against the last evaluation gets ↑ or ↓.
    static func cellText(_ cell: EvaluationGridCell, previous: EvaluationDelta?) -> (String, StyleRole) {
        switch cell.status {
        case .pending: return ("· pending", .textDim)
        case .running: return ("… running", .statusRunning)
        case .passed, .failed:
            guard let result = cell.result else { return ("", .text) }
            if result.cancelledBeforeStart { return ("■ cancelled", .statusCancelled) }
            var text = cell.status == .passed ? "✔" : "✖"
            if let record = result.record {
                if record.status != .ok { text += " " + record.status.rawValue }
                if let tokens = record.completionTokensText { text += " " + tokens }
                if let ms = record.durationMs { text += " \(ms) ms" }
            }
            if let flip = flip(of: cell, in: previous) { text += flip ? " ↑" : " ↓" }
            return (text, cell.status == .passed ? .statusOK : .statusError)
        }
    }

    /// Whether the cell passes now where it failed in the last evaluation (true), the other way (false),
    /// or did not flip (nil).
    static func flip(of cell: EvaluationGridCell, in previous: EvaluationDelta?) -> Bool? {
        guard let previous, let record = cell.result?.record else { return nil }
        let label = EvaluationScore.label(of: record.variables.objectValue ?? [:])
        return previous.flips.first { $0.variant == cell.variant && $0.rowLabel == label }?.nowPasses
    }

    /// Per column: pass rate, mean latency, cost (`–` when unknown), and the change against the last one.
    static func drawFooter(
        _ evaluation: EvaluationState, columns: [Int], layout: EvaluationLayout, width: Int,
        into screen: inout ScreenBuffer
    ) {
        let inner = layout.box.inner
        let top = inner.bottom - EvaluationLayout.footerLines
        screen.write(
            String(repeating: "─", count: inner.width), row: top - 1, column: inner.left, role: .paneBorder,
            limit: inner.width)
        let names = ["passed", "mean", "cost", evaluation.previous == nil ? "" : "vs last"]
        for (line, name) in names.enumerated() {
            screen.truncated(name, row: top + line, column: inner.left, width: layout.labelWidth - 1, role: .listMeta)
        }
        for (slot, column) in columns.enumerated() {
            let summary = EvaluationVariantSummary(
                number: evaluation.variants[column].number, cells: evaluation.finishedResults(column: column))
            let x = inner.left + layout.labelWidth + slot * width
            let rate = summary.passRate.map { " \(Int(($0 * 100).rounded()))%" } ?? ""
            let allPassed = summary.runs > 0 && summary.passed == summary.runs
            screen.truncated(
                "\(summary.passed)/\(summary.runs)\(rate)", row: top, column: x, width: width - 1,
                role: summary.runs == 0 ? .textDim : allPassed ? .statusOK : .statusError)
            screen.truncated(
                summary.meanLatencyMs.map { "\($0) ms" } ?? "–", row: top + 1, column: x, width: width - 1,
                role: .statusMetric)
            var cost = RunCost.text(summary.cost)
            if summary.cost != nil, summary.unpricedRuns > 0 { cost += " (+\(summary.unpricedRuns) –)" }
            screen.truncated(cost, row: top + 2, column: x, width: width - 1, role: .statusMetric)
            if let change = evaluation.previous?.variants.first(where: { $0.variant == summary.number }) {
                screen.truncated(change.text, row: top + 3, column: x, width: width - 1, role: .statusMetric)
            }
        }
    }
}
