import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI Portkey library: list, pull, push, publish, label, run, conflicts and errors")
struct CLIPortkeyLibraryTests {
    static func cli(_ scenario: String, key: String = "pk-admin") throws -> CLIHarness {
        let server = try TestServer.shared()
        let profile =
            "  hosted:\n    type: portkey-hosted\n    base_url: \(server.baseURL(scenario: scenario))\n"
            + "    portkey_api_key_env: PD_PK\n    collection: main\n"
        var cli = try CLIHarness(profiles: profile, defaultProfile: "hosted", environment: ["PD_PK": key])
        cli.environment["PROMPTDECK_CACHE"] = cli.directory.path + "/cache"
        return cli
    }

    @Test("pull, edit, push (version 2), label staging, run @staging hits version 2, publish")
    func pullEditPushPublishLabelRun() throws {
        let cli = try Self.cli("admin-cli-flow")
        let list = try cli.run(["prompts", "list", "--portkey"])
        #expect(list.exitCode == 0, "\(list.stderrText)")
        #expect(list.stdoutText.contains("portkey:tagline"))
        let pull = try cli.run(["prompts", "pull", "portkey:tagline"])
        #expect(pull.exitCode == 0, "\(pull.stderrText)")
        let path = cli.promptsPath + "/tagline.yaml"
        let pulled = try String(contentsOfFile: path, encoding: .utf8)
        #expect(pulled.contains("portkey_prompt_id: \"tagline\"\nportkey_version: 1\n"))
        try pulled.replacingOccurrences(of: "Write a tagline", with: "Write a short tagline")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let push = try cli.run(["prompts", "push", "tagline", "--description", "shorter"])
        #expect(push.exitCode == 0, "\(push.stderrText)")
        #expect(push.stdoutText == "pushed tagline as portkey:tagline version 2\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("portkey_version: 2\n"))
        let label = try cli.run(["prompts", "label", "portkey:tagline@2", "staging", "--portkey"])
        #expect(label.stdoutText == "portkey:tagline@2 is now staging\n", "\(label.stderrText)")
        let run = try cli.run([
            "run", "portkey:tagline@staging", "--var", "shop=Bob", "--var", "city=Rome", "--no-stream",
        ])
        #expect(run.exitCode == 0, "\(run.stderrText)")
        #expect(run.stdoutText.contains("short"), "version 2's template ran: \(run.stdoutText)")
        let render = try cli.run(["render", "portkey:tagline@2", "--var", "shop=Bob", "--var", "city=Rome"])
        #expect(render.stdoutText.contains("Write a short tagline for Bob in Rome."), "\(render.stderrText)")
        // The pulled file runs locally too (rendered here, sent to another profile).
        let local = try cli.run(["run", "tagline", "--profile", "echo", "--var", "shop=Bob", "--var", "city=Rome"])
        #expect(local.exitCode == 0, "\(local.stderrText)")
        #expect(local.stdoutText.contains("short tagline for Bob in Rome"))
        let publish = try cli.run(["prompts", "publish", "portkey:tagline@2"])
        #expect(publish.stdoutText == "portkey:tagline@2 is now the default version\n", "\(publish.stderrText)")
        let versions = try cli.run(["prompts", "versions", "portkey:tagline", "--json"])
        let rows = try JSONValue.parse(versions.stdoutText).arrayValue ?? []
        #expect(rows.map { $0["default"] } == [.bool(false), .bool(true)])
        #expect(rows.last?["labels"] == .array(["staging"]))
        #expect(rows.last?["description"] == "shorter")
    }

