import Foundation
import PromptDeckCore
import Testing

/// The key sequences the tmux suites share: start-up, picking and filling a prompt, profiles, runs,
/// history and quitting (each `#expect`s at the caller's source location).
extension PlaygroundSession {
    /// How many example prompts are bundled: the prompt list's count with an empty library, so adding an
    /// example does not touch every tmux test.
    public static let bundledExamples = PromptLibrary(directory: nil).list().prompts.count

    /// Waits for the prompt list, `Prompts (count)`: the playground has drawn its first frame.
    @discardableResult
    public func waitUntilStarted(
        prompts count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let started = waitFor("Prompts (\(count))", timeout: timeout)
        #expect(started.ok, "the playground did not start:\n\(started.screen)", sourceLocation: sourceLocation)
        return started.ok
    }

    /// `/`, the filter, then waits for `Template: <id>` in the preview; with `open`, Enter opens it.
    public func selectPrompt(
        filter: String, id: String, open: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        send("/")
        type(filter)
        #expect(waitFor("Template: \(id)").ok, "no prompt \(id) for /\(filter)", sourceLocation: sourceLocation)
        // Enter on a filter with one match opens it, focus on its variables.
        if open { send("Enter") }
    }

    /// From an opened prompt (focus on its variables): Enter edits the first, `value`, Enter accepts.
    public func fillFirstVariable(with value: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            waitFor("Enter edit").ok, "opening the prompt should focus its variables", sourceLocation: sourceLocation)
        send("Enter")
        #expect(
            waitFor("Enter accept").ok, "Enter on the variable should start editing", sourceLocation: sourceLocation)
        type(value)
        send("Enter")
    }

    /// `P`, the profile's name, Enter; then waits for `expecting` (default `profile <name>`).
    public func pickProfile(
        _ name: String, expecting: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        send("P")
        #expect(waitFor("Profile").ok, "P should open the profile picker", sourceLocation: sourceLocation)
        type(name)
        send("Enter")
        let shown = expecting ?? "profile \(name)"
        #expect(waitFor(shown).ok, "profile \(name): no \(shown)", sourceLocation: sourceLocation)
    }

    /// `s`, then waits for `expecting` (the playground says `stream on`, compare mode `streaming on`).
    public func turnStreamingOn(expecting: String = "stream on", sourceLocation: SourceLocation = #_sourceLocation) {
        send("s")
        #expect(waitFor(expecting).ok, "s should turn streaming on", sourceLocation: sourceLocation)
    }

    /// F5, then waits until the screen contains `until` (`✔ ok` by default).
    @discardableResult
    public func run(until text: String = "✔ ok", timeout: Double = 15) -> (screen: String, ok: Bool) {
        send("F5")
        return waitFor(text, timeout: timeout)
    }

    /// F5, then waits until a stream is live (`▶ streaming`).
    @discardableResult
    public func runUntilStreaming(
        timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        send("F5")
        let streaming = waitFor("▶ streaming", timeout: timeout)
        #expect(streaming.ok, "no stream:\n\(streaming.screen)", sourceLocation: sourceLocation)
        return streaming.ok
    }

    /// `h` (the history browser), then waits for `Runs (count)`.
    @discardableResult
    public func openHistory(runs count: Int, timeout: Double = 10) -> (screen: String, ok: Bool) {
        send("h")
        return waitFor("Runs (\(count))", timeout: timeout)
    }

    /// `q` as often as `presses`, then waits for the shell's `RESTORED <exitCode>`.
    @discardableResult
    public func quit(presses: Int = 1, exitCode: Int = 0, timeout: Double = 10) -> (screen: String, ok: Bool) {
        for _ in 0..<presses { send("q") }
        return waitFor("RESTORED \(exitCode)", timeout: timeout)
    }

    /// Waits for `RESTORED <exitCode>` and the `TTY:` line, and checks echo and icanon are back on.
    @discardableResult
    public func expectShellReport(
        exitCode: Int? = 0, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        let restored = waitFor(timeout: timeout) { screen in
            screen.contains(exitCode.map { "RESTORED \($0)" } ?? "RESTORED") && screen.contains("TTY: ")
        }
        #expect(restored.ok, "no shell after the playground:\n\(restored.screen)", sourceLocation: sourceLocation)
        #expect(
            Self.saneTerminal(restored.screen), "echo/icanon not restored:\n\(restored.screen)",
            sourceLocation: sourceLocation)
        return restored.screen
    }

    /// The `TTY:` line shows echo and icanon on (not `-echo`, `-icanon`).
    public static func saneTerminal(_ screen: String) -> Bool {
        guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix("TTY: ") }) else { return false }
        let words = Set(line.dropFirst(5).split(separator: " ").map(String.init))
        return words.contains("echo") && words.contains("icanon") && !words.contains("-echo")
            && !words.contains("-icanon")
    }

    /// How often `needle` occurs in `text`.
    public static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Waits until the history file holds `count` runs, none still running; returns the newest (up to 10),
    /// newest first, as they were when the wait ended (fewer, or some running, when it timed out).
    @discardableResult
    public func waitForFinishedRuns(_ count: Int, timeout: Double = 20) -> [RunSummary] {
        guard let store = try? history() else { return [] }
        let deadline = Date().addingTimeInterval(timeout)
        var runs: [RunSummary] = []
        while Date() < deadline {
            runs = (try? store.list(limit: 10)) ?? []
            if runs.count == count, runs.allSatisfy({ $0.status != .running }) { return runs }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return runs
    }
}
