import PromptDeckCore

/// What a run streams beside its answer: reasoning (`reasoning_content` / `reasoning`) and tool calls,
/// per choice. The output pane shows the reasoning above the answer (dimmed, folded to one line once the
/// answer starts; `R` unfolds it) and each tool call as a card below it.
public struct RunExtras: Equatable, Sendable {
    public var reasoning: [Int: String] = [:]
    public var toolCalls = ToolCallAssembler()
    /// The final calls, once the run is over (they replace the assembled ones).
    public var finalToolCalls: [Int: [ToolCall]]?
    /// What is wrong with each call (by id) against its tool's parameters schema, once the run is over.
    public var toolProblems: [String: [String]] = [:]
    /// The output as pretty JSON while `J` shows it (made once, when `J` is pressed; nil: the raw text).
    public var prettyJSON: String?
    /// Whether the reasoning shows whole (`R`).
    public var reasoningUnfolded = false

    public init() {}

    /// The calls of `choice`: final ones when the run is over, else those assembled so far.
    public func calls(choice: Int) -> [ToolCall] {
        finalToolCalls?[choice] ?? toolCalls.toolCalls[choice] ?? []
    }

    public var isEmpty: Bool {
        reasoning.isEmpty && toolCalls.isEmpty && (finalToolCalls?.isEmpty ?? true) && prettyJSON == nil
            && toolProblems.isEmpty
    }
}
