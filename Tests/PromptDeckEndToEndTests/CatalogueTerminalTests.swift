import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// The bad-input catalogue, terminal side: the playground (`promptdeck` with no arguments) in tmux
/// under hostile sizes, TERM values, locales and theme files. No crash, a clear message or a sane
/// fallback, and the shell gets its terminal back.
@Suite("Catalogue: terminals and themes", .serialized)
struct CatalogueTerminalTests {
    typealias Setup = TUIPlaygroundTests.Setup

    /// A prompt with wide and accented characters and no variables: `/ wide`, Enter, F5 runs it.
    private func addWidePrompt(_ setup: Setup) throws {
        try FileManager.default.createDirectory(atPath: setup.folder + "/prompts", withIntermediateDirectories: true)
        try "kind: completion\nprompt: \"日本 café\"\n".write(
            toFile: setup.folder + "/prompts/wide.yaml", atomically: true, encoding: .utf8)
    }

    private func runWidePrompt(_ tmux: Tmux) {
        tmux.send("/")
        tmux.type("wide")
        #expect(tmux.waitFor("Template: wide").ok)
        tmux.send("Enter")
        tmux.send("F5")
    }

    private func quitAndExpectRestored(_ tmux: Tmux, exitCode: Int = 0) {
        tmux.send("q")
        let restored = tmux.waitFor(timeout: 10) { $0.contains("RESTORED \(exitCode)") && $0.contains("TTY: ") }
        #expect(restored.ok, "no shell after quit:\n\(restored.screen)")
        #expect(TUIPlaygroundTests.saneTerminal(restored.screen), "echo/icanon not restored:\n\(restored.screen)")
    }

    @Test func resizeStormWhileStreamingEndsWithTheRightLayout() throws {
        let setup = try Setup()
        try addWidePrompt(setup)
        // The `slower` profile waits 1 s between events: the storm hits a live stream.
        let tmux = try Tmux(command: setup.command("--profile slower"), environment: setup.environment)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (8)").ok)
        tmux.send("/")
        tmux.type("wide")
        #expect(tmux.waitFor("Template: wide").ok)
        tmux.send("Enter")
        tmux.send("s")
        #expect(tmux.waitFor("stream on").ok)
        tmux.send("F5")
        try #require(tmux.waitFor(timeout: 10) { $0.contains("▶ streaming") }.ok)
        let sizes = [(40, 10), (120, 40), (61, 16), (20, 5), (200, 60), (80, 24), (59, 15), (100, 30)]
        for round in 0..<5 {
            for (columns, rows) in sizes { tmux.resize(columns: columns + round, rows: rows) }
        }
        tmux.resize(columns: 100, rows: 30)
        let settled = tmux.waitFor(timeout: 15) { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return screen.contains("✔ ok") && screen.contains("café 日本")
                && screen.contains("Prompts (1)")
                && lines.allSatisfy { $0.count <= 100 } && lines.first?.hasPrefix("┌─ Prompts") == true
        }
        #expect(settled.ok, "layout after the storm:\n\(settled.screen)")
        quitAndExpectRestored(tmux)
        let runs = try HistoryStore.open(path: setup.history).list(limit: 10)
        #expect(runs.map(\.status) == [.ok], "the run survived the storm")
    }

    @Test func aTwentyByFiveTerminalAsksForMoreRoomAndStillQuits() throws {
        let setup = try Setup()
        let tmux = try Tmux(command: setup.command(), columns: 20, rows: 5, environment: setup.environment)
        defer { tmux.kill() }
        let small = tmux.waitFor("Terminal too small")
        #expect(small.ok, "\(small.screen)")
        #expect(small.screen.contains("20×5") && small.screen.contains("60×16"), "\(small.screen)")
        quitAndExpectRestored(tmux)
    }

    @Test func termDumbIsRefusedWithAClearMessageAndExit2() throws {
        let setup = try Setup()
        var environment = setup.environment
        environment["TERM"] = "dumb"
        let tmux = try Tmux(command: setup.command(), columns: 200, environment: environment)
        defer { tmux.kill() }
        let done = tmux.waitFor(timeout: 10) { $0.contains("RESTORED") && $0.contains("TTY: ") }
        #expect(done.ok, "\(done.screen)")
        #expect(done.screen.contains("RESTORED 2"), "\(done.screen)")
        #expect(done.screen.contains("TERM=dumb cannot move the cursor"), "\(done.screen)")
        #expect(TUIPlaygroundTests.saneTerminal(done.screen))
    }

