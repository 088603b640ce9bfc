import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Evaluation mode in a real terminal against the local test server: a sweep makes two columns
/// (max_tokens 50 and 1), `E` runs 3 rows × 2 variants where row 3 × #2 fails its `__expected`; the grid
/// shows ✖, Enter reads the reason, `F` runs only that cell again, and the group is in history.
@Suite("TUI evaluation end to end", .serialized)
struct TUIEvaluationTests {
    @Test func evaluateTheColumnsReadAFailureAndRunItAgain() throws {
        let session = try PlaygroundSession(profiles: [PlaygroundSession.Profile("local", scenario: "ok")])
        try session.addPrompt(
            "city",
            """
            kind: completion
            prompt: "Write about {{city}}"
            dataset: rows.csv
            checks:
              - name: names the city
                contains: "{{city}}"
            """)
        try "city,__expected\nParis,\nLyon,\nRome,Rome about Write\n".write(
            toFile: session.promptsPath + "/rows.csv", atomically: true, encoding: .utf8)
        try session.start()
        session.waitUntilStarted(prompts: PlaygroundSession.bundledExamples + 1)
        session.selectPrompt(filter: "city", id: "city")
        session.send("S")
        #expect(session.waitFor("Sweep into columns").ok, "S should open the sweep overlay")
        session.type("max_tokens=50,1")
        session.send("Enter")
        #expect(session.waitFor("2 variants").ok, "the sweep should make two columns")

        session.send("E")
        // The status line says the evaluation is over a frame after the last cell fills: wait for both.
        let grid = session.waitFor(timeout: 20) {
            $0.contains("6/6 · 1 failed") && $0.contains("cost") && $0.contains("evaluation over:")
        }
        #expect(grid.ok, "the evaluation should fill its grid:\n\(grid.screen)")
        #expect(grid.screen.contains("#1 max_tokens=50") && grid.screen.contains("#2 max_tokens=1"))
        #expect(PlaygroundSession.count("✔", in: grid.screen) >= 5, "five cells pass:\n\(grid.screen)")
        let failedLine = try #require(grid.screen.split(separator: "\n").first { $0.contains("city=Rome") })
        #expect(failedLine.contains("✖"), "row 3 × #2 fails:\n\(grid.screen)")
        #expect(grid.screen.contains("evaluation over: 5/6 passed"))

        session.send("j", "j", "l", "Enter")
        let reader = session.waitFor("row 3 · #2")
        #expect(reader.ok, "Enter should read the cell:\n\(reader.screen)")
        #expect(reader.screen.contains(#"expected "Rome about Write", got "Rome""#), "\(reader.screen)")
        #expect(reader.screen.contains("city = Rome"))
        session.send("Escape")
        #expect(session.waitFor { !$0.contains("row 3 · #2") }.ok)

        session.send("F")
        // The test server answers at once: the grid may be over again before a frame shows it running.
        let store = try session.history()
        let deadline = Date().addingTimeInterval(20)
        var runs: [RunRecord] = []
        while Date() < deadline {
            if let group = try store.list(limit: 1).first?.groupID { runs = try store.runs(inGroup: group) }
            if runs.count >= 7 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let over = session.waitFor("evaluation over: 5/6 passed", timeout: 20)
        #expect(over.ok, "the re-run should finish:\n\(over.screen)")
        session.send("Escape")
        #expect(session.waitFor("Compare · city · 2 variants").ok, "Esc goes back to compare mode")
        #expect(session.quit().ok)

        let group = try #require(runs.first?.groupID)
        #expect(runs.count == 7, "six cells and one re-run: \(runs.map(\.id))")
        let rerun = try #require(runs.last)
        #expect(rerun.parentID != nil && runs.contains { $0.id == rerun.parentID })
        #expect(rerun.variables["city"] == "Rome" && rerun.variantLabel == "#2")
        let score = try store.evaluationScore(ofGroup: group)
        #expect(score.cells.count == 6 && score.tally(variant: 2) == (2, 3))
    }
}
