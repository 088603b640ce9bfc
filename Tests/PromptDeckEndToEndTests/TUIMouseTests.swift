import Foundation
import PromptDeckTestSupport
import Testing

/// The mouse in a real terminal. tmux only turns mouse input into events for a pane through a client, so
/// the playground runs in an inner tmux session and an outer session runs a client attached to it: bytes
/// sent to the outer pane are what a terminal would send that client. SGR mouse reports (`ESC [ < b ; x ;
/// y M`, then `m` on release) reach the inner tmux as mouse events, and it passes them on (in the encoding
/// the program asked for; ncurses asks for `?1000h` with TERM=tmux-256color) only to a program that turned
/// mouse reporting on. That happens with tmux's `mouse` option off (the default): it is not needed for a
/// program to get the mouse, only for tmux's own pane selection and scrolling. With `--no-mouse` the
/// playground never calls `mousemask`, the pane's mouse flag stays 0, and tmux keeps the click.
@Suite("TUI mouse", .serialized)
struct TUIMouseTests {
    /// The playground in `inner`, seen through a client attached from `outer`.
    struct Nested {
        let inner: Tmux
        let outer: Tmux

        init(command: String, environment: [String: String]) throws {
            inner = try Tmux(command: command, environment: environment)
            try inner.tmux(["set-option", "-g", "status", "off"])
            outer = try Tmux(command: "TMUX= exec tmux -S \(Tmux.quote(inner.socket)) attach -t pd")
        }

        /// The terminal sends a left click at `row`, `column` (from 0): press and release.
        func click(row: Int, column: Int) {
            let report = "\u{1B}[<0;\(column + 1);\(row + 1)"
            sendBytes(report + "M" + report + "m")
        }

        /// Raw bytes to the client's terminal input, as hex (so nothing in them is read as a key name).
        func sendBytes(_ text: String) {
            let hex = text.utf8.map { String(format: "%02x", $0) }
            _ = try? outer.tmux(["send-keys", "-t", "pd", "-H"] + hex)
        }

        /// The inner pane's mouse flag: 1 while the program has mouse reporting on.
        var mouseFlag: String {
            let result = try? inner.tmux(["display-message", "-p", "-t", "pd", "#{mouse_any_flag}"])
            return (result?.stdoutText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Waits until input typed at the outer terminal reaches the playground (the client has finished
        /// starting): `?` through the client opens help, Esc closes it.
        func waitUntilTheClientForwards() -> Bool {
            guard inner.waitFor("Prompts (\(PlaygroundSession.bundledExamples))").ok,
                outer.waitFor("Prompts (\(PlaygroundSession.bundledExamples))").ok
            else { return false }
            sendBytes("?")
            guard inner.waitFor("Keys (Esc closes)").ok else { return false }
            inner.send("Escape")
            return inner.waitFor { !$0.contains("Keys (Esc closes)") }.ok
        }

        func kill() {
            outer.kill()
            inner.kill()
        }
    }

    /// The key hints: the screen's last line with text.
    static func hintLine(_ screen: String) -> String {
        screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
    }

    /// 100 × 30: the output pane starts at column 29, row 17.
    static let outputRow = 20
    static let outputColumn = 50

    @Test func clickOnTheOutputPaneFocusesItAndQuittingTurnsTheMouseOff() throws {
        let session = try PlaygroundSession()
        let nested = try Nested(command: session.commandLine(), environment: session.environment)
        defer { nested.kill() }
        #expect(nested.waitUntilTheClientForwards(), "the playground did not start, or the client did not attach")
        #expect(nested.inner.waitFor(timeout: 5) { _ in nested.mouseFlag == "1" }.ok, "mouse reporting is off")
        #expect(!Self.hintLine(nested.inner.screen()).contains("w save"))

        nested.click(row: Self.outputRow, column: Self.outputColumn)
        let focused = nested.inner.waitFor { Self.hintLine($0).contains("w save") }
        #expect(focused.ok, "a click on the output pane should show its keys:\n\(focused.screen)")

        nested.inner.send("q")
        let restored = nested.inner.waitFor(timeout: 10) { $0.contains("RESTORED 0") && $0.contains("TTY: ") }
        #expect(restored.ok, "no shell after quit:\n\(restored.screen)")
        #expect(PlaygroundSession.saneTerminal(restored.screen), "echo/icanon not restored:\n\(restored.screen)")
        #expect(nested.mouseFlag == "0", "mouse reporting must end with the playground")
    }

    @Test func withNoMouseTheSameClickDoesNothing() throws {
        let session = try PlaygroundSession()
        let nested = try Nested(command: session.commandLine(["--no-mouse"]), environment: session.environment)
        defer { nested.kill() }
        #expect(nested.waitUntilTheClientForwards(), "the playground did not start, or the client did not attach")
        #expect(nested.mouseFlag == "0", "--no-mouse must not ask for mouse reports")

        nested.click(row: Self.outputRow, column: Self.outputColumn)
        // The click went first through the same input: once `?` shows help, the click was dealt with.
        nested.sendBytes("?")
        #expect(nested.inner.waitFor("Keys (Esc closes)").ok, "help did not open")
        nested.inner.send("Escape")
        // tmux can capture a frame half drawn: the overlay gone, its hint line (" Esc close") not yet.
        let after = nested.inner.waitFor {
            !$0.contains("Keys (Esc closes)") && !Self.hintLine($0).hasPrefix(" Esc close")
        }
        #expect(after.ok)
        let hints = Self.hintLine(after.screen)
        #expect(!hints.contains("w save"), "the click must not focus the output:\n\(after.screen)")
        #expect(hints.contains("/ filter"), "focus stays on the prompt list:\n\(after.screen)")
    }
}
