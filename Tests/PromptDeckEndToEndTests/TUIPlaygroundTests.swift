import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// The playground in a real terminal (tmux) against the local test server: pick, fill, tweak, run, cancel,
/// resize, quit; then the history file holds both runs and the shell has its terminal back.
@Suite("TUI end to end", .serialized)
struct TUIPlaygroundTests {
    struct Setup {
        let folder: String
        let config: String
        let history: String
        let binary: String

        init() throws {
            let server = try TestServer.shared()
            folder =
                FileManager.default.temporaryDirectory.appendingPathComponent("pd-tui-\(UUID().uuidString.prefix(8))")
                .path
            try FileManager.default.createDirectory(
                atPath: folder + "/xdg/promptdeck", withIntermediateDirectories: true)
            config = folder + "/config.yaml"
            history = folder + "/history.sqlite"
            try """
            default_profile: local
            profiles:
              local:
                type: openai
                base_url: \(server.baseURL(scenario: "slow-100"))
                model: test-model
              slower:
                type: openai
                base_url: \(server.baseURL(scenario: "slow-1000"))
                model: slow-model
            """.write(toFile: config, atomically: true, encoding: .utf8)
            binary = try #require(PackageRoot.builtExecutable()).path
        }

        /// The command for the pane: the playground, then proof the shell got a sane terminal back.
        func command(_ extra: String = "") -> String {
            "\(Tmux.quote(binary)) --config \(Tmux.quote(config)) --history \(Tmux.quote(history)) --prompts \(Tmux.quote(folder + "/prompts")) \(extra); echo RESTORED $?; printf 'TTY: '; stty -a | grep -oE '(^| )-?(echo|icanon)( |$)' | tr -d ' ' | tr '\\n' ' '; echo; sleep 600"
        }

        var environment: [String: String] {
            ["XDG_CONFIG_HOME": folder + "/xdg", "XDG_DATA_HOME": folder + "/data", "NO_COLOR": ""]
        }
    }

    @Test func pickFillRunCancelResizeQuitAndFindBothRunsInHistory() throws {
        let setup = try Setup()
        let tmux = try Tmux(command: setup.command(), environment: setup.environment)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (7)").ok, "the playground did not start")

        // (1) pick a prompt with the filter, fill its variable, change temperature, run.
        tmux.send("/")
        tmux.type("tagline")
        #expect(tmux.waitFor("Template: examples/tagline").ok)
        tmux.send("Enter")  // the filter's one match opens, with focus on its variables
        #expect(tmux.waitFor("Enter edit").ok, "Enter on the prompt should focus its variables")
        tmux.send("Enter")
        #expect(tmux.waitFor("Enter accept").ok, "Enter on the variable should start editing")
        tmux.type("Bloom flowers")
        tmux.send("Enter")
        #expect(tmux.waitFor("Bloom flowers").ok)
        tmux.send("Tab")
        tmux.send("j")
        tmux.send("Right")
        tmux.send("Right")
        #expect(
            tmux.waitFor(timeout: 5) { $0.contains("temperature") && $0.contains(" 1 0 to 2") }.ok,
            "temperature should read 1")
        tmux.send("F5")

        // (2) the streamed text and the status bar.
        let done = tmux.waitFor(timeout: 15) { $0.contains("✔ ok") }
        #expect(done.ok, "run did not finish:\n\(done.screen)")
        #expect(done.screen.contains("flowers. Bloom for tagline a Write"))
        #expect(done.screen.contains("ttft"))
        #expect(done.screen.contains("6 tok"))
        #expect(done.screen.contains("stop"))

