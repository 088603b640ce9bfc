import PromptDeckCore

extension CompareState {
    /// Arrow keys: scroll the focused column (or the reader); in the grid, move the selected row.
    mutating func move(_ command: Command, layout: CompareLayout) {
        let page = max(1, layout.area.height - 6)
        let delta: Int
        switch command {
        case .moveUp: delta = -1
        case .moveDown: delta = 1
        case .pageUp: delta = -page
        case .pageDown: delta = page
        case .top: delta = Int.min / 2
        default: delta = Int.max / 2
        }
        if reading != nil {
            readScroll = max(0, readScroll.addingReportingOverflow(delta).partialValue)
            return
        }
        if layout.mode == .grid {
            focused = min(max(0, focused.addingReportingOverflow(delta).partialValue), columns.count - 1)
            return
        }
        guard columns.indices.contains(focused) else { return }
        let box = layout.boxes.first ?? layout.area
        let height = CompareLayout.outputHeight(of: box)
        let lineCount =
            showsDiff
            ? (columns[focused].diff?.lines.count ?? columns[focused].text.lineCount) : columns[focused].text.lineCount
        let maxScroll = max(0, lineCount - height)
        var column = columns[focused]
        let current = column.follows ? maxScroll : column.scroll
        column.scroll = min(max(0, current.addingReportingOverflow(delta).partialValue), maxScroll)
        column.follows = column.scroll >= maxScroll
        columns[focused] = column
    }

    /// Takes in a frame of results; returns whether it belonged to this comparison.
    mutating func receive(_ frame: ComparisonFrame) -> Bool {
        guard frame.groupID == groupID else { return false }
        for (position, state) in frame.variants.enumerated() where columns.indices.contains(position) {
            let elapsed = frame.elapsedMs.indices.contains(position) ? frame.elapsedMs[position] : nil
            columns[position].receive(state, elapsedMs: elapsed)
        }
        frameAt = frame.at
        now = max(now, frame.at)
        return true
    }

    /// Recomputes the word diffs of columns whose output (or column 1's) grew, at most every
    /// `diffInterval` seconds unless `force` (diff just turned on, or the comparison finished).
    mutating func refreshDiffs(at time: Double, force: Bool) {
        guard showsDiff, columns.count > 1 else { return }
        guard force || time - diffedAt >= Self.diffInterval else { return }
        diffedAt = time
        let base = columns[0].output
        let baseLength = base.utf8.count
        for index in columns.indices.dropFirst() {
            let output = columns[index].output
            if let cached = columns[index].diff, cached.baseLength == baseLength,
                cached.length == output.utf8.count, cached.width == textWidth
            {
                continue
            }
            columns[index].diff = DiffCache(base: base, output: output, width: textWidth)
        }
    }
}

extension DiffCache {
    /// The word diff of `output` against `base`, styled (`diff.add` / `diff.remove`) and wrapped at `width`.
    public init(base: String, output: String, width: Int) {
        baseLength = base.utf8.count
        length = output.utf8.count
        self.width = width
        var spans: [StyledSpan] = []
        var added = 0
        var removed = 0
        for run in WordDiff.diff(base, output) {
            let words = run.text.split(whereSeparator: \.isWhitespace).count
            let role: StyleRole
            switch run.operation {
            case .equal: role = .outputText
            case .insert:
                role = .diffAdd
                added += words
            case .delete:
                role = .diffRemove
                removed += words
            }
            // git's word-diff markers keep the change readable without colour (and in snapshots).
            let text = TerminalSafeText.make(run.text)
            switch run.operation {
            case .equal: spans.append(StyledSpan(text, role))
            case .insert: spans.append(StyledSpan("{+" + text + "+}", role))
            case .delete: spans.append(StyledSpan("[-" + text + "-]", role))
            }
        }
        self.spans = spans
        self.added = added
        self.removed = removed
        lines = StyledWrap.wrap(spans, width: width)
    }
}
