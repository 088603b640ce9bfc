import Foundation

/// Timings for `scripts/bench-tui`: when the first frame was on screen, and how long typed keys took to
/// reach the screen. Written to `PROMPTDECK_TUI_TRACE` on exit.
struct Trace {
    private var firstFrameWallNanoseconds: Int64?
    private var firstFullFrameWallNanoseconds: Int64?
    private var pendingKeyAt: Double?
    private var keyLatencies: [Double] = []

    mutating func keyRead(at time: Double) {
        if pendingKeyAt == nil { pendingKeyAt = time }
    }

    /// `full`: the frame shows the loaded prompt list and the first prompt, not a screen still loading.
    mutating func frameDrawn(at time: Double, full: Bool) {
        if firstFrameWallNanoseconds == nil { firstFrameWallNanoseconds = Clock.wallNanoseconds() }
        if full, firstFullFrameWallNanoseconds == nil { firstFullFrameWallNanoseconds = Clock.wallNanoseconds() }
        if let key = pendingKeyAt {
            keyLatencies.append(time - key)
            pendingKeyAt = nil
        }
    }

    func write(to path: String?) {
        guard let path else { return }
        var lines: [String] = []
        if let first = firstFrameWallNanoseconds { lines.append("first-frame-wall-ns \(first)") }
        if let full = firstFullFrameWallNanoseconds { lines.append("first-full-frame-wall-ns \(full)") }
        let sorted = keyLatencies.sorted()
        if !sorted.isEmpty {
            lines.append("keys \(sorted.count)")
            lines.append(String(format: "key-to-frame-ms-median %.2f", sorted[sorted.count / 2] * 1000))
            lines.append(String(format: "key-to-frame-ms-max %.2f", (sorted.last ?? 0) * 1000))
        }
        try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
