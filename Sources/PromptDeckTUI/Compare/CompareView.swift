import PromptDeckCore

/// Compare mode on screen: a title row, the variants as columns (tabs when narrow, a table beyond four),
/// each with a header of what differs from column 1, its output (or word diff), and a footer of figures;
/// then the summary line.
enum CompareView {
    static func draw(_ state: AppState, into screen: inout ScreenBuffer) {
        guard let compare = state.compare else { return }
        let layout = state.compareLayout
        drawTitle(state, compare, layout: layout, into: &screen)
        let headers = state.columnHeaders()
        switch layout.mode {
        case .columns:
            for (index, box) in layout.boxes.enumerated() where compare.columns.indices.contains(index) {
                drawColumn(index, state, headers: headers, in: box, into: &screen)
            }
        case .tabs:
            drawTabs(compare, row: layout.tabRow ?? layout.area.top, width: layout.area.width, into: &screen)
            if let box = layout.boxes.first {
                drawColumn(compare.focused, state, headers: headers, in: box, into: &screen)
            }
        case .grid:
            CompareGridView.draw(state, headers: headers, in: layout.area, into: &screen)
        }
        if let reading = compare.reading, compare.columns.indices.contains(reading) {
            CompareGridView.drawReader(reading, state, headers: headers, in: layout.area, into: &screen)
        }
        drawSummary(compare, row: layout.summaryRow, width: layout.area.width, into: &screen)
        if compare.isEditing, state.overlay == nil || isPicker(state.overlay) {
            let area = layout.area
            let rect = area.centered(height: min(area.height, 22), width: min(area.width - 2, 76))
            screen.fill(rect, role: .text)
            let label = compare.columns[compare.focused].variant.label
            ParametersView.draw(state, in: rect, into: &screen, title: "Column \(label) · Esc done")
        }
    }

    private static func isPicker(_ overlay: Overlay?) -> Bool {
        if case .picker? = overlay { return true }
        return false
    }

    static func drawTitle(
        _ state: AppState, _ compare: CompareState, layout: CompareLayout, into screen: inout ScreenBuffer
    ) {
        var parts = ["Compare", state.detail?.prompt.id ?? "no prompt", "\(compare.columns.count) variants"]
        if let group = compare.groupID { parts.append("group " + String(group.prefix(12))) }
        if compare.showsDiff { parts.append("diff vs #1") }
        let variables = state.fields.filter { !$0.value.isEmpty }.map { "\($0.name)=\($0.value)" }
        if !variables.isEmpty { parts.append(TerminalSafeText.make(variables.joined(separator: " "))) }
        let text = " " + parts.joined(separator: " · ")
        screen.truncated(
            text.replacingOccurrences(of: "\n", with: "⏎"), row: layout.titleRow, column: 0, width: layout.area.width,
            role: .paneTitleFocused)
    }

    /// One variant in a box: header (differences), output or diff, footer (status and figures).
    static func drawColumn(
        _ index: Int, _ state: AppState, headers: [[VariantSetting]], in box: Rect, into screen: inout ScreenBuffer
    ) {
        guard let compare = state.compare, compare.columns.indices.contains(index), !box.isEmpty else { return }
        let column = compare.columns[index]
        let focused = index == compare.focused && state.overlay == nil && !compare.isEditing
        let (status, _) = statusLabel(column, phase: compare.phase)
        var title = column.variant.label + " " + status
        if column.choiceCount > 1 { title += " · choice \(column.choice + 1)/\(column.choiceCount)" }
        if compare.showsDiff, index == 0, compare.columns.count > 1 { title += " · reference" }
        if compare.showsDiff, let diff = column.diff, index > 0 { title += " · +\(diff.added) −\(diff.removed)" }
        screen.box(box, title: title, focused: focused)
        let inner = box.inner
        guard inner.height >= 4, inner.width > 2 else { return }
        drawHeader(index, headers: headers, row: inner.top, column: inner.left, width: inner.width, into: &screen)
        let height = CompareLayout.outputHeight(of: box)
        let lines = outputLines(column, index: index, compare: compare) + errorLines(column, width: inner.width)
        let first = column.follows ? max(0, lines.count - height) : min(column.scroll, max(0, lines.count - height))
        if lines.isEmpty {
            let (hint, role) = placeholder(column, compare: compare)
            var wrapped = WrappedText(width: inner.width)
            wrapped.append(hint)
            for line in 0..<min(wrapped.lineCount, height) {
                screen.write(
                    wrapped.line(at: line), row: inner.top + 1 + line, column: inner.left, role: role,
                    limit: inner.width)
            }
        }
        for (offset, spans) in lines.dropFirst(first).prefix(height).enumerated() {
            var x = inner.left
            for span in spans {
                x = screen.write(
                    span.text, row: inner.top + 1 + offset, column: x, role: span.role, limit: inner.right - x)
            }
        }
        drawFooter(
            column, compare: compare, row: inner.bottom - 2, column: inner.left, width: inner.width, into: &screen)
    }

