import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI models: listing a server's models, and a run that uses the only one")
struct CLIModelsTests {
    /// An `openai` profile at a test-server scenario, with no `model:`.
    static func bareProfile(_ name: String, server: TestServer, scenario: String) -> String {
        "  \(name):\n    type: openai\n    base_url: \(server.baseURL(scenario: scenario))\n"
    }

    static func cli(_ server: TestServer) throws -> CLIHarness {
        try CLIHarness(
            profiles: bareProfile("one", server: server, scenario: "models-one")
                + bareProfile("several", server: server, scenario: "models-several")
                + bareProfile("broken", server: server, scenario: "500")
                + "  down:\n    type: openai\n    base_url: http://127.0.0.1:1/v1\n",
            defaultProfile: "several")
    }

    @Test("`models` prints one id per line; --json prints an array")
    func listsModels() throws {
        let server = try TestServer.shared()
        let cli = try Self.cli(server)
        let text = try cli.run(["models"])
        #expect(text.exitCode == 0, "\(text.stderrText)")
        #expect(text.stdoutText == "alpha-model\nbeta-model\ngamma-model\n")
        let json = try cli.run(["models", "--profile", "one", "--json"])
        #expect(json.exitCode == 0, "\(json.stderrText)")
        #expect(try JSONValue.parse(json.stdoutText) == .array([.string("solo-model")]))
        let echo = try cli.run(["models", "--profile", "echo"])
        #expect(echo.stdoutText == "echo\n")
    }

    @Test("`models` exits 1 with the reason when the server cannot be asked, 2 for an unknown profile")
    func failures() throws {
        let server = try TestServer.shared()
        let cli = try Self.cli(server)
        let broken = try cli.run(["models", "--profile", "broken"])
        #expect(broken.exitCode == 1)
        #expect(broken.stderrText.contains("GET \(server.baseURL(scenario: "500"))/models: HTTP 500"))
        #expect(broken.stderrText.contains("The server had an error"))
        let down = try cli.run(["models", "--profile", "down"])
        #expect(down.exitCode == 1)
        #expect(down.stderrText.contains("GET http://127.0.0.1:1/v1/models: could not connect"))
        let unknown = try cli.run(["models", "--profile", "nope"])
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderrText.contains("unknown profile 'nope'"))
    }

    @Test("a run with no model uses a one-model server's model and says so; several are listed")
    func runUsesOnlyModel() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try Self.cli(server)
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=a bakery", "--profile", "one"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(
            result.stderrText.contains(
                "no model set: using the server's only model 'solo-model' (from GET \(server.baseURL(scenario: "models-one"))/models)"
            ))
        let request = try #require(try server.requests().first { $0.path.hasSuffix("/completions") })
        #expect(try JSONValue.parse(request.body)["model"] == "solo-model")
        #expect(try cli.store().list(filter: HistoryFilter(), limit: 1).first?.model == "solo-model")

        let several = try cli.run(["run", "examples/tagline", "--var", "shop=a bakery"])
        #expect(several.exitCode == 2)
        #expect(several.stderrText.contains("the server offers 3 models: alpha-model, beta-model, gamma-model"))

        let given = try cli.run(["run", "examples/tagline", "--var", "shop=a bakery", "--model", "mine"])
        #expect(given.exitCode == 0, "\(given.stderrText)")
        #expect(!given.stderrText.contains("no model set"))
    }

    @Test("--help lists the models subcommand")
    func help() throws {
        let result = try CLIHarness().run(["--help"])
        #expect(result.stdoutText.contains("models"))
    }
}
