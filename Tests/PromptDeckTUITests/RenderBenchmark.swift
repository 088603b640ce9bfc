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
}
