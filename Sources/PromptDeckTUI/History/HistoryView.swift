import Foundation
import PromptDeckCore

/// Draws the history browser: search box and filters, the run list (marks, snippets), the detail pane,
/// and the export or delete question.
enum HistoryView {
    static func draw(_ state: AppState, _ browser: HistoryBrowser, into screen: inout ScreenBuffer) {
        let layout = HistoryLayout(size: state.size)
        drawSearch(browser, in: layout.search, into: &screen)
        drawList(browser, in: layout.list, into: &screen)
        drawDetail(browser, in: layout.detail, into: &screen)
        if let question = browser.question { drawQuestion(question, size: state.size, into: &screen) }
    }

    static func drawSearch(_ browser: HistoryBrowser, in rect: Rect, into screen: inout ScreenBuffer) {
        guard rect.height >= 3 else { return }
        screen.box(rect, title: "History · search", focused: browser.isTyping)
        let inner = rect.inner
        var filters: [String] = []
        if let status = browser.statusFilter { filters.append("status=\(status.rawValue)") }
        if let prompt = browser.promptFilter { filters.append("prompt=\(prompt)") }
        if let model = browser.modelFilter { filters.append("model=\(model)") }
        if let profile = browser.profileFilter { filters.append("profile=\(profile)") }
        let right =
            (filters.isEmpty ? "no filters" : filters.joined(separator: " "))
            + (browser.marked.isEmpty ? "" : " · \(browser.marked.count) marked")
        let rightWidth = min(DisplayWidth.of(right), max(0, inner.width / 2))
        let fieldWidth = max(1, inner.width - rightWidth - 3)
        if browser.query.text.isEmpty && !browser.isTyping {
            screen.write("/ to search", row: inner.top, column: inner.left + 1, role: .inputPlaceholder)
        } else {
            let (text, cursor) = browser.query.visibleSlice(width: fieldWidth)
            screen.write(text, row: inner.top, column: inner.left + 1, role: .inputText, limit: fieldWidth)
            if browser.isTyping { screen.cursor = (inner.top, inner.left + 1 + cursor) }
        }
        screen.truncated(
            right, row: inner.top, column: inner.right - rightWidth - 1, width: rightWidth, role: .listMeta)
    }

    static func drawList(_ browser: HistoryBrowser, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        var title = "Runs (\(browser.rows.count)\(browser.rows.count >= 200 ? "+" : ""))"
        if browser.loading { title += " …" }
        screen.box(rect, title: title, focused: !browser.detailFocused && !browser.isTyping)
        let inner = rect.inner
        if let error = browser.error {
            screen.line("✖ " + error, in: inner, at: 0, role: .statusError)
            return
        }
        if browser.rows.isEmpty {
            screen.line(browser.loading ? "loading…" : "no runs", in: inner, at: 0, role: .inputPlaceholder)
            return
        }
        let wide = inner.width >= 100
        let perRow = browser.rows.contains { $0.snippet != nil } ? 2 : 1
        let visible = max(1, inner.height / perRow)
        let first = min(max(0, browser.cursor - visible + 1), max(0, browser.rows.count - visible))
        let start = browser.cursor < first ? browser.cursor : first
        for (offset, index) in (start..<min(browser.rows.count, start + visible)).enumerated() {
            let row = browser.rows[index]
            let selected = index == browser.cursor
            let marked = browser.marked.contains(row.summary.id)
            let text = HistoryListLines.line(row.summary, marked: marked, timeZone: browser.timeZone, wide: wide)
            let role: StyleRole =
                selected ? (browser.detailFocused ? .listSelectedUnfocused : .listSelected) : .listItem
            let y = inner.top + offset * perRow
            if selected { screen.fill(Rect(top: y, left: inner.left, height: 1, width: inner.width), role: role) }
            screen.write(text, row: y, column: inner.left, role: role, limit: inner.width)
            if !selected {
                let statusColumn = inner.left + HistoryListLines.statusColumn(wide: wide)
                if statusColumn + 9 < inner.right {
                    screen.write(
                        row.summary.status.rawValue, row: y, column: statusColumn,
                        role: HistoryDetailLines.statusRole(row.summary.status))
                }
            }
            if let snippet = row.snippet, perRow == 2 {
                screen.truncated("   " + snippet, row: y + 1, column: inner.left, width: inner.width, role: .listMatch)
            }
        }
    }

