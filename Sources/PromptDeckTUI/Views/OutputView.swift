import PromptDeckCore

/// The output pane: choice tabs in the title when n > 1, the wrapped text (following the stream while at
/// the bottom), control-character placeholders marked, and the run's error under the text.
enum OutputView {
    static func draw(_ state: AppState, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let focused = state.focus == .output && state.overlay == nil
        let output = state.output
        let text = output.current
        let inner = rect.inner
        var title = state.replay.map { "Output · replay \($0.paused ? "paused" : $0.speed.label)" } ?? "Output"
        if !output.follow, text.lineCount > 0 {
            title += " · line \(output.scroll + 1)/\(text.lineCount)"
        }
        screen.box(rect, title: title, focused: focused)
        drawTabs(output, rect: rect, into: &screen)
        guard inner.height > 0, inner.width > 0 else { return }
        var errorLines: [String] = []
        if let message = state.run?.errorMessage {
            var wrapped = WrappedText(width: inner.width)
            wrapped.append((state.run?.phase == .finished(.cancelled) ? "■ " : "✖ ") + message)
            errorLines = (0..<min(wrapped.lineCount, max(1, inner.height / 2))).map { wrapped.line(at: $0) }
        }
        let height = inner.height - errorLines.count
        if text.lineCount == 0, errorLines.isEmpty {
            let hint: String
            switch state.run?.phase {
            case .starting?, .waiting?:
                if let run = state.run, let retry = run.retry, let text = run.retryText {
                    // Why first, on its own line: the countdown is also in the status bar.
                    screen.line(retry.attempt.message, in: inner, at: 1, role: .outputError)
                    hint = "\(text) · Esc cancels"
                } else if let queued = state.run?.queuedText {
                    hint = queued + ": another run to it is going · Esc cancels"
                } else {
                    hint = "waiting for the first token…"
                }
            case .streaming?: hint = ""
            case .finished?:
                let reasons = Set(state.run?.finishReasons.values.map { $0 } ?? []).sorted()
                hint = reasons.isEmpty ? "(no text)" : "(no text; finish reason \(reasons.joined(separator: ", ")))"
            default:
                hint = state.replay != nil || state.detail == nil ? "" : "Press F5 (or Ctrl-R) to run this prompt."
            }
            screen.line(hint, in: inner, at: 0, role: .inputPlaceholder)
        }
        let tokens = output.currentTokens
        let heatmap = tokens.isEmpty ? nil : Heatmap(tokens: tokens, text: text, cursor: state.tokenCursor)
        var first = output.follow ? max(0, text.lineCount - height) : min(output.scroll, max(0, text.lineCount - 1))
        if let cursor = state.tokenCursor, let line = heatmap?.tokenLines[cursor],
            line < first || line >= first + height
        {
            first = max(0, line - height / 2)
        }
        for row in 0..<max(0, height) {
            let index = first + row
            guard index < text.lineCount else { break }
            drawLine(
                text.line(at: index), row: inner.top + row, column: inner.left, width: inner.width,
                roles: heatmap?.lineRoles[index], into: &screen)
        }
        if let cursor = state.tokenCursor, tokens.indices.contains(cursor) {
            let spot = heatmap.flatMap { map -> (row: Int, column: Int)? in
                guard let line = map.tokenLines[cursor], let column = map.tokenColumns[cursor] else { return nil }
                return (inner.top + line - first, inner.left + column)
            }
            AlternativesView.draw(
                tokens[cursor], index: cursor, count: tokens.count, in: inner, avoiding: spot, into: &screen)
        }
        let role: StyleRole = state.run?.phase == .finished(.cancelled) ? .statusWarning : .outputError
        for (offset, line) in errorLines.enumerated() {
            screen.write(line, row: inner.top + height + offset, column: inner.left, role: role, limit: inner.width)
        }
    }

    /// Writes a line, marking the placeholders `TerminalSafeText` put in for control characters.
    static func drawLine(
        _ line: String, row: Int, column: Int, width: Int, roles: [StyleRole]? = nil, into screen: inout ScreenBuffer
    ) {
        var x = column
        let limit = column + width
        for (offset, character) in line.enumerated() {
            let value = character.unicodeScalars.first?.value ?? 0
            let placeholder = (0x2400...0x2421).contains(value)
            let heat = roles.flatMap { offset < $0.count ? $0[offset] : nil }
            let role: StyleRole = placeholder ? .outputPlaceholder : heat ?? .outputText
            let next = screen.write(String(character), row: row, column: x, role: role, limit: limit - x)
            if next == x, DisplayWidth.of(character) > 0 { break }
            x = next
        }
    }

    static func drawTabs(_ output: OutputState, rect: Rect, into screen: inout ScreenBuffer) {
        let indices = output.choiceIndices
        guard indices.count > 1, rect.width > 24 else { return }
        var column = screen.write(" choices: ", row: rect.top, column: rect.left + 12, role: .outputTab)
        for index in indices {
            let label = " \(index + 1) "  // people count choices from 1
            guard column + label.count + 1 < rect.right else { break }
            let role: StyleRole = index == output.selectedChoice ? .outputTabActive : .outputTab
            column = screen.write(label, row: rect.top, column: column, role: role)
        }
        screen.write(" ", row: rect.top, column: column, role: .outputTab)
    }
}
