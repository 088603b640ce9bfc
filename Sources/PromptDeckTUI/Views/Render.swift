import PromptDeckCore

/// Draws the whole playground for `state` into a screen buffer of roles (the theme colours them later).
public func render(_ state: AppState) -> ScreenBuffer {
    var screen = ScreenBuffer(rows: state.size.rows, columns: state.size.columns)
    guard state.size.rows > 0, state.size.columns > 0 else { return screen }
    if state.size.isTooSmall {
        TooSmallView.draw(state.size, into: &screen)
        return screen
    }
    if let history = state.history {
        HistoryView.draw(state, history, into: &screen)
        let layout = HistoryLayout(size: state.size)
        drawBars(state, statusRow: layout.statusRow, hintRow: layout.hintRow, into: &screen)
        return screen
    }
    if let evaluation = state.evaluation {
        EvaluationView.draw(state, evaluation, into: &screen)
        let layout = EvaluationLayout(size: state.size)
        drawBars(state, statusRow: layout.statusRow, hintRow: layout.hintRow, into: &screen)
        return screen
    }
    if state.isComparing, state.compare != nil {
        CompareView.draw(state, into: &screen)
        let layout = state.compareLayout
        drawBars(state, statusRow: layout.statusRow, hintRow: layout.hintRow, into: &screen)
        return screen
    }
    let layout = Layout(size: state.size, zoomed: state.zoomed ? state.focus : nil)
    PromptListView.draw(state, in: layout.prompts, into: &screen)
    TemplateView.draw(state, in: layout.template, into: &screen)
    VariablesView.draw(state, in: layout.variables, into: &screen)
    ParametersView.draw(state, in: layout.parameters, into: &screen)
    OutputView.draw(state, in: layout.output, into: &screen)
    StatusBarView.draw(state, row: layout.statusRow, into: &screen)
    HintLineView.draw(state, row: layout.hintRow, into: &screen)
    if let overlay = state.overlay {
        OverlayView.draw(overlay, state: state, into: &screen)
    }
    return screen
}

/// The status bar, the key hints and the overlay over a full-screen mode (history, evaluation, compare).
private func drawBars(_ state: AppState, statusRow: Int, hintRow: Int, into screen: inout ScreenBuffer) {
    StatusBarView.draw(state, row: statusRow, into: &screen)
    HintLineView.draw(state, row: hintRow, into: &screen)
    if let overlay = state.overlay { OverlayView.draw(overlay, state: state, into: &screen) }
}

/// The message shown instead of the panes below the minimum size.
enum TooSmallView {
    static func draw(_ size: TerminalSize, into screen: inout ScreenBuffer) {
        let minimum = TerminalSize.minimum
        let words =
            "Terminal too small: \(size.columns)×\(size.rows). PromptDeck needs at least \(minimum.columns)×\(minimum.rows). Resize, or press q to quit."
        var wrapped = WrappedText(width: size.columns)
        wrapped.append(words)
        let top = max(0, (size.rows - wrapped.lineCount) / 2)
        for index in 0..<min(wrapped.lineCount, size.rows) {
            let line = wrapped.line(at: index)
            let column = max(0, (size.columns - DisplayWidth.of(line)) / 2)
            screen.write(line, row: top + index, column: column, role: .banner)
        }
    }
}

/// Template text split into highlighted runs: `{{var}}`, sections, partials and comments get their roles.
enum TemplateHighlighter {
    static func segments(of line: Substring) -> [(text: Substring, role: StyleRole)] {
        // Most lines (a reply in a conversation, most of a template) have no tag: no search for one.
        if !Self.hasOpeningBraces(line) { return line.isEmpty ? [] : [(line, .templateText)] }
        var result: [(Substring, StyleRole)] = []
        var rest = line[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex {
                result.append((rest[rest.startIndex..<open.lowerBound], .templateText))
            }
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else {
                result.append((rest[open.lowerBound...], .templateText))
                return result
            }
            var end = close.upperBound
            if end < rest.endIndex, rest[end] == "}" { end = rest.index(after: end) }
            let tag = rest[open.lowerBound..<end]
            let sigil = tag.dropFirst(2).first
            let role: StyleRole
            switch sigil {
            case "#", "^", "/": role = .templateSection
            case ">": role = .templatePartial
            case "!": role = .templateMeta
            default: role = .templateVariable
            }
            result.append((tag, role))
            rest = rest[end...]
        }
        if !rest.isEmpty { result.append((rest, .templateText)) }
        return result
    }

    /// Whether the bytes `{{` occur (no other text can match "{{": nothing decomposes to a brace). A reply
    /// in a conversation can be one line of 700 KB, searched again for each of its Documents.
    static func hasOpeningBraces(_ line: Substring) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            openingBraces.withUnsafeBufferPointer { ByteSearch.contains(bytes, $0) }
        }
    }

    private static let openingBraces: [UInt8] = Array("{{".utf8)
}
