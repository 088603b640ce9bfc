import Foundation
import PromptDeckCore

/// Writes a run's text to stdout as it arrives. With `n` > 1 each choice gets a heading: the choice
/// being shown streams live, the others are held back and printed as soon as it is done.
/// On a terminal, control and escape sequences in model output are made visible unless `raw`.
final class StreamPrinter: RunObserver, @unchecked Sendable {
    /// Where the model's reasoning goes.
    enum ReasoningDestination {
        /// On stdout, between `── reasoning ──` and `── answer ──` (`--show-reasoning`).
        case stdout
        /// On stderr, as it streams (stderr is a terminal).
        case stderr
        /// Nowhere: it is in history and in `--json`.
        case hidden

        static func choose(showReasoning: Bool) -> ReasoningDestination {
            showReasoning ? .stdout : StandardError.isTerminal ? .stderr : .hidden
        }
    }

    private let choiceCount: Int
    private let safe: Bool
    private let quiet: Bool
    private let reasoning: ReasoningDestination
    private var reasoningOpen = false
    private var current = 0
    private var held: [Int: String] = [:]
    private var finished: Set<Int> = []
    private var started: Set<Int> = []
    private var endsWithNewline = true
    /// What a batch of events prints, written to stdout at once (one lock and one copy per read, not per delta).
    private var out: [UInt8] = []

    init(choiceCount: Int, raw: Bool, quiet: Bool = false, reasoning: ReasoningDestination = .hidden) {
        self.choiceCount = choiceCount
        self.safe = !raw && StandardOutput.isTerminal
        self.quiet = quiet
        self.reasoning = reasoning
    }

    func run(_ run: RunSession, didReceive batch: StreamBatch) {
        guard !quiet else { return }
        for event in batch.events {
            switch event {
            case .reasoning(_, let text):
                showReasoning(text)
            case .delta(let choice, let text, _):
                if !text.isEmpty { closeReasoning() }
                if choice == current {
                    show(text, choice: choice)
                } else {
                    held[choice, default: ""] += text
                }
            case .finish(let choice, _):
                finished.insert(choice)
                advance()
            default: break
            }
        }
        flush()
    }

    func runDidFinish(_ run: RunSession, record: RunRecord) {
        guard !quiet else { return }
        // Whatever is still held (a cut-off stream) is shown in choice order.
        for choice in held.keys.sorted() where choice != current || !(held[choice] ?? "").isEmpty {
            current = choice
            show(held.removeValue(forKey: choice) ?? "", choice: choice)
        }
        closeReasoning()
        if !endsWithNewline { write("\n") }
        // A reply that calls tools says which, with the ids `--tool-result CALL_ID=JSON` answers.
        let problems = ToolCallCheck.problems(in: record)
        for choice in record.toolCalls.keys.sorted() {
            for call in record.toolCalls[choice] ?? [] {
                let line = "tool call \(call.id): \(call.summary)"
                write((safe ? TerminalSafeText.make(line) : line) + "\n")
                // Checked against the tool's parameters schema: on stderr, so stdout stays the calls.
                for problem in problems[call.id] ?? [] {
                    StandardError.write(TerminalSafeText.make("warning: \(call.id) \(call.name): \(problem)") + "\n")
                }
            }
        }
        flush()
        let answered = record.outputs.count
        if choiceCount > 1, record.status == .ok, answered < choiceCount {
            StandardError.write(
                "note: the server sent \(answered) of the \(choiceCount) choices asked for "
                    + "(some servers, llama.cpp's among them, ignore n)\n")
        }
    }

    private func write(_ text: String) {
        out.append(contentsOf: text.utf8)
    }

    private func flush() {
        StandardOutput.write(bytes: out)
        out.removeAll(keepingCapacity: true)
        StandardOutput.flush()
    }

    /// `text.hasSuffix("\n")` without comparing Characters: a final LF not after CR ("\r\n" is one Character).
    static func endsWithLineFeed(_ text: String) -> Bool {
        var bytes = text.utf8.reversed().makeIterator()
        return bytes.next() == 0x0A && bytes.next() != 0x0D
    }

    private func showReasoning(_ text: String) {
        switch reasoning {
        case .hidden: return
        case .stderr:
            reasoningOpen = true
            StandardError.write(TerminalSafeText.make(text))
        case .stdout:
            if !reasoningOpen { write((endsWithNewline ? "" : "\n") + "── reasoning ──\n") }
            reasoningOpen = true
            write(safe ? TerminalSafeText.make(text) : text)
            endsWithNewline = Self.endsWithLineFeed(text)
        }
    }

    /// Ends the reasoning block once the answer starts.
    private func closeReasoning() {
        guard reasoningOpen else { return }
        reasoningOpen = false
        switch reasoning {
        case .stderr: StandardError.write("\n")
        case .stdout:
            write((endsWithNewline ? "" : "\n") + "── answer ──\n")
            endsWithNewline = true
        case .hidden: break
        }
    }

    private func show(_ text: String, choice: Int) {
        if choiceCount > 1, !started.contains(choice) {
            started.insert(choice)
            write((endsWithNewline ? "" : "\n") + "── choice \(choice + 1) ──\n")
            endsWithNewline = true
        }
        guard !text.isEmpty else { return }
        write(safe ? TerminalSafeText.make(text) : text)
        endsWithNewline = Self.endsWithLineFeed(text)
    }

    /// Moves past finished choices, printing what each next one has accumulated.
    private func advance() {
        while finished.contains(current), current + 1 < choiceCount {
            current += 1
            // A choice with nothing yet gets its heading with its first text: a server that ignores `n`
            // (llama.cpp) never sends choice 2, and an empty heading would read as an empty answer.
            if let text = held.removeValue(forKey: current) { show(text, choice: current) }
        }
    }
}
