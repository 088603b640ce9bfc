/// Where each pane goes for a terminal size: prompt list on the left; template, variables | parameters and
/// output stacked on the right; status bar and key hints at the bottom. A zoomed pane takes the whole area.
public struct Layout: Equatable, Sendable {
    public var prompts = Rect(top: 0, left: 0, height: 0, width: 0)
    public var template = Rect(top: 0, left: 0, height: 0, width: 0)
    public var variables = Rect(top: 0, left: 0, height: 0, width: 0)
    public var parameters = Rect(top: 0, left: 0, height: 0, width: 0)
    public var output = Rect(top: 0, left: 0, height: 0, width: 0)
    public var statusRow: Int
    public var hintRow: Int

    /// Lays out `size`; `zoomed` gives one pane the whole area.
    public init(size: TerminalSize, zoomed: Pane?) {
        statusRow = size.rows - 2
        hintRow = size.rows - 1
        let area = Rect(top: 0, left: 0, height: size.rows - 2, width: size.columns)
        if let zoomed {
            switch zoomed {
            case .prompts: prompts = area
            case .template: template = area
            case .variables: variables = area
            case .parameters: parameters = area
            case .output: output = area
            }
            return
        }
        let left = min(36, max(20, size.columns / 4 + 4))
        prompts = Rect(top: 0, left: 0, height: area.height, width: left)
        let rightWidth = size.columns - left
        let templateHeight = max(4, min(10, area.height / 4 + 1))
        let middleHeight = max(5, min(14, area.height / 3))
        template = Rect(top: 0, left: left, height: templateHeight, width: rightWidth)
        let variablesWidth = rightWidth / 2
        variables = Rect(top: templateHeight, left: left, height: middleHeight, width: variablesWidth)
        parameters = Rect(
            top: templateHeight, left: left + variablesWidth, height: middleHeight, width: rightWidth - variablesWidth)
        let outputTop = templateHeight + middleHeight
        output = Rect(top: outputTop, left: left, height: area.height - outputTop, width: rightWidth)
    }

    /// The rectangle of a pane (empty when another pane is zoomed).
    public func rect(of pane: Pane) -> Rect {
        switch pane {
        case .prompts: return prompts
        case .template: return template
        case .variables: return variables
        case .parameters: return parameters
        case .output: return output
        }
    }

    /// The text area inside the output pane's border.
    public var outputText: Rect { output.inner }
}
