import PromptDeckCore

/// The template with its variables highlighted, under a line with kind, profile and model.
enum TemplateView {
    static func draw(_ state: AppState, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let focused = state.focus == .template && state.overlay == nil
        screen.box(rect, title: "Template" + (state.detail.map { ": " + $0.prompt.id } ?? ""), focused: focused)
        let inner = rect.inner
        guard inner.height > 0 else { return }
        guard let detail = state.detail else {
            screen.line(
                state.detailError ?? "Pick a prompt on the left.", in: inner, at: 0, indent: 1,
                role: state.detailError == nil ? .textDim : .outputError)
            return
        }
        let model = state.activeModel ?? "(profile default)"
        let meta = "\(detail.prompt.kind.rawValue) · profile \(state.activeProfileName) · model \(model)"
        screen.line(DisplayWidth.truncate(meta, to: inner.width - 1), in: inner, at: 0, indent: 1, role: .templateMeta)
        var row = 1
        let lines = TerminalSafeText.make(detail.templateText).split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines.dropFirst(state.templateScroll) {
            guard row < inner.height else { break }
            var column = inner.left + 1
            for segment in TemplateHighlighter.segments(of: line) {
                for character in segment.text {
                    let width = max(1, DisplayWidth.of(character))
                    if column + width > inner.right {
                        row += 1
                        column = inner.left + 1
                        if row >= inner.height { break }
                    }
                    column = screen.write(String(character), row: inner.top + row, column: column, role: segment.role)
                }
            }
            row += 1
        }
    }
}
