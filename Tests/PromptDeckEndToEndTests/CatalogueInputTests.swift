import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// The bad-input catalogue (README, "Bad-input catalogue"): prompt files, variables, parameters and
/// config that cannot be used. Each case exits 2 with a message naming the file, line and field, and
/// sends nothing, so history stays empty.
@Suite("Catalogue: invalid input")
struct CatalogueInputTests {
    /// Runs `arguments` in `cli` and checks the invalid-input contract: exit 2, `message` on stderr,
    /// no stdout, no run recorded.
    private func expectRefused(_ cli: CLIHarness, _ arguments: [String], _ message: String) throws {
        let result = try cli.run(arguments)
        #expect(result.exitCode == 2, "\(result.stderrText)")
        #expect(result.stderrText.contains(message), "expected «\(message)» in:\n\(result.stderrText)")
        #expect(result.stdoutText.isEmpty)
        #expect(!result.stderrText.contains("Fatal error"), "no crash")
        #expect(try cli.store().list(filter: HistoryFilter(), limit: 10).isEmpty, "nothing was sent")
    }

    @Test(
        "a broken prompt file is refused with its file, line, column and field",
        arguments: [
            (
                "invalid YAML", "name: [unclosed\nkind: chat\n",
                "bad.yaml:2:5: invalid YAML: did not find expected ',' or ']'"
            ),
            (
                "unclosed section", "kind: completion\nprompt: \"Hello {{#who}} there\"\n",
                "bad.yaml:2:16: field 'prompt': section {{#who}} is never closed; add {{/who}}"
            ),
            (
                "missing partial", "kind: completion\nprompt: \"Hello {{>nothere}}\"\n",
                "bad.yaml:2:16: field 'prompt': unknown partial 'nothere': no nothere.mustache in"
            ),
            (
                "partials that include each other", "kind: completion\nprompt: \"Hello {{>ping}}\"\n",
                "partials/pong.mustache:1:1: partial 'ping' includes itself forever (ping -> pong -> ping)"
            ),
            (
                "unknown variable type", "kind: completion\nvariables:\n  x: {type: number}\nprompt: \"Hi {{x}}\"\n",
                "bad.yaml:3:13: field 'variables.x.type': expected text, multiline, json, bool or list, got 'number'"
            ),
            (
                "empty file", "",
                "bad.yaml:1:1: the file is empty; a prompt needs at least 'kind' and 'prompt' (or 'messages')"
            ),
            (
                "unknown kind", "kind: chatty\nprompt: Hi\n",
                "bad.yaml:1:7: field 'kind'"
            ),
        ])
    func brokenPromptFile(label: String, yaml: String, message: String) throws {
        let cli = try CLIHarness()
        try cli.addPrompt("bad", yaml)
        try "{{>pong}}".write(toFile: cli.promptsPath + "/partials/ping.mustache", atomically: true, encoding: .utf8)
        try "{{>ping}}".write(toFile: cli.promptsPath + "/partials/pong.mustache", atomically: true, encoding: .utf8)
        try expectRefused(cli, ["run", "bad", "--var", "x=1"], message)
    }

    @Test("a 5 MB prompt file is refused by size before it is parsed")
    func hugePromptFile() throws {
        let cli = try CLIHarness()
        let line = "  " + String(repeating: "a", count: 99) + "\n"
        try cli.addPrompt("big", "kind: completion\nprompt: |\n" + String(repeating: line, count: 52_000))
        try expectRefused(cli, ["run", "big"], "big.yaml: the file is 5.0 MiB; prompt files are limited to 1 MiB")
    }

    @Test(
        "a --vars file with invalid UTF-8 bytes names the file and the byte offset",
        arguments: [("vars.json", "{\"shop\": \"caf\u{E9} \"}"), ("vars.yaml", "shop: \"caf\u{E9}\"\n")])
    func invalidUTF8Variables(name: String, text: String) throws {
        let cli = try CLIHarness()
        let path = cli.directory.appendingPathComponent(name).path
        // ISO-8859-1: é is the single byte 0xE9, which is not UTF-8.
        try #require(text.data(using: .isoLatin1)).write(to: URL(fileURLWithPath: path))
        try expectRefused(
            cli, ["run", "examples/tagline", "--vars", path], "\(name): is not valid UTF-8 (bad byte at offset")
    }

