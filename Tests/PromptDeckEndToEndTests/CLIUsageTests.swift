import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI usage: exit codes, options, help, config and prompt-file messages as the README says")
struct CLIUsageTests {
    @Test(
        "usage errors exit 2, as the README says, not ArgumentParser's 64",
        arguments: [["history", "list", "--bogus"], ["run"], ["history", "list", "-n", "lots"], ["nosuchcommand"]])
    func usageErrorsExit2(arguments: [String]) throws {
        let result = try CLIHarness().run(arguments)
        #expect(result.exitCode == 2, "\(result.stderrText)")
        #expect(result.stderrText.contains("Error:") || result.stderrText.contains("error:"), "\(result.stderrText)")
    }

    /// A line naming a subcommand is parsed from that subcommand alone first (`parsedDirectly`, for start-up);
    /// help, `--version` and errors must still come from the root, naming the whole command.
    @Test("a subcommand's help, errors and --version read as parsed from promptdeck itself")
    func subcommandMessagesNameTheWholeCommand() throws {
        let cli = try CLIHarness()
        let help = try cli.run(["history", "list", "--help"])
        #expect(help.exitCode == 0)
        #expect(help.stdoutText.contains("USAGE: promptdeck history list"), "\(help.stdoutText)")
        let unknown = try cli.run(["run", "examples/tagline", "--bogus"])
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderrText.contains("Usage: promptdeck run [<options>] <prompt>"), "\(unknown.stderrText)")
        let version = try cli.run(["run", "examples/tagline", "--version"])
        #expect(version.exitCode == 0)
        #expect(version.stdoutText == PromptDeckVersion.string + "\n")
        let asked = try cli.run(["help", "run"])
        #expect(asked.stdoutText.contains("USAGE: promptdeck run"), "\(asked.stdoutText)")
    }

    @Test("-n1 is accepted like -n 1")
    func attachedCount() throws {
        let cli = try CLIHarness()
        for _ in 0..<2 { #expect(try cli.run(["run", "examples/tagline", "--var", "shop=x"]).exitCode == 0) }
        let result = try cli.run(["history", "list", "-n1"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stdoutText.split(separator: "\n").count == 1)
    }

    @Test("--help lists the keys subcommand")
    func helpListsKeys() throws {
        let result = try CLIHarness().run(["--help"])
        #expect(result.exitCode == 0)
        #expect(result.stdoutText.contains("  keys "), "\(result.stdoutText)")
    }

    @Test("--config /dev/null and an empty config file are empty configs")
    func emptyConfig() throws {
        let cli = try CLIHarness()
        try "".write(toFile: cli.configPath, atomically: true, encoding: .utf8)
        for config in ["/dev/null", cli.configPath] {
            let result = try cli.run(["profiles", "--config", config])
            #expect(result.exitCode == 0, "\(config): \(result.stderrText)")
            #expect(!result.stderrText.contains("permission"), "\(result.stderrText)")
            #expect(result.stdoutText.contains("echo"))
        }
    }

    @Test("theme: in config.yaml is not reported as unknown")
    func themeKey() throws {
        let cli = try CLIHarness()
        try "theme: dark\n".write(toFile: cli.configPath, atomically: true, encoding: .utf8)
        let result = try cli.run(["profiles"])
        #expect(result.exitCode == 0)
        #expect(!result.stderrText.contains("unknown"), "\(result.stderrText)")
    }

    @Test("prompts list shows name: and prints prompt-file warnings with file:line:column to stderr")
    func promptsListWarnings() throws {
        let cli = try CLIHarness()
        try cli.addPrompt("typo", "name: Typo Tester\nkind: completion\ndescripton: oops\nprompt: Hi {{who}}\n")
        let result = try cli.run(["prompts", "list"])
        #expect(result.exitCode == 0)
        let line = result.stdoutText.split(separator: "\n").first { $0.hasPrefix("typo ") } ?? ""
        #expect(line.hasSuffix("completion  Typo Tester"), "\(result.stdoutText)")
        #expect(
            result.stderrText.contains(
                "\(cli.promptsPath)/typo.yaml:3:1: warning: unknown key 'descripton' is ignored; did you mean 'description'?"
            ), "\(result.stderrText)")
    }

    @Test("prompts show gives text variables the type text")
    func promptsShowType() throws {
        let result = try CLIHarness().run(["prompts", "show", "examples/tagline"])
        #expect(result.exitCode == 0)
        #expect(result.stdoutText.contains("  shop  text  required"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("  value  "))
    }

    @Test("render: {{.}} at the top prints no internals; text used as a section renders as itself")
    func renderSpecBugs() throws {
        let cli = try CLIHarness()
        try cli.addPrompt("dot", "kind: completion\nprompt: \"Hi {{.}}{{#who}}{{.}}{{/who}}\"\n")
        try cli.addPrompt("foo", "kind: completion\nhtml_escape: true\nprompt: \"{{#foo}}{{.}} is {{foo}}{{/foo}}\"\n")
        let vars = cli.directory.appendingPathComponent("vars.json").path
        try #"{"foo": "bar", "who": "Ada"}"#.write(toFile: vars, atomically: true, encoding: .utf8)
        let dot = try cli.run(["render", "dot", "--vars", vars, "--json"])
        #expect(dot.exitCode == 0, "\(dot.stderrText)")
        #expect(try JSONValue.parse(dot.stdoutText)["data"]?["prompt"] == "Hi Ada", "\(dot.stdoutText)")
        let foo = try cli.run(["render", "foo", "--var", "foo=bar", "--json"])
        #expect(try JSONValue.parse(foo.stdoutText)["data"]?["prompt"] == "bar is bar", "\(foo.stdoutText)")
    }
}
