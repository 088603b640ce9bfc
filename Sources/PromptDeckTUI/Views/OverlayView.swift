import PromptDeckCore

/// Boxes drawn over the panes: help, preview, pickers, the editor, the quit question and the save prompt.
enum OverlayView {
    static func draw(_ overlay: Overlay, state: AppState, into screen: inout ScreenBuffer) {
        let area = Rect(top: 0, left: 0, height: state.size.rows - 2, width: state.size.columns)
        switch overlay {
        case .help(let scroll), .messages(let scroll), .preview(_, _, let scroll):
            guard let content = scrolledContent(overlay, state: state) else { return }
            scrolled(content.lines, title: content.title, scroll: scroll, in: content.rect, into: &screen)
        case .confirmSweep(let variants):
            let rect = area.centered(height: 6, width: min(area.width - 4, 64))
            frame(rect, title: "Sweep", into: &screen)
            screen.line(
                "The columns were edited by hand. \(variants.count) sweep columns:", in: rect.inner, at: 0, indent: 1,
                role: .overlayText)
            screen.line(
                "y replace them · a add to them · n keep them", in: rect.inner, at: 2, indent: 1, role: .hintText)
        case .picker(let picker):
            PickerView.draw(picker, in: area, into: &screen)
        case .confirmQuit:
            let rect = area.centered(height: 5, width: 50)
            frame(rect, title: "Quit?", into: &screen)
            screen.line("A run is going. Cancel it and quit?", in: rect.inner, at: 0, indent: 1, role: .overlayText)
            let column = screen.write(" y", row: rect.inner.top + 2, column: rect.inner.left, role: .overlayKey)
            let next = screen.write(" yes   ", row: rect.inner.top + 2, column: column, role: .overlayText)
            let after = screen.write("n", row: rect.inner.top + 2, column: next, role: .overlayKey)
            screen.write(" no", row: rect.inner.top + 2, column: after, role: .overlayText)
        case .editor(let variable, let field):
            EditorView.draw(variable: variable, field: field, state: state, in: area, into: &screen)
        case .sweep(let form):
            CompareOverlayView.drawSweep(form, in: area, into: &screen)
        case .reopen(let form):
            CompareOverlayView.drawReopen(form, in: area, into: &screen)
        case .saveDraft(let menu):
            DraftOverlayView.drawSaveMenu(menu, state: state, in: area, into: &screen)
        case .newPrompt(let form):
            DraftOverlayView.drawNewPrompt(form, in: area, into: &screen)
        case .versions(let list):
            DraftOverlayView.drawVersions(list, state: state, in: area, into: &screen)
        case .confirmDraft(let question):
            DraftOverlayView.drawQuestion(question, state: state, in: area, into: &screen)
        case .say(let form):
            let rect = area.centered(height: min(area.height - 2, 12), width: min(area.width - 4, 100))
            let title: String
            if let index = form.editing {
                let role = state.transcript.indices.contains(index) ? state.transcript[index].role : "?"
                title = "Edit message \(index + 1) of the conversation (\(TerminalSafeText.make(role))): F5 runs a fork"
            } else {
                let calls = state.conversationHead?.toolCalls[0]?.count ?? 0
                let count = calls > 1 ? " · \(form.toolResults.count + 1) of \(calls)" : ""
                title =
                    form.toolCall.map {
                        "Result of \(TerminalSafeText.make($0.name)) (\(TerminalSafeText.make($0.id)))\(count)"
                    } ?? "Next message (user)"
            }
            frame(rect, title: title, into: &screen)
            let inner = rect.inner
            guard inner.height > 2, inner.width > 4 else { return }
            EditorView.drawText(
                form.field, top: inner.top, left: inner.left + 1, rows: inner.height - 1, width: inner.width - 2,
                into: &screen)
            screen.truncated(
                form.editing == nil
                    ? "Esc/Ctrl-S done (F5 sends the conversation) · Enter new line"
                    : "Esc/Ctrl-S keep the edit (F5 runs from it; later turns stay) · Enter new line",
                row: inner.bottom - 1,
                column: inner.left + 1, width: inner.width - 2, role: .hintText)
        case .save(let field):
            let rect = area.centered(height: 5, width: min(area.width - 4, 70))
            frame(rect, title: "Save output to", into: &screen)
            let inner = rect.inner
            let (text, cursor) = field.visibleSlice(width: inner.width - 2)
            screen.write(text, row: inner.top, column: inner.left + 1, role: .inputText, limit: inner.width - 2)
            screen.cursor = (inner.top, inner.left + 1 + cursor)
            screen.line("Enter saves · Esc cancels", in: inner, at: 2, indent: 1, role: .hintText)
        }
    }

    /// The lines, title and box of a scrolling overlay (help, messages, preview) at the state's size.
    static func scrolledContent(_ overlay: Overlay, state: AppState) -> (
        lines: [[(String, StyleRole)]], title: String, rect: Rect
    )? {
        let area = Rect(top: 0, left: 0, height: state.size.rows - 2, width: state.size.columns)
        switch overlay {
        case .help:
            let rect = area.centered(height: area.height - 2, width: min(area.width - 4, 96))
            return (HelpContent.lines(), "Keys (Esc closes)", rect)
        case .messages:
            let rect = area.centered(height: area.height - 2, width: area.width - 4)
            return (
                MessageLines.lines(state.messages, width: rect.width - 4), "Messages, newest first (Esc closes)", rect
            )
        case .preview(let content, let error, _):
            let rect = area.centered(height: area.height - 2, width: area.width - 4)
            let lines = PreviewLines.lines(content: content, error: error, width: rect.width - 4)
            return (lines, "Request preview (secrets masked)", rect)
        default:
            return nil
        }
    }

