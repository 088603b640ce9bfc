import Foundation
import Testing

@testable import PromptDeckCore

/// What a run's observers are shown of one read: its text deltas joined per choice (so the printer, the
/// playground and a comparison do per-read work, not per-token work), with the count of deltas the server
/// sent, and every other event as it came.
@Suite("Stream batches")
struct StreamBatchTests {
    static func chunk(_ choice: Int, _ text: String, logprobs: Bool = false) -> String {
        let logprobs = logprobs ? #","logprobs":{"content":[{"token":"\#(text)","logprob":-0.5}]}"# : ""
        return #"data: {"choices":[{"index":\#(choice),"delta":{"content":"\#(text)"}\#(logprobs)}]}"# + "\n\n"
    }

    @Test func oneReadsDeltasAreJoinedPerChoiceAndCounted() {
        var state = RunState(record: HonestTokenCountTests.record(), choiceCount: 2)
        state.receiveResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/event-stream")])
        let text =
            Self.chunk(0, "a") + Self.chunk(0, " b") + Self.chunk(0, " c") + Self.chunk(0, " d", logprobs: true)
            + Self.chunk(1, "x") + Self.chunk(1, "y")
            + #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n" + Self.chunk(1, "z")
        let batch = Array(text.utf8).withUnsafeBytes { state.receive($0) }
        #expect(batch.textDeltas == 7)
        #expect(
            batch.events == [
                .delta(choice: 0, text: "a b c", logprobs: nil),
                .delta(choice: 0, text: " d", logprobs: [TokenLogprob(token: " d", logprob: -0.5)]),
                .delta(choice: 1, text: "xy", logprobs: nil),
                .finish(choice: 0, reason: "stop"),
                .delta(choice: 1, text: "z", logprobs: nil),
            ])
        #expect(state.record.outputs == [0: "a b c d", 1: "xyz"])
        // The next read starts a new batch.
        let next = Array(Self.chunk(1, "!").utf8).withUnsafeBytes { state.receive($0) }
        #expect(next == StreamBatch(events: [.delta(choice: 1, text: "!", logprobs: nil)], textDeltas: 1))
    }

    /// `--no-history` (a recorder that keeps no events): the output and the observers' batches are the
    /// same, and nothing waits for history (the reply is not held a second time until a flush).
    @Test func aRunWhoseRecorderKeepsNoEventsQueuesNone() {
        var kept = RunState(record: HonestTokenCountTests.record(), choiceCount: 1)
        var discarded = RunState(record: HonestTokenCountTests.record(), choiceCount: 1, queuesEvents: false)
        let text = Self.chunk(0, "a") + Self.chunk(0, " b")
        let headers = [HTTPHeader("Content-Type", "text/event-stream")]
        kept.receiveResponse(status: 200, headers: headers)
        discarded.receiveResponse(status: 200, headers: headers)
        let keptBatch = Array(text.utf8).withUnsafeBytes { kept.receive($0) }
        let discardedBatch = Array(text.utf8).withUnsafeBytes { discarded.receive($0) }
        #expect(keptBatch == discardedBatch)
        #expect(discarded.record.outputs == [0: "a b"])
        #expect(kept.takePendingEvents().map(\.text) == ["a b"])
        #expect(discarded.takePendingEvents().isEmpty)
        #expect(DiscardingRecorder().recordsEvents == false)
        #expect(CheckingRecorder(wrapping: DiscardingRecorder(), prices: nil).recordsEvents == false)
    }

    /// A long answer, read by read: every piece of every choice and of the reasoning is in the record once,
    /// in order, through each growth of its storage.
    @Test func longOutputsKeepEveryPieceInOrder() {
        var state = RunState(record: HonestTokenCountTests.record(), choiceCount: 2)
        state.receiveResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/event-stream")])
        var expected: [Int: String] = [:]
        var reasoning = ""
        for read in 0..<300 {
            var text = ""
            for piece in 0..<20 {
                let choice = piece % 3 == 0 ? 1 : 0
                let word = " é\(read)-\(piece) lorem ipsum dolor sit amet"
                text += Self.chunk(choice, word)
                expected[choice, default: ""] += word
            }
            let thought = "t\(read)… " + String(repeating: "hmm ", count: 40)
            text += #"data: {"choices":[{"index":0,"delta":{"reasoning_content":"\#(thought)"}}]}"# + "\n\n"
            reasoning += thought
            _ = Array(text.utf8).withUnsafeBytes { state.receive($0) }
        }
        #expect((expected[0]?.utf8.count ?? 0) > 128 << 10)
        #expect(reasoning.utf8.count > 32 << 10)
        #expect(state.record.outputs.keys.sorted() == [0, 1])
        #expect(Self.firstDifference(state.record.outputs[0], expected[0]) == nil)
        #expect(Self.firstDifference(state.record.outputs[1], expected[1]) == nil)
        #expect(Self.firstDifference(state.record.reasoning[0], reasoning) == nil)
    }

    /// The byte offset where two texts first differ, nil when they are equal: a failure names a place,
    /// not 160 KB of text.
    static func firstDifference(_ got: String?, _ expected: String?) -> Int? {
        let a = Array((got ?? "").utf8)
        let b = Array((expected ?? "").utf8)
        if a == b { return nil }
        return zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    }
}