    @Test("push refuses when Portkey has a newer version, shows the diff, and --force overrides")
    func pushConflict() throws {
        let cli = try Self.cli("admin-cli-conflict")
        #expect(try cli.run(["prompts", "pull", "portkey:summary-text", "--as", "summary"]).exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: cli.promptsPath + "/partials/signature.mustache"))
        let path = cli.promptsPath + "/summary.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "Summarise:", with: "Sum up:").write(
            toFile: path, atomically: true, encoding: .utf8)
        // Someone else pushes first: the pulled version (1) is now behind.
        let other = try Self.cli("admin-cli-conflict")
        try other.addPrompt("theirs", text.replacingOccurrences(of: "Summarise:", with: "Digest:"))
        #expect(try other.run(["prompts", "push", "theirs"]).exitCode == 0)
        let refused = try cli.run(["prompts", "push", "summary"])
        #expect(refused.exitCode == 2)
        #expect(
            refused.stderrText.contains("Portkey's latest version is 2, newer than the one summary was pulled from (1)")
        )
        #expect(refused.stderrText.contains("-Digest: {{text}}"))
        #expect(refused.stderrText.contains("+Sum up: {{text}}"))
        let dry = try cli.run(["prompts", "push", "summary", "--force", "--dry-run"])
        #expect(dry.stdoutText.hasPrefix("PUT "), "\(dry.stderrText)")
        #expect(dry.stdoutText.contains("x-portkey-api-key: ***"))
        #expect(!dry.stdoutText.contains("pk-admin"))
        let forced = try cli.run(["prompts", "push", "summary", "--force"])
        #expect(forced.stdoutText == "pushed summary as portkey:summary-text version 3\n", "\(forced.stderrText)")
    }

    @Test("a local prompt with no Portkey id is created in the profile's collection with its virtual key, then linked")
    func pushCreates() throws {
        let server = try TestServer.shared()
        let profile =
            "  hosted:\n    type: portkey-hosted\n    base_url: \(server.baseURL(scenario: "admin-cli-create"))\n"
            + "    portkey_api_key_env: PD_PK\n    collection: other\n    virtual_key: vk-other\n"
        var cli = try CLIHarness(profiles: profile, defaultProfile: "hosted", environment: ["PD_PK": "pk-admin"])
        cli.environment["PROMPTDECK_CACHE"] = cli.directory.path + "/cache"
        try cli.addPrompt("greet", "name: Greeting Card\nkind: completion\nmodel: m\nprompt: Hello {{who}}\n")
        let dry = try cli.run(["prompts", "push", "greet", "--dry-run"])
        #expect(dry.stdoutText.hasPrefix("POST \(server.baseURL(scenario: "admin-cli-create"))/prompts\n"))
        #expect(dry.stdoutText.contains("\"collection_id\": \"other\""))
        #expect(dry.stdoutText.contains("\"virtual_key\": \"vk-other\""))
        let created = try cli.run(["prompts", "push", "greet", "--description", "new"])
        #expect(created.stdoutText == "created portkey:greeting-card version 1 from greet\n", "\(created.stderrText)")
        let file = try String(contentsOfFile: cli.promptsPath + "/greet.yaml", encoding: .utf8)
        #expect(file.hasSuffix("portkey_prompt_id: \"greeting-card\"\nportkey_version: 1\n"))
        let list = try cli.run(["prompts", "list", "--portkey", "--search", "greeting"])
        #expect(list.stdoutText.contains("portkey:greeting-card"))
    }

    @Test("401 and 403 name the key variable, 404 names the id, and a failed pull writes nothing")
    func errors() throws {
        let wrong = try Self.cli("admin-cli-errors", key: "nope")
        let unauthorized = try wrong.run(["prompts", "pull", "portkey:tagline"])
        #expect(unauthorized.exitCode == 1)
        #expect(unauthorized.stderrText.contains("HTTP 401: Portkey refused the key in $PD_PK"))
        #expect(!FileManager.default.fileExists(atPath: wrong.promptsPath + "/tagline.yaml"))
        let reader = try Self.cli("admin-cli-errors", key: "pk-readonly")
        let forbidden = try reader.run(["prompts", "publish", "portkey:tagline@1"])
        #expect(forbidden.exitCode == 1)
        #expect(forbidden.stderrText.contains("HTTP 403: the key in $PD_PK lacks the Admin API scope prompts.create"))
        let admin = try Self.cli("admin-cli-errors")
        let missing = try admin.run(["prompts", "pull", "portkey:no-such"])
        #expect(missing.stderrText.contains("HTTP 404: Portkey has no prompt 'no-such'"))
        #expect(!FileManager.default.fileExists(atPath: admin.promptsPath + "/no-such.yaml"))
    }

    @Test("offline, `prompts list --portkey` shows the cached list with its age and the error")
    func offlineList() throws {
        var cli = try Self.cli("admin-cli-offline")
        #expect(try cli.run(["prompts", "list", "--portkey", "--json"]).exitCode == 0)
        // The same profile, now unreachable (the cache belongs to the profile's base URL, so point the
        // cache at the one written above by keeping the URL and cutting the network with a proxy).
        cli.environment["ALL_PROXY"] = "http://127.0.0.1:1"
        cli.environment["NO_PROXY"] = nil
        let offline = try cli.run(["prompts", "list", "--portkey"])
        #expect(offline.exitCode == 0, "\(offline.stderrText)")
        #expect(offline.stdoutText.contains("portkey:tagline"))
        #expect(offline.stderrText.contains("showing the cached list from"))
    }
}
