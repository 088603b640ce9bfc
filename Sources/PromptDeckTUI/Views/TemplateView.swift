import PromptDeckCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The template with its variables highlighted, under a line with kind, profile and model. A draft is
/// marked ● in the title; the editor opens in the pane itself, so the form beside it follows the typing.
enum TemplateView {
    static func draw(_ state: AppState, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let focused = state.focus == .template && state.overlay == nil
        let draft = state.draft.flatMap { $0.promptID == state.detail?.prompt.id ? $0 : nil }
        var title = "Template" + (state.detail.map { ": " + $0.prompt.id } ?? "")
        if draft?.isModified ?? false { title += " ● draft" }
        screen.box(rect, title: title, focused: focused || state.templateEditor != nil)
        let inner = rect.inner
        guard inner.height > 0 else { return }
        guard let detail = state.detail else {
            screen.line(
                state.detailError ?? "Pick a prompt on the left.", in: inner, at: 0, indent: 1,
                role: state.detailError == nil ? .textDim : .outputError)
            return
        }
        if let editor = state.templateEditor, let draft {
            drawEditor(editor, draft: draft, in: inner, into: &screen)
            return
        }
        let model = state.shownModel ?? "(profile default)"
        let meta = "\(detail.prompt.kind.rawValue) · profile \(state.activeProfileName) · model \(model)"
        screen.line(DisplayWidth.truncate(meta, to: inner.width - 1), in: inner, at: 0, indent: 1, role: .templateMeta)
        let problemRows = draft?.problem == nil ? 0 : 1
        let transcript = state.transcript
        // In a conversation the prompt's messages show as they were sent (variables filled), marked as the
        // prompt's; a changed draft (or no record of them) shows the template being edited instead.
        let sentPrompt = transcript.isEmpty || (draft?.isModified ?? false) ? [] : state.conversationPrompt
        var promptLines: [Int] = []
        var text: String
        if sentPrompt.isEmpty {
            text = draft.map(Self.text(of:)) ?? detail.templateText
        } else {
            var shown: [String] = []
            for message in sentPrompt {
                promptLines.append(shown.count)
                shown.append(message.role + " · from the prompt: " + (message.content ?? ""))
            }
            text = shown.joined(separator: "\n")
        }
        var messageLines: [Int] = []
        if !transcript.isEmpty {
            // The conversation so far, after the prompt's own messages (C adds a turn, N starts over).
            let footer =
                state.conversationFork != nil
                ? "\n(F5 runs from the edited message: a fork)"
                : state.stagedTurn.isEmpty ? "" : "\n(F5 sends the last one)"
            (text, messageLines) = TemplateLines.shared.conversation(
                after: text, transcript: transcript, footer: footer)
        }
        let selected = draft.flatMap { $0.kind == .chat ? $0.cursor : nil }
        var row = 1
        var marked = selected.flatMap { index in
            promptLines.isEmpty
                ? draft.map { firstLine(ofMessage: index, in: $0) } : promptLines[min(index, promptLines.count - 1)]
        }
        let lines = TemplateLines.shared.lines(of: text)
        let rows = inner.height - 1 - problemRows
        /// The first line shown so that `line` is in view, with as many of the newest turns below it as fit.
        func keeping(_ line: Int) -> Int { max(0, min(line - 1, lines.count - rows)) }
        let skip: Int
        if let cursor = state.transcriptCursor, messageLines.indices.contains(cursor) {
            // A conversation message is selected: it is marked and kept in view.
            marked = messageLines[cursor]
            skip = keeping(messageLines[cursor])
        } else if !transcript.isEmpty && state.templateScroll == 0 {
            // A conversation follows its newest turns until a message is selected (j/k).
            skip = max(0, lines.count - rows)
        } else if !transcript.isEmpty, let marked {
            // A prompt message selected above the conversation: it is kept in view.
            skip = keeping(marked)
        } else {
            skip = state.templateScroll
        }
        for index in min(skip, lines.count)..<lines.count {
            guard row < inner.height - problemRows else { break }
            var column = inner.left + 1
            if index == marked {
                screen.write("▸", row: inner.top + row, column: inner.left, role: .templateMeta)
            }
            segments: for segment in lines.line(at: index).segments {
                for character in segment.text {
                    let width = max(1, DisplayWidth.of(character))
                    if column + width > inner.right {
                        row += 1
                        column = inner.left + 1
                        // The pane is full: the rest of the line (every segment of it) is not drawn.
                        if row >= inner.height - problemRows { break segments }
                    }
                    column = screen.write(String(character), row: inner.top + row, column: column, role: segment.role)
                }
            }
            row += 1
        }
        if let problem = draft?.problem {
            screen.truncated(
                "✖ " + problem + " (the form keeps the last good template)", row: inner.bottom - 1,
                column: inner.left + 1, width: inner.width - 1, role: .outputError)
        }
    }

    /// The editor in the pane: what is being edited on the first line, the text, and the keys.
    private static func drawEditor(
        _ editor: TemplateEditor, draft: PromptDraft, in inner: Rect, into screen: inout ScreenBuffer
    ) {
        let what: String
        switch editor.part {
        case .template: what = "editing the template"
        case .message(let index):
            let role = draft.messages.indices.contains(index) ? draft.messages[index].role : "?"
            what = "editing message \(index + 1) of \(draft.messages.count) (\(role))"
        }
        screen.line(
            DisplayWidth.truncate(what + " · Esc done · Ctrl-O $EDITOR", to: inner.width - 1), in: inner, at: 0,
            indent: 1, role: .templateMeta)
        let footer = draft.problem.map { "✖ " + $0 }
        let rows = inner.height - 1 - (footer == nil ? 0 : 1)
        EditorView.drawText(
            editor.field, top: inner.top + 1, left: inner.left + 1, rows: rows, width: inner.width - 2, into: &screen)
        if let footer {
            screen.truncated(
                footer, row: inner.bottom - 1, column: inner.left + 1, width: inner.width - 2, role: .outputError)
        }
    }

