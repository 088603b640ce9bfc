import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// The playground in a real terminal (tmux) against the local test server: pick, fill, tweak, run, cancel,
/// resize, quit; then the history file holds both runs and the shell has its terminal back.
@Suite("TUI end to end", .serialized)
struct TUIPlaygroundTests {
    @Test func pickFillRunCancelResizeQuitAndFindBothRunsInHistory() throws {
        let session = try PlaygroundSession()
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)

        // (1) pick a prompt with the filter, fill its variable, change temperature, run.
        session.selectPrompt(filter: "tagline", id: "examples/tagline")
        session.fillFirstVariable(with: "Bloom flowers")
        #expect(session.waitFor("Bloom flowers").ok)
        session.send("Tab", "j", "Right", "Right")
        #expect(
            session.waitFor(timeout: 5) { $0.contains("temperature") && $0.contains(" 1 0 to 2") }.ok,
            "temperature should read 1")

        // (2) the streamed text and the status bar.
        let done = session.run()
        #expect(done.ok, "run did not finish:\n\(done.screen)")
        #expect(done.screen.contains("flowers. Bloom for tagline a Write"))
        #expect(done.screen.contains("ttft"))
        #expect(done.screen.contains("6 tok"))
        #expect(done.screen.contains("stop"))

        // (3) cancel a slow run, then resize.
        session.pickProfile("slower", expecting: "slow-model")
        session.turnStreamingOn()
        session.runUntilStreaming()
        session.send("Escape")
        let cancelled = session.waitFor("■ cancelled", timeout: 3)
        #expect(cancelled.ok, "Esc should cancel:\n\(cancelled.screen)")
        session.resize(columns: 70, rows: 20)
        #expect(
            session.waitFor { screen in
                screen.contains("Prompts") && screen.split(separator: "\n").allSatisfy { $0.count <= 70 }
                    && screen.contains("■ cancelled")
            }.ok)
        session.resize(columns: 50, rows: 12)
        #expect(session.waitFor("Terminal too small").ok)
        session.resize(columns: 100, rows: 30)
        #expect(session.waitFor("Prompts (1)").ok)

        // (4) quit; the shell's terminal is restored and history holds both runs.
        session.quit()
        session.expectShellReport(exitCode: 0)

        let store = try session.history()
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

    /// The first run should not wait for libcurl and its ~30 libraries to load: the playground loads it in
    /// the background once its first frame is up, when a profile needs the network, and never for echo only.
    @Test(arguments: [true, false])
    func libcurlIsLoadedBeforeTheFirstRunOnlyWhenAProfileNeedsIt(network: Bool) throws {
        let session = try PlaygroundSession()
        // Without profiles of its own, the config leaves only the built-in echo.
        if !network {
            try "default_profile: echo\n".write(toFile: session.configPath, atomically: true, encoding: .utf8)
        }
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        let pid = try #require(try session.playgroundPID())
        func curlIsMapped() -> Bool {
            // procfs files have no size, which String(contentsOfFile:) reads by: cat reads them to the end.
            ((try? ProcessRunner.run("cat", arguments: ["/proc/\(pid)/maps"]))?.stdoutText ?? "").contains("libcurl")
        }
        let deadline = ContinuousClock.now + .seconds(network ? 10 : 1)
        while !curlIsMapped() && ContinuousClock.now < deadline { usleep(20_000) }
        #expect(curlIsMapped() == network, network ? "libcurl should load before any run" : "echo needs no libcurl")
        session.quit()
        session.expectShellReport(exitCode: 0)
    }

    @Test func sigtermMidRunRecordsTheRunAsCancelledAndRestoresTheTerminal() throws {
        let session = try PlaygroundSession()
        try session.start(["--profile", "slower"])
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        session.turnStreamingOn()
        session.runUntilStreaming()
        let pid = try #require(try session.playgroundPID())
        kill(pid, SIGTERM)
        session.expectShellReport(exitCode: nil)
        let runs = try session.history().list(limit: 10)
        #expect(runs.map(\.status) == [.cancelled])
    }

    @Test func bracketedPasteOfMultiLineTextOpensTheEditor() throws {
        let session = try PlaygroundSession()
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        session.selectPrompt(filter: "tagline", id: "examples/tagline")
        #expect(session.waitFor("Enter edit").ok)
        session.paste("first line\nsecond 日本語 line")
        let editor = session.waitFor("Edit shop")
        #expect(editor.ok)
        #expect(editor.screen.contains("first line") && editor.screen.contains("second 日本語 line"))
        session.send("C-c")
        #expect(session.waitFor("RESTORED").ok)
    }

    @Test func withoutATerminalItSaysSoAndExits2() throws {
        let session = try PlaygroundSession()
        let result = try session.runWithoutTerminal()
        #expect(result.exitCode == 2)
        #expect(result.stderrText.contains("needs a terminal"))
    }
}
