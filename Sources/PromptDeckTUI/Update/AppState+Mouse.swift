import PromptDeckCore

/// The mouse: a click focuses the pane under the pointer (and selects the row clicked in a list), a wheel
/// notch scrolls the pane under the pointer by `MouseEvent.wheelLines` through the same motion code as the
/// arrow keys. The wheel leaves focus where it was: the pane is focused for the motion, then focus goes back.
/// Nothing the mouse does starts a run or anything that cannot be undone.
extension AppState {
    /// Applies one mouse event.
    mutating func handleMouse(_ event: MouseEvent) -> [Effect] {
        if let overlay { return mouseOverOverlay(overlay, event) }
        switch mode {
        case .playground(.panes): return mouseInPlayground(event)
        case .playground:
            // Filtering, an edit in place or the token cursor own the keys: the mouse leaves them alone.
            return []
        case .history: return mouseInHistory(event)
        case .compare: return mouseInCompare(event)
        case .evaluation: return []
        }
    }

    /// Over an overlay: the wheel scrolls it when it scrolls (or moves a picker's cursor); clicks do nothing,
    /// so a stray click never closes or confirms anything.
    private mutating func mouseOverOverlay(_ overlay: Overlay, _ event: MouseEvent) -> [Effect] {
        guard let motion = event.wheelMotion else { return [] }
        let delta = ScrollMotion.delta(motion, page: 1) ?? 0
        let limit = OverlayView.scrollLimit(overlay, state: self)
        func scrolled(_ scroll: Int) -> Int { min(max(0, scroll + delta * MouseEvent.wheelLines), limit) }
        switch overlay {
        case .help(let scroll): self.overlay = .help(scroll: scrolled(scroll))
        case .messages(let scroll): self.overlay = .messages(scroll: scrolled(scroll))
        case .preview(let content, let error, let scroll):
            self.overlay = .preview(content, error: error, scroll: scrolled(scroll))
        case .picker(var picker):
            let last = max(0, picker.visibleItems.count - 1)
            picker.cursor = min(max(0, picker.cursor + delta), last)
            self.overlay = .picker(picker)
        default:
            break
        }
        return []
    }

    /// The playground's panes: the pane under the pointer, focused by a click or scrolled by the wheel.
    private mutating func mouseInPlayground(_ event: MouseEvent) -> [Effect] {
        let layout = Layout(size: size, zoomed: zoomed ? focus : nil)
        guard
            let pane = Pane.allCases.first(where: { layout.rect(of: $0).contains(row: event.row, column: event.column) }
            )
        else { return [] }
        if let motion = event.wheelMotion {
            let saved = focus
            focus = pane
            defer { focus = saved }
            return repeated { $0.move(motion) }
        }
        guard event.isLeftClick else { return [] }
        focus = pane
        let inner = layout.rect(of: pane).inner
        guard inner.contains(row: event.row, column: event.column) else { return [] }
        let line = event.row - inner.top
        switch pane {
        case .prompts:
            if line == 0 {
                isFiltering = true
                return []
            }
            guard let index = MouseRows.prompt(atLine: line - 1, state: self, inner: inner) else { return [] }
            promptCursor = index
            return selectPromptAtCursor()
        case .variables:
            if let index = MouseRows.field(atLine: line, state: self, inner: inner) { fieldCursor = index }
        case .parameters:
            if let index = MouseRows.parameter(atLine: line, state: self, inner: inner) {
                parameterCursor = index
                parameterError = nil
            }
        case .template, .output:
            break
        }
        return []
    }

    /// Runs `step` once per wheel line; only the last step's effects are kept (a prompt moved over on the
    /// way is never loaded).
    mutating func repeated(_ step: (inout AppState) -> [Effect]) -> [Effect] {
        var effects: [Effect] = []
        for _ in 0..<MouseEvent.wheelLines { effects = step(&self) }
        return effects
    }
}
