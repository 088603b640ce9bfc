import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Issue 12 end to end in a real terminal: edit a prompt's text in the playground, run the draft, save it
/// (the file keeps its comments), see version 2 in `prompts versions`, compare version 1 against version 2
/// and find both texts in the request bodies the test server recorded; and a file edited by another
/// program while the playground is open is reloaded.
@Suite("TUI: editing the prompt, end to end")
struct TUIPromptEditingTests {
    static let prompt = """
        # A tagline for a shop. Comments stay when the playground saves.
        name: Shop tagline
        kind: completion
        prompt: |
          Write a tagline for {{shop}}.
        parameters:
          max_tokens: 8  # short on purpose
        """ + "\n"

    @Test func editRunSaveVersionAndCompare() throws {
        let session = try PlaygroundSession(profiles: [.init("local", scenario: "ok")])
        try session.addPrompt("shoptag", Self.prompt)
        try session.start(columns: 120, rows: 36)
        session.waitUntilStarted(prompts: 8)
        session.selectPrompt(filter: "shoptag", id: "shoptag")
        session.fillFirstVariable(with: "Bloom")

        // Into the Template pane, Enter edits in place; the typing makes a draft.
        session.send("BTab")
        session.send("Enter")
        expectStep(session.waitFor("editing the template"), "the editor opens in the Template pane")
        // The cursor starts at the end, after the template's last line break.
        session.send("BSpace")
        session.type(" Mention {{city}}.")
        session.send("Enter")
        session.send("Escape")
        let drafted = session.waitFor { $0.contains("● draft") && $0.contains("city") }
        expectStep(drafted, "a draft, with its new variable in the form")

        // The draft runs.
        session.send("F5")
        expectStep(session.waitFor("✔ ok", timeout: 15), "the draft's run")
        let store = try session.history()
        let ran = try #require(try store.list(limit: 1).first)
        #expect(try store.run(prefix: ran.id).templateSource.contains("Mention {{city}}."))

        // Saved: W, s.
        session.send("W")
        expectStep(session.waitFor("save the draft to its file"), "the save menu")
        session.send("s")
        expectStep(session.waitFor("saved the draft to"), "saved")
        let file = try String(contentsOfFile: session.promptsPath + "/shoptag.yaml", encoding: .utf8)
        #expect(file == Self.prompt.replacingOccurrences(of: "{{shop}}.\n", with: "{{shop}}. Mention {{city}}.\n"))
        expectStep(session.waitFor { !$0.contains("● draft") }, "no draft once saved")
        expectStep(session.quit(), "quit")

        // Version 1 is the text the edit started from, version 2 the saved one (the file now).
        let listed = try session.runWithoutTerminal(["prompts", "versions", "shoptag", "--json"])
        #expect(listed.exitCode == 0, "\(listed.stderrText)")
        let versions = try JSONValue.parse(listed.stdoutText).arrayValue ?? []
        #expect(versions.map { $0.objectValue?["number"] } == [.int(1), .int(2)])
        #expect(versions.last?.objectValue?["current"] == .bool(true))

        // Version 1 against version 2, side by side: both texts reach the server.
        let server = try TestServer.shared()
        let city = "Lisbon-\(UUID().uuidString.prefix(6))"
        let compared = try session.runWithoutTerminal([
            "compare", "shoptag", "--var", "shop=Bloom", "--var", "city=\(city)", "--sweep", "version=1,2",
        ])
        #expect(compared.exitCode == 0, "\(compared.stderrText)")
        let bodies = try server.requests().map(\.body)
        #expect(bodies.contains { $0.contains("Write a tagline for Bloom.\\n") && !$0.contains(city) })
        #expect(bodies.contains { $0.contains("Write a tagline for Bloom. Mention \(city).") })
    }

    @Test func aFileEditedElsewhereIsReloaded() throws {
        let session = try PlaygroundSession(profiles: [.init("local", scenario: "ok")])
        try session.addPrompt("shoptag", Self.prompt)
        try session.start(columns: 120, rows: 36)
        session.waitUntilStarted(prompts: 8)
        session.selectPrompt(filter: "shoptag", id: "shoptag")
        expectStep(session.waitFor("Write a tagline for"), "the template")
        // Another program (vim in the next tmux pane) writes the file.
        let edited = Self.prompt.replacingOccurrences(of: "Write a tagline", with: "Write a {{tone}} slogan")
        try edited.write(toFile: session.promptsPath + "/shoptag.yaml", atomically: true, encoding: .utf8)
        let reloaded = session.waitFor(timeout: 5) {
            $0.contains("Write a {{tone}} slogan") && $0.contains("it changed on disk") && $0.contains("tone")
        }
        expectStep(reloaded, "reloaded within a second, with the new variable")
        expectStep(session.quit(), "quit")
    }

    private func expectStep(
        _ step: (screen: String, ok: Bool), _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(step.ok, "\(what):\n\(step.screen)", sourceLocation: sourceLocation)
    }
}
