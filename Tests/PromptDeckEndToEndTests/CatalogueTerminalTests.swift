import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// The bad-input catalogue, terminal side: the playground (`promptdeck` with no arguments) in tmux
/// under hostile sizes, TERM values, locales and theme files. No crash, a clear message or a sane
/// fallback, and the shell gets its terminal back.
@Suite("Catalogue: terminals and themes", .serialized)
struct CatalogueTerminalTests {
    /// A prompt with wide and accented characters and no variables: `/ wide`, Enter, F5 runs it.
    private func addWidePrompt(_ session: PlaygroundSession) throws {
        try session.addPrompt("wide", "kind: completion\nprompt: \"日本 café\"\n")
    }

    private func runWidePrompt(_ session: PlaygroundSession) {
        session.selectPrompt(filter: "wide", id: "wide")
        session.send("F5")
    }

    private func quitAndExpectRestored(_ session: PlaygroundSession, exitCode: Int = 0) {
        session.send("q")
        session.expectShellReport(exitCode: exitCode)
    }

    @Test func resizeStormWhileStreamingEndsWithTheRightLayout() throws {
        let session = try PlaygroundSession()
        try addWidePrompt(session)
        // The `slower` profile waits 1 s between events: the storm hits a live stream.
        try session.start(["--profile", "slower"])
        #expect(session.waitFor("Prompts (\(PlaygroundSession.bundledExamples + 1))").ok)
        session.selectPrompt(filter: "wide", id: "wide")
        session.turnStreamingOn()
        session.send("F5")
        try #require(session.waitFor("▶ streaming", timeout: 10).ok)
        let sizes = [(40, 10), (120, 40), (61, 16), (20, 5), (200, 60), (80, 24), (59, 15), (100, 30)]
        for round in 0..<5 {
            for (columns, rows) in sizes { session.resize(columns: columns + round, rows: rows) }
        }
        session.resize(columns: 100, rows: 30)
        let settled = session.waitFor(timeout: 15) { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return screen.contains("✔ ok") && screen.contains("café 日本")
                && screen.contains("Prompts (1)")
                && lines.allSatisfy { $0.count <= 100 } && lines.first?.hasPrefix("┌─ Prompts") == true
        }
        #expect(settled.ok, "layout after the storm:\n\(settled.screen)")
        quitAndExpectRestored(session)
        let runs = try session.history().list(limit: 10)
        #expect(runs.map(\.status) == [.ok], "the run survived the storm")
    }

    @Test func aTwentyByFiveTerminalAsksForMoreRoomAndStillQuits() throws {
        let session = try PlaygroundSession()
        try session.start(columns: 20, rows: 5)
        // The whole message, not its first words: under load a capture can land mid-frame (CI once saw
        // "20×5. PromptDeck" without the rest).
        let small = session.waitFor { $0.contains("Terminal too small") && $0.contains("60×16") }
        #expect(small.ok, "\(small.screen)")
        #expect(small.screen.contains("20×5") && small.screen.contains("60×16"), "\(small.screen)")
        quitAndExpectRestored(session)
    }

    /// Waits for the shell's report whatever the exit code (`RESTORED` and `TTY:`).
    private func finished(_ session: PlaygroundSession) -> (screen: String, ok: Bool) {
        session.waitFor(timeout: 10) { $0.contains("RESTORED") && $0.contains("TTY: ") }
    }

    @Test func termDumbIsRefusedWithAClearMessageAndExit2() throws {
        let session = try PlaygroundSession()
        try session.start(columns: 200, environment: ["TERM": "dumb"])
        let done = finished(session)
        #expect(done.ok, "\(done.screen)")
        #expect(done.screen.contains("RESTORED 2"), "\(done.screen)")
        #expect(done.screen.contains("TERM=dumb cannot move the cursor"), "\(done.screen)")
        #expect(PlaygroundSession.saneTerminal(done.screen))
    }