    /// A draft's template as shown: the completion text, or each message as `role:` and its content.
    static func text(of draft: PromptDraft) -> String {
        switch draft.kind {
        case .completion: return draft.template
        case .chat: return draft.messages.map { "\($0.role):\n\($0.content)" }.joined(separator: "\n\n")
        }
    }

    /// The line of the shown text where message `index` begins (its `role:` line).
    static func firstLine(ofMessage index: Int, in draft: PromptDraft) -> Int {
        var line = 0
        for message in draft.messages.prefix(index) {
            line += 1 + message.content.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        }
        return line
    }
}

extension TemplateView {
    /// `text.split(separator: "\n", omittingEmptySubsequences: false).count` without making the pieces or
    /// reading Characters (a long reply in a conversation is counted on every frame): an LF is a Character
    /// of its own except right after CR, where CR LF is one Character that is not "\n".
    static func lineCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return 1 }
            var lines = 1
            var offset = 0
            while offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) {
                let position = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                if position == 0 || base[position - 1] != 0x0D { lines += 1 }
                offset = position + 1
            }
            return lines
        }
    }
}

/// The pane's text split into lines, each made terminal-safe and highlighted when it is first drawn, and
/// kept while the text stays the same: the pane is drawn on every frame (30 to 60 a second while a stream
/// runs) and its text seldom changes. A conversation's text holds every reply, so only the lines on screen
/// are made safe and highlighted (a 690 KB reply cost a tenth of the playground's CPU for its stream when
/// the whole text was, on the frame that showed it).
final class TemplateLines: Sendable {
    static let shared = TemplateLines()

    struct Line: Sendable {
        var text: Substring
        var segments: [(text: Substring, role: StyleRole)]
    }

    /// A text's lines: where each begins, found once; each line made when it is first asked for, and kept
    /// with the document (at most `keptLines`: scrolling a long conversation keeps a few screens of them).
    final class Document: Sendable {
        let text: String
        /// The UTF-8 offset where each line begins; a line ends at the LF before the next one's start.
        private let starts: [Int]
        private let made = Mutex<[Int: Line]>([:])
        private static let keptLines = 1024

        fileprivate init(text: String) {
            self.text = text
            self.starts = Self.lineStarts(text)
        }

        var count: Int { starts.count }

        /// Line `index` (0 ..< count), terminal-safe and highlighted.
        func line(at index: Int) -> Line {
            if let kept = made.withLock({ $0[index] }) { return kept }
            let line = makeLine(at: index)
            made.withLock { made in
                if made.count >= Self.keptLines { made.removeAll() }
                made[index] = line
            }
            return line
        }

        private func makeLine(at index: Int) -> Line {
            let start = starts[index]
            var text = text
            let raw = text.withUTF8 { bytes in
                let end = index + 1 < starts.count ? starts[index + 1] - 1 : bytes.count
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            // Splitting at LF bytes before making the text safe splits where splitting the safe text would:
            // `TerminalSafeText` keeps LF and turns every other control (CR too) into a visible picture.
            let safe = Substring(TerminalSafeText.make(raw))
            return Line(text: safe, segments: TemplateHighlighter.segments(of: safe))
        }

        /// The UTF-8 offsets just past each LF, after a first 0: where each of the text's lines begins.
        private static func lineStarts(_ text: String) -> [Int] {
            var text = text
            return text.withUTF8 { bytes in
                var starts = [0]
                guard let base = bytes.baseAddress else { return starts }
                var offset = 0
                while offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) {
                    offset = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
                    starts.append(offset)
                }
                return starts
            }
        }
    }

    private let last = Mutex<Document?>(nil)

    private struct ConversationText: Sendable {
        var base: String
        var transcript: [ConversationMessage]
        var footer: String
        var text: String
        var messageLines: [Int]
    }

    private let conversationText = Mutex<ConversationText?>(nil)

    /// `base`, then the conversation's messages under a rule line, then `footer`, with the line where each
    /// message begins; kept while the three are the same, so a frame compares them (equal strings share
    /// their storage: no bytes read) instead of copying every reply into a new text, as it did four times.
    func conversation(after base: String, transcript: [ConversationMessage], footer: String) -> (
        text: String, messageLines: [Int]
    ) {
        if let kept = conversationText.withLock({ $0 }), kept.base == base, kept.footer == footer,
            kept.transcript == transcript
        {
            return (kept.text, kept.messageLines)
        }
        var text = base + "\n\n── conversation (\(transcript.count) after the prompt's) ──"
        var line = TemplateView.lineCount(text)
        var messageLines: [Int] = []
        for message in transcript {
            let summary = message.summary
            messageLines.append(line)
            text += "\n" + summary
            line += TemplateView.lineCount(summary)
        }
        text += footer
        let made = ConversationText(
            base: base, transcript: transcript, footer: footer, text: text, messageLines: messageLines)
        conversationText.withLock { $0 = made }
        return (text, messageLines)
    }

    func lines(of text: String) -> Document {
        if let kept = last.withLock({ $0 }), Self.sameBytes(kept.text, text) { return kept }
        let document = Document(text: text)
        last.withLock { $0 = document }
        return document
    }

    /// Byte equality (`==` compares canonical equivalence, which reads a long non-ASCII text slowly).
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count, let left = x.baseAddress, let right = y.baseAddress else {
                    return x.count == y.count
                }
                return left == right || memcmp(left, right, x.count) == 0
            }
        }
    }
}
