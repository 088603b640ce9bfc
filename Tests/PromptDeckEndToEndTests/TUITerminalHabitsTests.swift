import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Terminal habits in a real terminal: Ctrl-Z gives the terminal back and a run keeps going after it
/// resumes; `y` puts the output on the clipboard through OSC 52 (tmux keeps it as a buffer).
@Suite("TUI terminal habits", .serialized)
struct TUITerminalHabitsTests {
    /// In an interactive shell with job control, as a user runs it: Ctrl-Z stops the playground and the
    /// shell's prompt is back; `fg` brings it back drawn, and the run that was streaming finishes.
    @Test func ctrlZSuspendsAndFgResumesWithTheRunStillGoing() throws {
        let session = try PlaygroundSession()
        let tmux = try Tmux(
            command: "exec bash --norc --noprofile -i", environment: session.environment.merging(["PS1": "pd$ "]) { $1 }
        )
        defer { tmux.kill() }
        #expect(tmux.waitFor("pd$").ok, "no shell")
        tmux.type(([session.binary]).map(Tmux.quote).joined(separator: " "))
        tmux.send("Enter")
        #expect(tmux.waitFor("Prompts (\(PlaygroundSession.bundledExamples))").ok, "the playground did not start")
        tmux.send("/")
        tmux.type("tagline")
        #expect(tmux.waitFor("Template: examples/tagline").ok)
        tmux.send("Enter")
        #expect(tmux.waitFor("Enter edit").ok)
        tmux.send("Enter")
        tmux.type("Bloom")
        tmux.send("Enter")
        tmux.send("P")
        tmux.type("slower")
        tmux.send("Enter")
        #expect(tmux.waitFor("slow-model").ok)
        tmux.send("s")
        tmux.send("F5")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("▶ streaming") }.ok, "the run did not start streaming")

        tmux.send("C-z")
        let stopped = tmux.waitFor(timeout: 5) { $0.contains("Stopped") && !$0.contains("▶ streaming") }
        #expect(stopped.ok, "Ctrl-Z should give the shell back:\n\(stopped.screen)")
        tmux.type("fg")
        tmux.send("Enter")
        #expect(tmux.waitFor(timeout: 5) { $0.contains("Prompts (1)") }.ok, "fg should draw the playground again")
        let finished = tmux.waitFor(timeout: 30) { $0.contains("✔ ok") }
        #expect(finished.ok, "the run should finish after fg:\n\(finished.screen)")
        tmux.send("q")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("pd$") && !$0.contains("Prompts (1)") }.ok, "no shell after q")
        let runs = try session.history().list(limit: 5)
        #expect(runs.first?.status == .ok, "the run was recorded whole")
    }

    /// Keys typed the moment the playground starts (before the first prompt has loaded) are kept and act
    /// in order, as a shell's type-ahead does: `s` turns streaming on and `j` moves down a prompt.
    @Test func keysTypedAtStartUpAreNotLost() throws {
        let session = try PlaygroundSession()
        try session.start()
        session.send("s", "j")  // no wait: these reach the playground while it is still starting
        #expect(session.waitFor("streaming on").ok, "the `s` typed at start-up was dropped")
        let secondID = PromptLibrary(directory: nil).list().prompts[1].id
        let second = session.waitFor("Template: \(secondID)")
        #expect(second.ok, "the `j` typed at start-up did not move to the second prompt:\n\(second.screen)")
    }

    @Test func yCopiesTheOutputThroughOSC52() throws {
        let session = try PlaygroundSession()
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        // tmux takes an application's OSC 52 into a paste buffer when set-clipboard is on.
        _ = try session.tmux?.tmux(["set-option", "-g", "set-clipboard", "on"])
        session.selectPrompt(filter: "tagline", id: "examples/tagline")
        session.fillFirstVariable(with: "Bloom")
        let done = session.run()
        #expect(done.ok)
        session.send("Tab", "Tab")  // variables -> parameters -> output
        session.send("y")
        #expect(session.waitFor("copied the output").ok)
        let buffer = session.waitFor(timeout: 5) { _ in
            let text = (try? session.tmux?.tmux(["show-buffer"]).stdoutText) ?? ""
            return text.contains("Bloom")
        }
        #expect(buffer.ok, "tmux did not receive the OSC 52 copy")
    }

    /// The theme picked with `t` is the theme of the next start.
    @Test func thePickedThemeIsRememberedForTheNextStart() throws {
        let session = try PlaygroundSession()
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        session.send("t")
        session.type("high")
        session.send("Enter")
        #expect(session.waitFor("theme high-contrast").ok)
        session.quit()
        session.expectShellReport(exitCode: 0)
        let state = try String(contentsOfFile: session.statePath, encoding: .utf8)
        #expect(state.contains("high-contrast"), "the state file: \(state)")
        // The next start uses it: the theme picker says it is the one in use.
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        session.send("t")
        let picker = session.waitFor("Theme · now high-contrast")
        #expect(picker.ok, "\(picker.screen)")
        session.send("Escape")
        session.quit()
    }

    /// Issue 11, item 1, end to end: marking runs of two prompts in history and pressing `c` is refused with
    /// the reason; no run is started under the wrong prompt.
    @Test func markedRunsOfTwoPromptsAreNotComparedUnderOnePrompt() throws {
        let session = try PlaygroundSession()
        for arguments in [
            ["run", "examples/tagline", "--var", "shop=Bloom"], ["run", "examples/weather", "--var", "city=Oslo"],
        ] {
            let result = try session.runWithoutTerminal(arguments)
            #expect(result.exitCode == 0, "\(arguments): \(result.stderrText)")
        }
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        #expect(session.openHistory(runs: 2).ok)
        session.send("Space", "Space", "c")
        let refused = session.waitFor("marked runs come from 2 prompts")
        #expect(refused.ok, "mixing prompts should be refused:\n\(refused.screen)")
        #expect(refused.screen.contains("Runs (2)"), "history stays open")
        #expect(session.quit(presses: 2).ok, "q closes history, then quits")
        #expect(try session.history().list(limit: 10).count == 2, "nothing was run")
    }
}
