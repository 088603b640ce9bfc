import Foundation
import PromptDeckCore

/// On a terminal's stderr: one status line, redrawn as variants finish (`2/4 done · #3 streaming…`).
final class CompareProgress: ComparisonObserver, @unchecked Sendable {
    private let count: Int
    private let lock = NSLock()
    private var done = 0
    private var shown = false

    init(count: Int) {
        self.count = count
        draw("running \(count) variants…")
    }

    func comparison(_ comparison: Comparison, didFinishVariantAt position: Int, record: RunRecord?) {
        let state = comparison.snapshot.variants[position]
        let text = lock.withLock { () -> String in
            done += 1
            return "\(done)/\(count) done · \(state.variant.label) \(state.status.rawValue) in \(state.durationText)"
        }
        draw(text)
    }

    /// Erases the status line before the results are printed.
    func clear() {
        lock.withLock {
            if shown { StandardError.write("\r\u{1B}[2K") }
            shown = false
        }
    }

    private func draw(_ text: String) {
        lock.withLock {
            StandardError.write("\r\u{1B}[2K" + text)
            shown = true
        }
    }
}
