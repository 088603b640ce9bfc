import PromptDeckCore

/// The mouse in the history browser and in compare mode (the playground's panes are in `AppState+Mouse`).
extension AppState {
    /// History: a click selects the run clicked, focuses the detail pane, or starts a search; the wheel
    /// moves in the list or scrolls the detail pane, whichever is under the pointer.
    mutating func mouseInHistory(_ event: MouseEvent) -> [Effect] {
        guard var browser = history, browser.question == nil else { return [] }
        let layout = HistoryLayout(size: size)
        let inList = layout.list.contains(row: event.row, column: event.column)
        let inDetail = layout.detail.contains(row: event.row, column: event.column)
        var effects: [Effect] = []
        if let motion = event.wheelMotion {
            guard inList || inDetail else { return [] }
            let saved = browser.detailFocused
            browser.detailFocused = inDetail
            for _ in 0..<MouseEvent.wheelLines {
                if case .stay(let moved) = browser.move(motion, layout: layout) { effects = moved }
            }
            browser.detailFocused = saved
        } else if event.isLeftClick {
            if layout.search.contains(row: event.row, column: event.column) {
                browser.isTyping = true
                browser.detailFocused = false
            } else if inDetail {
                browser.isTyping = false
                browser.detailFocused = true
            } else if inList {
                browser.isTyping = false
                browser.detailFocused = false
                let inner = layout.list.inner
                if inner.contains(row: event.row, column: event.column),
                    let index = MouseRows.historyRun(atLine: event.row - inner.top, browser: browser, inner: inner)
                {
                    browser.cursor = index
                    effects = browser.loadSelected()
                }
            }
        }
        history = browser
        return effects
    }

    /// Compare mode: a click focuses the column (or the grid's row) under the pointer; the wheel scrolls
    /// that column, the grid, or the reader. The column editor over the columns takes no mouse.
    mutating func mouseInCompare(_ event: MouseEvent) -> [Effect] {
        guard var comparison = compare, !comparison.isEditing else { return [] }
        let layout = compareLayout
        guard layout.area.contains(row: event.row, column: event.column) else { return [] }
        let motion = event.wheelMotion
        if comparison.reading != nil {
            if let motion { for _ in 0..<MouseEvent.wheelLines { comparison.move(motion, layout: layout) } }
            compare = comparison
            return []
        }
        switch layout.mode {
        case .columns, .tabs:
            // Tabs show the focused column in their one box.
            let hit = layout.boxes.firstIndex { $0.contains(row: event.row, column: event.column) }
            guard let box = hit else { break }
            let index = layout.mode == .columns ? box : comparison.focused
            guard comparison.columns.indices.contains(index) else { break }
            if let motion {
                let saved = comparison.focused
                comparison.focused = index
                for _ in 0..<MouseEvent.wheelLines { comparison.move(motion, layout: layout) }
                comparison.focused = saved
            } else if event.isLeftClick, comparison.focused != index {
                comparison.focused = index
                comparison.readScroll = 0
            }
        case .grid:
            if let motion {
                for _ in 0..<MouseEvent.wheelLines { comparison.move(motion, layout: layout) }
            } else if event.isLeftClick {
                let inner = layout.area.inner
                if inner.contains(row: event.row, column: event.column),
                    let index = MouseRows.gridVariant(
                        atLine: event.row - inner.top, compare: comparison, inner: inner)
                {
                    comparison.focused = index
                }
            }
        }
        compare = comparison
        return []
    }
}