    @Test func anUnknownTermNamesItAndLeavesTheTerminalAlone() throws {
        let session = try PlaygroundSession()
        try session.start(environment: ["TERM": "xterm-nonexistent"])
        let done = finished(session)
        #expect(done.ok, "\(done.screen)")
        #expect(done.screen.contains("xterm-nonexistent"), "the message names the TERM value:\n\(done.screen)")
        #expect(!done.screen.contains("RESTORED 0"), "it did not pretend to succeed")
        #expect(PlaygroundSession.saneTerminal(done.screen))
    }

    @Test
    func anUnknownTermExitsWithInvalidInputAndAHint() throws {
        let session = try PlaygroundSession()
        try session.start(environment: ["TERM": "xterm-nonexistent"])
        let done = finished(session)
        #expect(done.screen.contains("RESTORED 2"), "\(done.screen)")
        #expect(done.screen.contains("TERM=xterm-nonexistent"), "\(done.screen)")
    }

    /// SGR parameters that set a colour (30–37, 38;…, 40–47, 48;…, 90–97, 100–107); 39 and 49 reset.
    private static func hasColour(_ screen: String) -> Bool {
        screen.contains(/\e\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/)
    }

    @Test func noColorDrawsWithAttributesOnly() throws {
        let session = try PlaygroundSession()
        try session.start()
        #expect(session.waitFor("Prompts (\(PlaygroundSession.bundledExamples))").ok)
        #expect(Self.hasColour(session.capture(attributes: true)), "without NO_COLOR the default theme has colours")

        try session.start(environment: ["NO_COLOR": "1"])
        #expect(session.waitFor("Prompts (\(PlaygroundSession.bundledExamples))").ok)
        let screen = session.capture(attributes: true)
        #expect(!Self.hasColour(screen), "NO_COLOR=1 must draw no colour:\n\(screen)")
        #expect(screen.contains("\u{1B}[7m") || screen.contains(";7m"), "the selection is still visible (reverse)")
        quitAndExpectRestored(session)
    }

    /// A sandbox with the wide prompt, started in the C locale.
    private func startInCLocale() throws -> PlaygroundSession {
        let session = try PlaygroundSession()
        try addWidePrompt(session)
        try session.start(environment: ["LANG": "C", "LC_ALL": "POSIX"])
        #expect(session.waitFor("Prompts (\(PlaygroundSession.bundledExamples + 1))").ok)
        return session
    }

    @Test func aNonUTF8LocaleRunsAndRestoresTheTerminal() throws {
        let session = try startInCLocale()
        runWidePrompt(session)
        let done = session.waitFor(timeout: 15) { $0.contains(" ok ") && $0.contains("2 tok") }
        #expect(done.ok, "the run finishes in a C locale:\n\(done.screen)")
        quitAndExpectRestored(session)
        #expect(try session.history().list(limit: 5).map(\.status) == [.ok])
    }

    @Test func aNonUTF8LocaleShowsWideCharactersAsPlaceholders() throws {
        let session = try startInCLocale()
        runWidePrompt(session)
        let done = session.waitFor("2 tok", timeout: 15)
        let output = done.screen.split(separator: "\n").filter { $0.contains("caf") }
        #expect(output.count == 2)
        #expect(output.allSatisfy { $0.contains("caf?") }, "\(done.screen)")
    }

    @Test(
        "a user theme with an unknown colour or role is named in the status bar and the default is used",
        arguments: [
            ("mine", "roles:\n  text: chartreuse-ish\n", "themes/mine.yaml: roles.text: 'chartreuse-ish' not a colour"),
            ("other", "roles:\n  txet: red\n", "themes/other.yaml: roles.txet: unknown role (did you mean text?)"),
        ])
    func brokenUserTheme(name: String, yaml: String, message: String) throws {
        let session = try PlaygroundSession()
        try session.addTheme(name, "name: \(name)\n\(yaml)")
        try session.start(["--theme", name], columns: 200, rows: 30)
        // Prompts load on a worker: the warning may show before the list fills.
        let shown = session.waitFor {
            $0.contains(message) && $0.contains("Prompts (\(PlaygroundSession.bundledExamples))")
        }
        #expect(shown.ok, "\(shown.screen)")
        #expect(shown.screen.contains("Prompts (\(PlaygroundSession.bundledExamples))"), "the playground still opens")
        quitAndExpectRestored(session)
    }
}
