/// The prompt list: a filter line, then one prompt per row (id, kind), the cursor highlighted.
enum PromptListView {
    static func draw(_ state: AppState, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let focused = state.focus == .prompts && state.overlay == nil
        let visible = state.visiblePrompts
        let title = state.promptsLoaded ? "Prompts (\(visible.count))" : "Prompts (loading…)"
        screen.box(rect, title: title, focused: focused)
        let inner = rect.inner
        guard inner.height > 0 else { return }
        let label = screen.line("/ ", in: inner, at: 0, role: .inputLabel)
        if state.isFiltering {
            let (text, cursor) = state.filter.visibleSlice(width: inner.width - 3)
            screen.write(text, row: inner.top, column: label, role: .inputText, limit: inner.right - label)
            screen.cursor = (inner.top, label + cursor)
        } else if state.filter.text.isEmpty {
            screen.write("filter", row: inner.top, column: label, role: .inputPlaceholder, limit: inner.right - label)
        } else {
            screen.truncated(
                state.filter.text, row: inner.top, column: label, width: inner.right - label, role: .inputText)
        }
        let listHeight = inner.height - 1
        guard listHeight > 0 else { return }
        if visible.isEmpty {
            let text = state.promptsLoaded ? "no prompt matches" : "loading…"
            screen.line(text, in: inner, at: 1, role: .textDim)
            return
        }
        let first = max(0, min(state.promptCursor - listHeight / 2, visible.count - listHeight))
        for (offset, prompt) in visible[first..<min(visible.count, first + listHeight)].enumerated() {
            let index = first + offset
            let row = inner.top + 1 + offset
            let selected = index == state.promptCursor
            let role: StyleRole = selected ? (focused ? .listSelected : .listSelectedUnfocused) : .listItem
            screen.fill(Rect(top: row, left: inner.left, height: 1, width: inner.width), role: selected ? role : .text)
            let kind = prompt.sourcePath.hasPrefix("portkey:") ? "pkey" : prompt.kind == .chat ? "chat" : "cmpl"
            let showKind = inner.width > 14
            let idWidth = inner.width - (showKind ? 7 : 1)
            // The name part first, its folder dimmed after it: narrow lists still tell prompts apart.
            let parts = prompt.id.split(separator: "/")
            let leaf = parts.last.map(String.init) ?? prompt.id
            let end = screen.truncated(leaf, row: row, column: inner.left + 1, width: idWidth, role: role)
            if parts.count > 1, end + 3 < inner.left + 1 + idWidth {
                let folder = parts.dropLast().joined(separator: "/") + "/"
                screen.truncated(
                    " " + folder, row: row, column: end, width: inner.left + 1 + idWidth - end,
                    role: selected ? role : .listMeta)
            }
            if showKind {
                screen.write(kind, row: row, column: inner.right - 5, role: selected ? role : .listMeta)
            }
        }
    }
}