        // (3) cancel a slow run, then resize.
        tmux.send("P")
        #expect(tmux.waitFor("Profile").ok)
        tmux.type("slower")
        tmux.send("Enter")
        #expect(tmux.waitFor("slow-model").ok)
        tmux.send("s")
        #expect(tmux.waitFor("stream on").ok)
        tmux.send("F5")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("▶ streaming") }.ok)
        tmux.send("Escape")
        let cancelled = tmux.waitFor(timeout: 3) { $0.contains("■ cancelled") }
        #expect(cancelled.ok, "Esc should cancel:\n\(cancelled.screen)")
        tmux.resize(columns: 70, rows: 20)
        #expect(
            tmux.waitFor { screen in
                screen.contains("Prompts") && screen.split(separator: "\n").allSatisfy { $0.count <= 70 }
                    && screen.contains("■ cancelled")
            }.ok)
        tmux.resize(columns: 50, rows: 12)
        #expect(tmux.waitFor("Terminal too small").ok)
        tmux.resize(columns: 100, rows: 30)
        #expect(tmux.waitFor("Prompts (1)").ok)

        // (4) quit; the shell's terminal is restored and history holds both runs.
        tmux.send("q")
        let restored = tmux.waitFor(timeout: 10) { $0.contains("RESTORED 0") && $0.contains("TTY: ") }
        #expect(restored.ok, "no shell after quit:\n\(restored.screen)")
        #expect(Self.saneTerminal(restored.screen), "echo/icanon not restored:\n\(restored.screen)")

        let store = try HistoryStore.open(path: setup.history)
        let runs = try store.list(limit: 10)
        #expect(runs.count == 2)
        let ok = try #require(runs.first { $0.status == .ok })
        let okRecord = try store.run(prefix: ok.id)
        #expect(okRecord.promptID == "examples/tagline")
        #expect(okRecord.variables["shop"] == .string("Bloom flowers"))
        #expect(okRecord.parameters["temperature"]?.doubleValue == 1.0)
        #expect(okRecord.model == "test-model")
        let cancelledRun = try #require(runs.first { $0.status == .cancelled })
        #expect(cancelledRun.profileName == "slower")
        #expect(try store.run(prefix: cancelledRun.id).parameters["temperature"]?.doubleValue == 1.0)
    }

    @Test func sigtermMidRunRecordsTheRunAsCancelledAndRestoresTheTerminal() throws {
        let setup = try Setup()
        let tmux = try Tmux(command: setup.command("--profile slower"), environment: setup.environment)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (7)").ok)
        tmux.send("s")
        #expect(tmux.waitFor("stream on").ok)
        tmux.send("F5")
        #expect(tmux.waitFor(timeout: 10) { $0.contains("▶ streaming") }.ok)
        let shell = try #require(tmux.panePID())
        let children = try ProcessRunner.run("ps", arguments: ["-o", "pid=", "--ppid", "\(shell)"]).stdoutText
        let pid = try #require(
            children.split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }.first)
        kill(pid, SIGTERM)
        let restored = tmux.waitFor(timeout: 10) { $0.contains("RESTORED") && $0.contains("TTY: ") }
        #expect(restored.ok, "no shell after SIGTERM:\n\(restored.screen)")
        #expect(Self.saneTerminal(restored.screen), "echo/icanon not restored:\n\(restored.screen)")
        let runs = try HistoryStore.open(path: setup.history).list(limit: 10)
        #expect(runs.map(\.status) == [.cancelled])
    }

    @Test func bracketedPasteOfMultiLineTextOpensTheEditor() throws {
        let setup = try Setup()
        let tmux = try Tmux(command: setup.command(), environment: setup.environment)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Prompts (7)").ok)
        tmux.send("/")
        tmux.type("tagline")
        tmux.send("Enter")  // the filter's one match opens, with focus on its variables
        #expect(tmux.waitFor("Enter edit").ok)
        tmux.paste("first line\nsecond 日本語 line")
        let editor = tmux.waitFor("Edit shop")
        #expect(editor.ok)
        #expect(editor.screen.contains("first line") && editor.screen.contains("second 日本語 line"))
        tmux.send("C-c")
        #expect(tmux.waitFor("RESTORED").ok)
    }

    /// The `TTY:` line shows echo and icanon on (not `-echo`, `-icanon`).
    static func saneTerminal(_ screen: String) -> Bool {
        guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix("TTY: ") }) else { return false }
        let words = Set(line.dropFirst(5).split(separator: " ").map(String.init))
        return words.contains("echo") && words.contains("icanon") && !words.contains("-echo")
            && !words.contains("-icanon")
    }

    @Test func withoutATerminalItSaysSoAndExits2() throws {
        let setup = try Setup()
        let result = try ProcessRunner.run(setup.binary, arguments: ["--config", setup.config])
        #expect(result.exitCode == 2)
        #expect(result.stderrText.contains("needs a terminal"))
    }
}
