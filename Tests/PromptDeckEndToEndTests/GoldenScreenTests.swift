import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Whole screens of the real playground against the local test server, as `--dump-screen` writes them,
/// compared with `Snapshots/<name>.txt` after `ScreenMask` hides times, ids and rates.
/// `PROMPTDECK_RECORD_SNAPSHOTS=1` re-records. Runs stream (100 ms between events): without streaming the whole
/// answer lands at once and whether a tok/s figure shows at all depends on a millisecond of timing.
@Suite("Golden screens end to end", .serialized)
struct GoldenScreenTests {
    /// A session at 100×30 with the tagline prompt opened and its variable filled.
    private func startWithTagline() throws -> PlaygroundSession {
        let session = try PlaygroundSession()
        try session.start(dumpingScreen: true)
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples)
        session.selectPrompt(filter: "tagline", id: "examples/tagline")
        session.fillFirstVariable(with: "Bloom flowers")
        #expect(session.waitFor("Bloom flowers").ok)
        return session
    }

    @Test func playgroundAfterARun() throws {
        let session = try startWithTagline()
        session.turnStreamingOn()
        #expect(session.run().ok)
        let dump = session.waitForSettledDump { $0.contains("✔ ok") }
        #expect(dump.ok, "no settled dump:\n\(dump.screen)")
        assertSnapshot(ScreenMask.mask(dump.screen), named: "playground-after-run-100x30")
        session.quit()
    }

    @Test func compareWithThreeColumns() throws {
        let session = try startWithTagline()
        session.send("S")
        #expect(session.waitFor("Sweep into columns").ok)
        session.type("temperature=0,0.5,1")
        session.send("Enter")
        #expect(session.waitFor("Compare · examples/tagline · 3 variants").ok)
        session.turnStreamingOn(expecting: "streaming on")
        session.send("F5")
        let dump = session.waitForSettledDump { $0.contains("✔ compared") }
        #expect(dump.ok, "no settled dump:\n\(dump.screen)")
        assertSnapshot(ScreenMask.mask(dump.screen), named: "compare-3-columns-100x30")
        session.quit()
    }

    @Test func historyDetail() throws {
        let session = try startWithTagline()
        session.turnStreamingOn()
        #expect(session.run().ok)
        #expect(session.openHistory(runs: 1).ok)
        let dump = session.waitForSettledDump { $0.contains("Runs (1)") && $0.contains("(this run)") }
        #expect(dump.ok, "no settled dump:\n\(dump.screen)")
        assertSnapshot(ScreenMask.mask(dump.screen), named: "history-detail-100x30")
        session.quit(presses: 2)
    }
}
