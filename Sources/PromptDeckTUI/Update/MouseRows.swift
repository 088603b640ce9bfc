/// Which list row a click landed on: the same first-row arithmetic the views scroll their lists with
/// (`PromptListView`, `VariablesView`, `ParametersView`, `HistoryView`, `CompareGridView`), given the
/// line inside the box. Nil when the line shows no row.
enum MouseRows {
    /// The visible prompt at `line` of the list under the filter line.
    static func prompt(atLine line: Int, state: AppState, inner: Rect) -> Int? {
        let count = state.visiblePrompts.count
        let height = inner.height - 1
        let first = max(0, min(state.promptCursor - height / 2, count - height))
        return row(first + line, line: line, height: height, count: count)
    }

    /// The variable at `line` (the last line is the selected field's help).
    static func field(atLine line: Int, state: AppState, inner: Rect) -> Int? {
        let count = state.fields.count
        let selected = state.fields.indices.contains(state.fieldCursor)
        let height = max(1, inner.height - (selected ? 1 : 0))
        let first = max(0, min(state.fieldCursor - height + 1, count - height))
        return row(first + line, line: line, height: height, count: count)
    }

    /// The parameter at `line` (under the model and profile lines when the panel is tall enough).
    static func parameter(atLine line: Int, state: AppState, inner: Rect) -> Int? {
        let header = inner.height >= 5 ? 2 : 0
        let error =
            state.inlineEdit.flatMap { edit -> String? in
                if case .parameter = edit.target { return edit.error }
                return nil
            } ?? state.parameterError
        let count = state.parameterSpecs.count
        let height = max(1, inner.height - header - (error == nil ? 0 : 1))
        let first = max(0, min(state.parameterCursor - height + 1, count - height))
        return row(first + line - header, line: line - header, height: height, count: count)
    }

    /// The history run at `line` of the list (two lines a run when search snippets show).
    static func historyRun(atLine line: Int, browser: HistoryBrowser, inner: Rect) -> Int? {
        let count = browser.rows.count
        let perRow = browser.rows.contains { $0.snippet != nil } ? 2 : 1
        let visible = max(1, inner.height / perRow)
        let first = min(max(0, browser.cursor - visible + 1), max(0, count - visible))
        let start = browser.cursor < first ? browser.cursor : first
        return row(start + line / perRow, line: line / perRow, height: visible, count: count)
    }

    /// The variant at `line` of the grid, under its header line.
    static func gridVariant(atLine line: Int, compare: CompareState, inner: Rect) -> Int? {
        let count = compare.columns.count
        let height = max(1, inner.height - 1)
        let first = max(0, min(compare.focused - height / 2, count - height))
        return row(first + line - 1, line: line - 1, height: height, count: count)
    }

    private static func row(_ index: Int, line: Int, height: Int, count: Int) -> Int? {
        guard line >= 0, line < height, index >= 0, index < count else { return nil }
        return index
    }
}
