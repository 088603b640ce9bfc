import PromptDeckCore

/// The output pane: choice tabs in the title when n > 1, the wrapped text (following the stream while at
/// the bottom), control-character placeholders marked, and the run's error under the text.
enum OutputView {
    static func draw(_ state: AppState, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let focused = state.focus == .output && state.overlay == nil
        let output = state.output
        let inner = rect.inner
        let pretty = state.runExtras.prettyJSON.map { Self.wrapped($0, width: inner.width) }
        let text = pretty ?? output.current
        var title = state.replay.map { "Output · replay \($0.paused ? "paused" : $0.speed.label)" } ?? "Output"
        if !output.follow, text.lineCount > 0 {
            title += " · line \(output.scroll + 1)/\(text.lineCount)"
        }
        screen.box(rect, title: title, focused: focused)
        drawTabs(output, rect: rect, into: &screen)
        guard inner.height > 0, inner.width > 0 else { return }
        if CheckFailuresView.draw(state, in: inner, into: &screen) { return }
        var errorLines: [String] = []
        if let message = state.run?.errorMessage {
            var wrapped = WrappedText(width: inner.width)
            wrapped.append((state.run?.phase == .finished(.cancelled) ? "■ " : "✖ ") + message)
            errorLines = (0..<min(wrapped.lineCount, max(1, inner.height / 2))).map { wrapped.line(at: $0) }
        }
        let extras = state.runExtras
        let reasoning = reasoningLines(
            extras, answered: text.lineCount > 0, choice: output.selectedChoice,
            width: inner.width, room: max(1, inner.height / 2))
        // With no text, the cards may take the whole pane; beside text, half of it.
        let cardRoom = text.lineCount == 0 ? inner.height - reasoning.count - errorLines.count : inner.height / 2
        let cards = toolCardLines(
            extras.calls(choice: output.selectedChoice), problems: extras.toolProblems, width: inner.width,
            room: max(0, cardRoom))
        for (offset, line) in reasoning.enumerated() {
            screen.write(line.0, row: inner.top + offset, column: inner.left, role: line.1, limit: inner.width)
        }
        let textTop = inner.top + reasoning.count
        let height = max(0, inner.height - errorLines.count - reasoning.count - cards.count)
        for (offset, line) in cards.enumerated() {
            screen.write(
                line.0, row: textTop + height + offset, column: inner.left, role: line.1, limit: inner.width)
        }
        if text.lineCount == 0, errorLines.isEmpty, reasoning.isEmpty, cards.isEmpty {
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
                text.line(at: index), row: textTop + row, column: inner.left, width: inner.width,
                roles: pretty.map { _ in Self.jsonRoles(text.line(at: index)) } ?? heatmap?.lineRoles[index],
                into: &screen)
        }
        if let cursor = state.tokenCursor, tokens.indices.contains(cursor) {
            let spot = heatmap.flatMap { map -> (row: Int, column: Int)? in
                guard let line = map.tokenLines[cursor], let column = map.tokenColumns[cursor] else { return nil }
                return (textTop + line - first, inner.left + column)
            }
            AlternativesView.draw(
                tokens[cursor], index: cursor, count: tokens.count, in: inner, avoiding: spot, into: &screen)
        }
        let role: StyleRole = state.run?.phase == .finished(.cancelled) ? .statusWarning : .outputError
        for (offset, line) in errorLines.enumerated() {
            screen.write(
                line, row: textTop + height + cards.count + offset, column: inner.left, role: role, limit: inner.width)
        }
    }

    /// `text` wrapped to the pane (the pretty JSON `J` made).
    static func wrapped(_ text: String, width: Int) -> WrappedText {
        var wrapped = WrappedText(width: max(1, width))
        wrapped.append(text)
        return wrapped
    }

    /// Colours for a line of pretty JSON: keys, strings, and the rest (numbers, true, false, null, punctuation).
    static func jsonRoles(_ line: String) -> [StyleRole] {
        var roles: [StyleRole] = []
        var inString = false
        var start = 0
        var escaped = false
        let characters = Array(line)
        for (index, character) in characters.enumerated() {
            if inString {
                roles.append(.templateText)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                    // A string followed by a colon is a key.
                    let rest = characters[(index + 1)...].drop { $0 == " " }
                    if rest.first == ":" {
                        for i in start...index { roles[i] = .listMeta }
                    }
                }
                continue
            }
            if character == "\"" {
                inString = true
                start = index
                roles.append(.templateText)
            } else {
                roles.append(character.isNumber || character.isLetter ? .previewHeader : .textDim)
            }
        }
        return roles
    }

    /// The reasoning block: whole (dimmed, its last lines when long) while it is all there is or when
    /// unfolded; folded to one line once the answer starts.
    static func reasoningLines(
        _ extras: RunExtras, answered: Bool, choice: Int, width: Int, room: Int
    ) -> [(String, StyleRole)] {
        guard let text = extras.reasoning[choice], !text.isEmpty, width > 4 else { return [] }
        let words = text.split(whereSeparator: \.isWhitespace).count
        if answered, !extras.reasoningUnfolded {
            return [(DisplayWidth.truncate("▸ reasoning, \(words) words · R unfolds", to: width), .textDim)]
        }
        var wrapped = WrappedText(width: width - 2)
        wrapped.append(text)
        let shown = (0..<wrapped.lineCount).suffix(max(1, room - 1)).map {
            ("┆ " + wrapped.line(at: $0), StyleRole.textDim)
        }
        let header = (answered ? "▾ reasoning, \(words) words · R folds" : "▾ reasoning…", StyleRole.textDim)
        return [header] + shown
    }

    /// One card per tool call: `→ name (id)`, then its arguments as pretty JSON (as sent when they are not JSON).
    static func toolCardLines(
        _ calls: [ToolCall], problems: [String: [String]] = [:], width: Int, room: Int
    ) -> [(String, StyleRole)] {
        guard !calls.isEmpty, room > 0 else { return [] }
        var lines: [(String, StyleRole)] = []
        for call in calls {
            lines.append((TerminalSafeText.make("→ \(call.name) (\(call.id))"), .listMeta))
            // Checked against the tool's parameters schema.
            for problem in problems[call.id] ?? [] {
                lines.append(("  ✖ " + TerminalSafeText.make(problem), .outputError))
            }
            let pretty: String =
                if let value = try? JSONValue.parse(call.arguments) { value.serialized(pretty: true) } else {
                    call.arguments
                }
            for line in pretty.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append(("  " + TerminalSafeText.make(String(line)), .previewHeader))
            }
        }
        if lines.count > room {
            lines = Array(lines.prefix(max(0, room - 1))) + [("  … (history show has them whole)", .textDim)]
        }
        return lines
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