    @Test("a --vars file that is not valid JSON names the line and column")
    func invalidJSONVariablesFile() throws {
        let cli = try CLIHarness()
        let path = cli.directory.appendingPathComponent("vars.json").path
        try "{\"shop\": ".write(toFile: path, atomically: true, encoding: .utf8)
        try expectRefused(
            cli, ["run", "examples/tagline", "--vars", path], "vars.json:1:10: invalid JSON: unexpected end of input")
    }

    @Test(
        "a parameter of the wrong type names the field and what it expected",
        arguments: [
            ("max_tokens=lots", "--set: field 'max_tokens': expected an integer, got \"lots\""),
            ("temperature=\"hot\"", "--set: field 'temperature': expected a number, got \"hot\""),
            ("stream=maybe", "--set: field 'stream': expected true or false, got \"maybe\""),
        ])
    func wrongParameterType(setting: String, message: String) throws {
        let cli = try CLIHarness()
        try expectRefused(cli, ["run", "examples/tagline", "--var", "shop=x", "--set", setting], message)
    }

    @Test(
        "a config file with bad YAML or a bad URL names the file, line and field",
        arguments: [
            ("profiles:\n  a: [b\n", "config.yaml:3:1: invalid YAML: did not find expected ',' or ']'"),
            (
                "profiles:\n  a:\n    type: openai\n    base_url: localhost:8080\n    model: m\n",
                "config.yaml:4:15: field 'profiles.a.base_url': 'localhost:8080' is not an http:// or https:// URL"
            ),
            (
                "profiles:\n  a:\n    type: openai\n    base_url: http://exa mple.com/v1\n    model: m\n",
                "field 'profiles.a.base_url': 'http://exa mple.com/v1' is not an http:// or https:// URL"
            ),
        ])
    func brokenConfig(yaml: String, message: String) throws {
        let cli = try CLIHarness()
        try yaml.write(toFile: cli.configPath, atomically: true, encoding: .utf8)
        try expectRefused(cli, ["run", "examples/tagline", "--var", "shop=x"], message)
    }

    @Test(
        "a config readable by others that holds a key inline warns once and says how to fix it",
        arguments: [
            "    type: echo\n    headers: {Authorization: Bearer sk-inline}\n",
            "    type: portkey\n    provider: openai\n    virtual_key: vk-inline\n    model: m\n",
        ])
    func readableConfigWithInlineKey(profile: String) throws {
        let cli = try CLIHarness(profiles: "  k:\n" + profile, defaultProfile: "k")
        let warning =
            "warning: holds a key inline and is readable by others (mode 644); run chmod 600 \(cli.configPath)"
        chmod(cli.configPath, 0o644)
        let readable = try cli.run(["render", "examples/tagline", "--var", "shop=x"])
        #expect(readable.exitCode == 0, "\(readable.stderrText)")
        #expect(readable.stderrText.contains(warning), "\(readable.stderrText)")
        #expect(!readable.stderrText.contains("sk-inline") && !readable.stderrText.contains("vk-inline"))
        chmod(cli.configPath, 0o600)
        let private_ = try cli.run(["render", "examples/tagline", "--var", "shop=x"])
        #expect(!private_.stderrText.contains("readable by others"), "\(private_.stderrText)")
    }

    @Test("PromptDeck creates the history file 0600 and no config file of its own")
    func createdFilesArePrivate() throws {
        let cli = try CLIHarness()
        try FileManager.default.removeItem(atPath: cli.configPath)
        let result = try cli.run(
            ["run", "examples/tagline", "--var", "shop=x"], environment: ["PROMPTDECK_CONFIG": nil])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let mode = try #require(
            try FileManager.default.attributesOfItem(atPath: cli.historyPath)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        #expect(!FileManager.default.fileExists(atPath: cli.directory.path + "/xdg-config/promptdeck/config.yaml"))
    }
}
