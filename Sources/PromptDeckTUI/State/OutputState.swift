import PromptDeckCore

/// The output pane: each choice's text wrapped to the pane, the scroll position, and whether it follows.
public struct OutputState: Equatable, Sendable {
    public private(set) var choices: [Int: WrappedText] = [:]
    /// Logprobs per choice, when the run asked for them (the heatmap colours the text by them).
    public private(set) var tokens: [Int: [TokenLogprob]] = [:]
    public var selectedChoice = 0
    /// The first visible line.
    public var scroll = 0
    /// Follow the stream (stay at the bottom) until the user scrolls up.
    public var follow = true
    public private(set) var width: Int
    /// The visible height, kept so following and paging know the page size.
    public var height = 1

    /// Empty output wrapped at `width`.
    public init(width: Int) { self.width = max(1, width) }

    /// Choice indices that have text, in order (at least choice 0).
    public var choiceIndices: [Int] { choices.isEmpty ? [0] : choices.keys.sorted() }

    /// The wrapped text of the selected choice.
    public var current: WrappedText { choices[selectedChoice] ?? WrappedText(width: width) }

    /// All text of the selected choice (what "save" writes).
    public var currentText: String { current.source }

    public mutating func clear(choiceCount: Int) {
        choices = [:]
        tokens = [:]
        for index in 0..<max(1, choiceCount) { choices[index] = WrappedText(width: width) }
        selectedChoice = 0
        scroll = 0
        follow = true
    }

    /// Appends already-safe text to a choice, keeping the view at the bottom while following.
    public mutating func append(_ text: String, choice: Int) {
        choices[choice, default: WrappedText(width: width)].append(text)
        if follow, choice == selectedChoice { scrollToBottom() }
    }

    /// Adds a delta's logprobs to a choice.
    public mutating func appendTokens(_ logprobs: [TokenLogprob], choice: Int) {
        tokens[choice, default: []] += logprobs
    }

    /// The logprobs of the selected choice.
    public var currentTokens: [TokenLogprob] { tokens[selectedChoice] ?? [] }

    public mutating func resize(width newWidth: Int, height newHeight: Int) {
        width = max(1, newWidth)
        height = max(1, newHeight)
        for key in choices.keys { choices[key]?.rewrap(width: width) }
        if follow { scrollToBottom() } else { clampScroll() }
    }

    public var maxScroll: Int { max(0, current.lineCount - height) }

    public mutating func scrollToBottom() { scroll = maxScroll }

    /// Scrolls by `lines`; scrolling up stops following, reaching the bottom follows again.
    public mutating func scroll(by lines: Int) {
        scroll += lines
        clampScroll()
        follow = scroll >= maxScroll
    }

    mutating func clampScroll() { scroll = min(max(0, scroll), maxScroll) }

    public mutating func selectChoice(_ index: Int) {
        let indices = choiceIndices
        guard let position = indices.firstIndex(of: selectedChoice) else { return }
        let next = min(max(0, position + index), indices.count - 1)
        selectedChoice = indices[next]
        if follow { scrollToBottom() } else { clampScroll() }
    }
}