    /// How far a scrolling overlay can scroll: its last page at the top.
    static func scrollLimit(_ overlay: Overlay, state: AppState) -> Int {
        guard let content = scrolledContent(overlay, state: state) else { return 0 }
        return max(0, content.lines.count - content.rect.inner.height)
    }

    /// A blank box with the overlay border and title.
    static func frame(_ rect: Rect, title: String, into screen: inout ScreenBuffer) {
        screen.fill(rect, role: .overlayText)
        screen.box(rect, title: title, focused: true)
        for row in rect.top..<rect.bottom {
            for column in rect.left..<rect.right where screen[row, column].role == .paneBorderFocused {
                screen[row, column].role = .overlayBorder
            }
        }
        for column in rect.left..<rect.right where screen[rect.top, column].role == .paneTitleFocused {
            screen[rect.top, column].role = .overlayTitle
        }
    }

    /// A box of pre-styled lines, scrolled (the scroll is clamped to the content).
    static func scrolled(
        _ lines: [[(String, StyleRole)]], title: String, scroll: Int, in rect: Rect, into screen: inout ScreenBuffer
    ) {
        guard rect.height > 2, rect.width > 4 else { return }
        frame(rect, title: title, into: &screen)
        let inner = rect.inner
        let first = min(scroll, max(0, lines.count - inner.height))
        for (offset, line) in lines.dropFirst(first).prefix(inner.height).enumerated() {
            var column = inner.left + 1
            for (text, role) in line {
                let room = inner.right - 1 - column
                guard room > 0 else { break }
                // Cut text says so: an ellipsis, never a silent end.
                let shown = DisplayWidth.of(text) > room ? DisplayWidth.truncate(text, to: room) : text
                column = screen.write(shown, row: inner.top + offset, column: column, role: role, limit: room)
            }
        }
        if lines.count > inner.height {
            let position = "\(first + 1)-\(min(lines.count, first + inner.height))/\(lines.count)"
            screen.write(
                " \(position) ", row: rect.bottom - 1, column: rect.right - DisplayWidth.of(position) - 4,
                role: .overlayTitle)
        }
    }
}

/// The help overlay's lines, generated from the keymap.
enum HelpContent {
    static func lines() -> [[(String, StyleRole)]] {
        var lines: [[(String, StyleRole)]] = []
        let keyWidth = min(22, Keymap.bindings.map { DisplayWidth.of($0.keyLabel) }.max() ?? 10)
        for context in KeyContext.allCases {
            let bindings = Keymap.bindings(in: context)
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append([]) }
            lines.append([(context.rawValue.capitalized(with: nil), .overlayTitle)])
            for binding in bindings {
                let label = binding.keyLabel
                let pad = String(repeating: " ", count: max(1, keyWidth - DisplayWidth.of(label) + 2))
                lines.append([("  " + label, .overlayKey), (pad + binding.help, .overlayText)])
            }
        }
        return lines
    }
}

/// The messages overlay's lines: every kept message, newest first, wrapped whole.
enum MessageLines {
    static func lines(_ messages: [StatusMessage], width: Int) -> [[(String, StyleRole)]] {
        guard !messages.isEmpty else { return [[("no messages yet", .textDim)]] }
        var lines: [[(String, StyleRole)]] = []
        for message in messages.reversed() {
            let role: StyleRole =
                message.kind == .error ? .statusError : message.kind == .warning ? .statusWarning : .overlayText
            lines += PreviewLines.wrap(message.text, width: width).map { [($0, role)] }
        }
        return lines
    }
}

/// The preview overlay's lines: method and URL, headers (secrets masked), then the exact body, wrapped.
enum PreviewLines {
    static func lines(content: PreviewContent?, error: String?, width: Int) -> [[(String, StyleRole)]] {
        if let error {
            return wrap(error, width: width).map { [($0, StyleRole.outputError)] }
        }
        guard let content else { return [[("preparing the request…", .textDim)]] }
        var lines: [[(String, StyleRole)]] = []
        lines += wrap("\(content.method) \(content.url)", width: width).map { [($0, .overlayTitle)] }
        for warning in content.warnings {
            lines += wrap("warning: " + warning, width: width).map { [($0, .statusWarning)] }
        }
        lines.append([])
        for header in content.headers {
            let masked = header.value.contains("***")
            lines.append([
                (header.name + ": ", .previewHeader),
                (TerminalSafeText.make(header.value), masked ? .previewSecret : .overlayText),
            ])
        }
        lines.append([])
        lines.append([("body (\(content.body.utf8.count) bytes, exactly as sent):", .previewHeader)])
        lines += wrap(TerminalSafeText.make(content.body), width: width, hard: true).map { [($0, .overlayText)] }
        return lines
    }

    static func wrap(_ text: String, width: Int, hard: Bool = false) -> [String] {
        let width = max(1, width)
        if !hard {
            var wrapped = WrappedText(width: width)
            wrapped.append(text)
            return (0..<wrapped.lineCount).map { wrapped.line(at: $0) }
        }
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            var used = 0
            for character in line {
                let w = DisplayWidth.of(character)
                if used + w > width {
                    lines.append(current)
                    current = ""
                    used = 0
                }
                current.append(character)
                used += w
            }
            lines.append(current)
        }
        return lines
    }
}