    /// The output as styled lines: the diff against column 1 when shown, else the plain wrapped text.
    static func outputLines(_ column: CompareColumn, index: Int, compare: CompareState) -> [[StyledSpan]] {
        if compare.showsDiff, index > 0, let diff = column.diff { return diff.lines }
        if let tokens = column.result?.record?.logprobs[0], !tokens.isEmpty {
            // A finished run that asked for logprobs: the heatmap (live comparison frames carry no logprobs).
            let heatmap = Heatmap(tokens: tokens, text: column.text, cursor: nil)
            return (0..<column.text.lineCount).map { Heatmap.spans(column.text.line(at: $0), heatmap.lineRoles[$0]) }
        }
        return (0..<column.text.lineCount).map { [StyledSpan(column.text.line(at: $0), .outputText)] }
    }

    /// A failed column's reason, after whatever output it had (it is never left out for lack of room).
    static func errorLines(_ column: CompareColumn, width: Int) -> [[StyledSpan]] {
        guard let message = column.result?.errorMessage, column.result?.status != .ok else { return [] }
        var wrapped = WrappedText(width: max(1, width))
        wrapped.append("✖ " + TerminalSafeText.make(message))
        let lines = (0..<wrapped.lineCount).map { [StyledSpan(wrapped.line(at: $0), .outputError)] }
        return column.output.isEmpty ? lines : [[]] + lines
    }

    static func placeholder(_ column: CompareColumn, compare: CompareState) -> (String, StyleRole) {
        if let message = column.result?.errorMessage { return ("✖ " + TerminalSafeText.make(message), .outputError) }
        switch column.result?.status {
        case .pending?: return ("queued: waits for a free slot…", .inputPlaceholder)
        case .running?, .streaming?: return ("waiting for the first token…", .inputPlaceholder)
        case nil where compare.phase == .starting: return ("starting…", .inputPlaceholder)
        case nil: return (column.variant.position == 0 ? "F5 runs every column at once." : "", .inputPlaceholder)
        default: return ("(no output)", .inputPlaceholder)
        }
    }

    static func drawHeader(
        _ index: Int, headers: [[VariantSetting]], row: Int, column: Int, width: Int, into screen: inout ScreenBuffer
    ) {
        let settings = headers.indices.contains(index) ? headers[index] : []
        guard !settings.isEmpty else {
            screen.write(
                index == 0 ? "(all columns alike)" : "same as #1", row: row, column: column, role: .textDim,
                limit: width)
            return
        }
        let text = TerminalSafeText.make(settings.text)
        screen.truncated(text, row: row, column: column, width: width, role: index == 0 ? .paramValue : .paramChanged)
    }

    /// Two lines: status, finish reason and cache; then ttft, tokens, tok/s and duration.
    static func drawFooter(
        _ item: CompareColumn, compare: CompareState, row: Int, column: Int, width: Int, into screen: inout ScreenBuffer
    ) {
        let (label, role) = statusLabel(item, phase: compare.phase)
        var x = screen.write(label, row: row, column: column, role: role, limit: width)
        var extras: [String] = []
        if let reason = item.result?.finishReason { extras.append(reason) }
        if let cache = item.result?.cacheStatus { extras.append("cache " + TerminalSafeText.make(cache)) }
        if !extras.isEmpty {
            x = screen.write(
                " · " + extras.joined(separator: " · "), row: row, column: x, role: .statusMetric,
                limit: column + width - x)
        }
        screen.truncated(
            metrics(item, compare: compare), row: row + 1, column: column, width: width, role: .statusMetric)
    }

