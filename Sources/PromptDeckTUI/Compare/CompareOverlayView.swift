import PromptDeckCore

/// The compare overlays: the sweep form and the "reopen a comparison" prompt.
enum CompareOverlayView {
    static func drawSweep(_ form: SweepForm, in area: Rect, into screen: inout ScreenBuffer) {
        let rect = area.centered(height: 13, width: min(area.width - 4, 78))
        OverlayView.frame(rect, title: "Sweep into columns", into: &screen)
        let inner = rect.inner
        guard inner.height > 6, inner.width > 20 else { return }
        let labelWidth = 12
        for (index, label) in SweepForm.labels.enumerated() {
            let row = inner.top + index * 2
            let focused = index == form.focused
            screen.write(label, row: row, column: inner.left + 1, role: focused ? .overlayKey : .overlayText)
            let column = inner.left + 1 + labelWidth
            let width = inner.right - column - 1
            let (text, cursor) = form.fields[index].visibleSlice(width: width)
            if text.isEmpty, !focused {
                let hint = index == 1 ? "optional: a second parameter makes a grid" : "temperature=0,0.5,1 · seed=1..4"
                screen.write(hint, row: row, column: column, role: .inputPlaceholder, limit: width)
            } else {
                screen.write(text, row: row, column: column, role: .inputText, limit: width)
            }
            if focused { screen.cursor = (row, column + cursor) }
        }
        let note =
            form.error.map { "✖ " + $0 }
            ?? "Values: a,b,c or a range 1..4 · model=… and profile=… work too · Repeat: identical runs of each"
        screen.truncated(
            note, row: inner.top + 6, column: inner.left + 1, width: inner.width - 2,
            role: form.error == nil ? .hintText : .formError)
        screen.truncated(
            "Tab next field · Enter makes the columns · Esc cancels", row: inner.bottom - 1, column: inner.left + 1,
            width: inner.width - 2, role: .hintText)
    }

    static func drawReopen(_ form: ReopenForm, in area: Rect, into screen: inout ScreenBuffer) {
        let recent = form.visibleRecent
        let rect = area.centered(
            height: min(area.height, 5 + (recent.isEmpty ? 0 : recent.count + 1)), width: min(area.width - 4, 76))
        OverlayView.frame(rect, title: "Reopen a comparison (group or run id, any unique prefix)", into: &screen)
        let inner = rect.inner
        let (text, cursor) = form.field.visibleSlice(width: inner.width - 2)
        screen.write(text, row: inner.top, column: inner.left + 1, role: .inputText, limit: inner.width - 2)
        if form.cursor == nil { screen.cursor = (inner.top, inner.left + 1 + cursor) }
        if !recent.isEmpty {
            screen.line("recent (↓ to pick):", in: inner, at: 1, indent: 1, role: .listMeta)
            for (offset, listing) in recent.prefix(max(0, inner.height - 4)).enumerated() {
                let line =
                    "\(listing.groupID.prefix(12))  \(HistoryListLines.when(listing.createdAt, in: .current))  "
                    + "\(listing.runCount) runs  \(listing.promptID)"
                let role: StyleRole = offset == form.cursor ? .listSelected : .listItem
                screen.line(line, in: inner, at: 2 + offset, indent: 1, role: role)
            }
        }
        screen.line(
            "Enter opens it from history · Esc cancels", in: inner, at: inner.height - 1, indent: 1, role: .hintText)
    }
}
