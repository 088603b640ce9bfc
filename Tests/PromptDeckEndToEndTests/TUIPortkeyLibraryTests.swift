import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Issue 15 end to end in a real terminal: a portkey-hosted profile's prompts are listed beside the local
/// ones (marked pkey), one opens with its variables, and a run goes through Portkey's hosted completions.
@Suite("TUI: Portkey's prompt library, end to end")
struct TUIPortkeyLibraryTests {
    @Test func browseOpenAndRunAHostedPrompt() throws {
        let server = try TestServer.shared()
        let session = try PlaygroundSession(profiles: [])
        let scenario = "admin-tui-\(UUID().uuidString.prefix(6))"
        try """
        default_profile: hosted
        profiles:
          hosted:
            type: portkey-hosted
            base_url: \(server.baseURL(scenario: scenario))
            portkey_api_key_env: PD_PK
            collection: main
        """.write(toFile: session.configPath, atomically: true, encoding: .utf8)
        try session.start(columns: 120, rows: 36, environment: ["PD_PK": "pk-admin"])
        let listed = session.waitFor(timeout: 15) { $0.contains("pkey") && $0.contains("tagline") }
        expectStep(listed, "Portkey's prompts listed beside the local ones")
        session.selectPrompt(filter: "portkey:tag", id: "portkey:tagline")
        expectStep(session.waitFor("Enter edit"), "opened, its variables focused")
        for value in ["Bloom", "Leeds"] {
            session.send("Enter")
            expectStep(session.waitFor("Enter accept"), "editing a variable")
            session.type(value)
            session.send("Enter")
            session.send("j")
        }
        session.send("F5")
        expectStep(session.waitFor("✔ ok", timeout: 15), "the hosted run")
        expectStep(session.quit(), "quit")
        let hosted = try server.requests().filter {
            $0.path.contains("/\(scenario)/") && $0.path.hasSuffix("/completions")
        }
        #expect(hosted.contains { $0.path.contains("/prompts/tagline") && $0.body.contains("Leeds") }, "\(hosted)")
    }

    private func expectStep(
        _ step: (screen: String, ok: Bool), _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if !step.ok { print("TUIPortkeyLibraryTests: \(what) timed out; the screen:\n\(step.screen)") }
        #expect(step.ok, "\(what) (the screen is printed above)", sourceLocation: sourceLocation)
    }
}