    static func drawDetail(_ browser: HistoryBrowser, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let inner = rect.inner
        guard let detail = browser.detail else {
            screen.box(rect, title: "Run", focused: browser.detailFocused)
            return
        }
        let lines = HistoryDetailLines.lines(detail, width: inner.width, timeZone: browser.timeZone)
        let scroll = min(browser.detailScroll, max(0, lines.count - inner.height))
        let position = lines.count > inner.height ? " · \(scroll + 1)/\(lines.count)" : ""
        screen.box(rect, title: "Run \(detail.record.id)\(position)", focused: browser.detailFocused)
        for row in 0..<inner.height {
            let index = scroll + row
            guard index < lines.count else { break }
            screen.line(lines[index].text, in: inner, at: row, role: lines[index].role)
        }
    }

    static func drawQuestion(_ question: HistoryBrowser.Question, size: TerminalSize, into screen: inout ScreenBuffer) {
        let area = Rect(top: 0, left: 0, height: size.rows - 2, width: size.columns)
        let rect = area.centered(height: 6, width: min(area.width - 4, 70))
        screen.fill(rect, role: .overlayText)
        screen.box(rect, title: "", focused: true)
        let inner = rect.inner
        switch question {
        case .delete(let id):
            screen.write(
                " Delete run \(id)? ", row: rect.top, column: rect.left + 2, role: .overlayTitle)
            screen.line(
                "Its events go too; its children keep their rows.", in: inner, at: 0, indent: 1, role: .overlayText)
            screen.line("y deletes · n keeps it", in: inner, at: 2, indent: 1, role: .hintText)
        case .export(_, let format, let path):
            screen.write(" Export as \(format.rawValue) to ", row: rect.top, column: rect.left + 2, role: .overlayTitle)
            let (text, cursor) = path.visibleSlice(width: inner.width - 2)
            screen.write(text, row: inner.top, column: inner.left + 1, role: .inputText, limit: inner.width - 2)
            screen.cursor = (inner.top, inner.left + 1 + cursor)
            screen.line(
                "Tab format (json, curl, markdown) · Enter writes · Esc cancels", in: inner, at: 2, indent: 1,
                role: .hintText)
        }
    }
}

/// The list's columns: mark, id, when, prompt, model (when wide), status, tokens, ttft, first output line.
enum HistoryListLines {
    /// Where the status column starts.
    static func statusColumn(wide: Bool) -> Int { 2 + 15 + 12 + 18 + (wide ? 15 : 0) }

    static func line(_ run: RunSummary, marked: Bool, timeZone: TimeZone, wide: Bool) -> String {
        let tokens = run.totalTokens.map { (run.tokensEstimated ? "~" : "") + String($0) } ?? "-"
        let ttft = run.timeToFirstTokenMs.map { "\($0)ms" } ?? "-"
        let fields = [
            marked ? "✓ " : "  ", pad(run.id, 15), pad(when(run.createdAt, in: timeZone), 12),
            pad(run.promptID, 18), wide ? pad(run.model, 15) : "", pad(run.status.rawValue, 10),
            pad(tokens, 6, right: true), pad(ttft, 8, right: true), run.firstLine,
        ]
        return fields.joined()
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let shown = DisplayWidth.truncate(TerminalSafeText.make(text), to: width - 1)
        let gap = String(repeating: " ", count: max(0, width - 1 - DisplayWidth.of(shown)))
        return right ? gap + shown + " " : shown + gap + " "
    }

    /// `11-22 14:03` in the local time zone.
    static func when(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String {
            let text = String(value ?? 0)
            return text.count < 2 ? "0" + text : text
        }
        return "\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }
}
