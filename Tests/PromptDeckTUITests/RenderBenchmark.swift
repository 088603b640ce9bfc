import Foundation
import Testing

@testable import PromptDeckCore
@testable import PromptDeckTUI

/// A frame of the playground while a stream runs, at 120×40 and 200×60: `render` of a chat prompt with a
/// conversation in the Template pane and a growing output, as the runtime draws it on every frame. Prints
/// microseconds a frame (median of the runs); asserts none. Runs only with `PROMPTDECK_BENCH=1`.
@Suite struct RenderBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PROMPTDECK_BENCH"] == "1"))
    func framesWhileStreaming() {
        for (rows, columns) in [(40, 120), (60, 200)] {
            var state = Fixtures.state(rows: rows, columns: columns, promptID: "examples/translate", focus: .output)
            Fixtures.running(&state)
            var samples: [Double] = []
            for frame in 0..<400 {
                let text = "Merci pour votre commande, elle part demain matin (\(frame)). "
                _ = update(
                    &state, .runEvents(id: "run-1", events: [.delta(choice: 0, text: text, logprobs: nil)], at: 10))
                let start = ContinuousClock.now
                let screen = render(state)
                let elapsed = ContinuousClock.now - start
                precondition(!screen.text.isEmpty)
                samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            }
            samples.sort()
            print(
                "bench: render \(columns)x\(rows) while streaming: median \(Int(samples[samples.count / 2])) µs a frame, p95 \(Int(samples[samples.count * 95 / 100])) µs"
            )
        }
    }

    /// The same, streaming the next turn of a conversation whose last reply is 690 KB (the bench stream's
    /// size): the Template pane shows the conversation on every frame.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PROMPTDECK_BENCH"] == "1"))
    func framesWhileStreamingInALongConversation() {
        var state = Fixtures.state(rows: 40, columns: 120, promptID: "examples/translate", focus: .output)
        Fixtures.running(&state)
        var reply = Fixtures.record(
            status: .ok, outputs: [0: (0..<100_000).map { "tok\($0)" }.joined(separator: " ")])
        reply.kind = "chat"
        reply.promptID = "examples/translate"
        reply.parentID = "run-0"
        _ = update(&state, .runFinished(id: "run-1", record: reply, historyWarning: nil))
        _ = update(&state, .key(.char("C")))
        _ = Fixtures.type("And again, shorter.", into: &state)
        _ = update(&state, .key(.escape))
        Fixtures.running(&state)
        precondition(render(state).text.contains("── conversation (2 after the prompt's) ──"))
        var samples: [Double] = []
        for frame in 0..<200 {
            let text = "Merci pour votre commande, elle part demain matin (\(frame)). "
            _ = update(&state, .runEvents(id: "run-1", events: [.delta(choice: 0, text: text, logprobs: nil)], at: 10))
            let start = ContinuousClock.now
            _ = render(state)
            let elapsed = ContinuousClock.now - start
            samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
        }
        samples.sort()
        print(
            "bench: render 120x40 streaming after a 690 KB reply: median \(Int(samples[samples.count / 2])) µs a frame, p95 \(Int(samples[samples.count * 95 / 100])) µs"
        )
    }
}