    @Test func anUnknownTermNamesItAndLeavesTheTerminalAlone() throws {
        let setup = try Setup()
        var environment = setup.environment
        environment["TERM"] = "xterm-nonexistent"
        let tmux = try Tmux(command: setup.command(), environment: environment)
        defer { tmux.kill() }
        let done = tmux.waitFor(timeout: 10) { $0.contains("RESTORED") && $0.contains("TTY: ") }
        #expect(done.ok, "\(done.screen)")
        #expect(done.screen.contains("xterm-nonexistent"), "the message names the TERM value:\n\(done.screen)")
        #expect(!done.screen.contains("RESTORED 0"), "it did not pretend to succeed")
        #expect(TUIPlaygroundTests.saneTerminal(done.screen))
    }

    @Test
    func anUnknownTermExitsWithInvalidInputAndAHint() throws {
        let setup = try Setup()
        var environment = setup.environment
        environment["TERM"] = "xterm-nonexistent"
        let tmux = try Tmux(command: setup.command(), environment: environment)
        defer { tmux.kill() }
        let done = tmux.waitFor(timeout: 10) { $0.contains("RESTORED") && $0.contains("TTY: ") }
        #expect(done.screen.contains("RESTORED 2"), "\(done.screen)")
        #expect(done.screen.contains("TERM=xterm-nonexistent"), "\(done.screen)")
    }

    /// SGR parameters that set a colour (30–37, 38;…, 40–47, 48;…, 90–97, 100–107); 39 and 49 reset.
    private static func hasColour(_ screen: String) -> Bool {
        screen.contains(/\e\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/)
    }

    @Test func noColorDrawsWithAttributesOnly() throws {
        let setup = try Setup()
        let coloured = try Tmux(command: setup.command(), environment: setup.environment)
        defer { coloured.kill() }
        #expect(coloured.waitFor("Prompts (7)").ok)
        let colouredScreen = try coloured.tmux(["capture-pane", "-p", "-e", "-t", "pd"]).stdoutText
        #expect(Self.hasColour(colouredScreen), "without NO_COLOR the default theme has colours")
        coloured.kill()

        var environment = setup.environment
        environment["NO_COLOR"] = "1"
        let tmux = try Tmux(command: setup.command(), environment: environment)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (7)").ok)
        let screen = try tmux.tmux(["capture-pane", "-p", "-e", "-t", "pd"]).stdoutText
        #expect(!Self.hasColour(screen), "NO_COLOR=1 must draw no colour:\n\(screen)")
        #expect(screen.contains("\u{1B}[7m") || screen.contains(";7m"), "the selection is still visible (reverse)")
        quitAndExpectRestored(tmux)
    }

    @Test func aNonUTF8LocaleRunsAndRestoresTheTerminal() throws {
        let setup = try Setup()
        try addWidePrompt(setup)
        var environment = setup.environment
        environment["LANG"] = "C"
        environment["LC_ALL"] = "POSIX"
        let tmux = try Tmux(command: setup.command(), environment: environment)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (8)").ok)
        runWidePrompt(tmux)
        let done = tmux.waitFor(timeout: 15) { $0.contains(" ok ") && $0.contains("2 tok") }
        #expect(done.ok, "the run finishes in a C locale:\n\(done.screen)")
        quitAndExpectRestored(tmux)
        #expect(try HistoryStore.open(path: setup.history).list(limit: 5).map(\.status) == [.ok])
    }

    @Test func aNonUTF8LocaleShowsWideCharactersAsPlaceholders() throws {
        let setup = try Setup()
        try addWidePrompt(setup)
        var environment = setup.environment
        environment["LANG"] = "C"
        environment["LC_ALL"] = "POSIX"
        let tmux = try Tmux(command: setup.command(), environment: environment)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (8)").ok)
        runWidePrompt(tmux)
        let done = tmux.waitFor(timeout: 15) { $0.contains("2 tok") }
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
        let setup = try Setup()
        try FileManager.default.createDirectory(
            atPath: setup.folder + "/xdg/promptdeck/themes", withIntermediateDirectories: true)
        try "name: \(name)\n\(yaml)".write(
            toFile: setup.folder + "/xdg/promptdeck/themes/\(name).yaml", atomically: true, encoding: .utf8)
        let tmux = try Tmux(
            command: setup.command("--theme \(name)"), columns: 200, rows: 30, environment: setup.environment)
        defer { tmux.kill() }
        // Prompts load on a worker: the warning may show before the list fills.
        let shown = tmux.waitFor { $0.contains(message) && $0.contains("Prompts (7)") }
        #expect(shown.ok, "the warning shows and the playground still opens:\n\(shown.screen)")
        quitAndExpectRestored(tmux)
    }
}