    /// `ttft 120 ms · 42 tok · 28.0 tok/s · 1.50 s`
    static func metrics(_ item: CompareColumn, compare: CompareState) -> String {
        guard let result = item.result, result.status != .pending else { return "" }
        let elapsed = elapsedMs(item, compare: compare)
        var parts = [
            "ttft " + (result.timeToFirstTokenMs.map { "\($0)ms" } ?? "–"), "\(result.completionTokensText) tok",
        ]
        let rate =
            result.tokensPerSecond
            ?? elapsed.flatMap { ms -> Double? in
                guard let ttft = result.timeToFirstTokenMs, ms - ttft > 0, result.completionTokens >= 2 else {
                    return nil
                }
                return Double(result.completionTokens) / (Double(ms - ttft) / 1000)
            }
        if let rate { parts.append(String(format: "%.1f tok/s", rate)) }
        if let elapsed { parts.append(ComparisonSummary.seconds(elapsed).replacingOccurrences(of: " ", with: "")) }
        if let cost = result.record?.cost { parts.append(cost.text) }
        if let badge = CheckTally(result.record?.checkResults ?? []).badge { parts.append(badge) }
        return parts.joined(separator: " · ")
    }

    /// The duration once over; while going, the last frame's figure moved on by the clock.
    static func elapsedMs(_ item: CompareColumn, compare: CompareState) -> Int? {
        if let duration = item.result?.durationMs { return duration }
        guard let elapsed = item.elapsedMs else { return nil }
        return elapsed + max(0, Int(((compare.now - compare.frameAt) * 1000).rounded()))
    }

    static func statusLabel(_ column: CompareColumn, phase: CompareState.Phase) -> (String, StyleRole) {
        guard let result = column.result else {
            return phase == .starting ? ("◌ starting", .statusRunning) : ("● ready", .textDim)
        }
        switch result.status {
        case .pending: return ("◌ queued", .statusRunning)
        case .running:
            // The server turned it away: says which retry it waits for (the status bar's words).
            if let attempt = result.retrying { return ("◌ retry \(attempt.number)/\(result.retries)", .statusRunning) }
            return ("◌ waiting", .statusRunning)
        case .streaming: return ("▶ streaming", .statusRunning)
        case .ok: return ("✔ ok", .statusOK)
        case .cancelled: return ("■ cancelled", .statusCancelled)
        case .error, .interrupted:
            let code = result.httpStatus.map { $0 >= 400 ? " \($0)" : "" } ?? ""
            return ("✖ \(result.status.rawValue)\(code)", .statusError)
        }
    }

    /// Narrow terminals: one column at a time, the others as tabs that still show their status.
    static func drawTabs(_ compare: CompareState, row: Int, width: Int, into screen: inout ScreenBuffer) {
        var x = 0
        for (index, column) in compare.columns.enumerated() {
            let symbol = statusLabel(column, phase: compare.phase).0.prefix(1)
            let label = " \(column.variant.label) \(symbol) "
            guard x + DisplayWidth.of(label) < width else { break }
            x = screen.write(label, row: row, column: x, role: index == compare.focused ? .outputTabActive : .outputTab)
            x = screen.write("│", row: row, column: x, role: .paneBorder)
        }
        screen.write(" ←/→ columns", row: row, column: x, role: .hintText, limit: max(0, width - x))
    }

    static func drawSummary(_ compare: CompareState, row: Int, width: Int, into screen: inout ScreenBuffer) {
        let results = compare.results
        let text: String
        if results.isEmpty {
            text =
                "F5 runs all \(compare.columns.count) at once · e edit column · a add · D duplicate · x remove · S sweep · d diff"
        } else {
            let summary = ComparisonSummary(variants: results).line
            text = (compare.isRunning ? "running · " : "") + summary
        }
        screen.truncated(" " + text, row: row, column: 0, width: width, role: .statusMetric)
    }
}
