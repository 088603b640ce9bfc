import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI safety: keys never leak; escape sequences never reach a terminal raw")
struct CLISafetyTests {
    static let key = "sk-RECOGNISABLE-7f3a9c1e"
    static let portkeyKey = "pk-RECOGNISABLE-51d2e8"

    @Test("a key used through every profile type appears in no database byte, export, render or --json output")
    func noKeyLeaks() throws {
        let server = try TestServer.shared()
        let base = server.baseURL()
        let cli = try CLIHarness(
            profiles: """
                  openai:
                    type: openai
                    base_url: \(base)
                    model: m
                    api_key_env: SECRET_KEY
                  gateway:
                    type: portkey
                    base_url: \(base)
                    provider: openai
                    model: m
                    provider_key_env: SECRET_KEY
                    portkey_api_key_env: SECRET_PK
                  hosted:
                    type: portkey-hosted
                    base_url: \(base)
                    portkey_api_key_env: SECRET_PK

                """, defaultProfile: "openai", environment: ["SECRET_KEY": Self.key, "SECRET_PK": Self.portkeyKey])
        try cli.addPrompt("hosted", "kind: chat\nportkey_prompt_id: pp-1\n")
        var outputs: [String] = []
        for profile in ["openai", "gateway"] {
            for stream in ["--stream", "--no-stream"] {
                let result = try cli.run([
                    "run", "examples/tagline", "--var", "shop=x", "--profile", profile, stream, "--json",
                ])
                #expect(result.exitCode == 0, "\(profile): \(result.stderrText)")
                outputs += [result.stdoutText, result.stderrText]
            }
            outputs.append(
                try cli.run(["render", "examples/tagline", "--var", "shop=x", "--profile", profile]).stdoutText)
        }
        let hosted = try cli.run(["run", "hosted", "--var", "a=b", "--profile", "hosted", "--json"])
        #expect(hosted.exitCode == 0, "\(hosted.stderrText)")
        outputs.append(hosted.stdoutText)
        let list = try JSONValue.parse(try cli.run(["history", "list", "--json"]).stdoutText).arrayValue ?? []
        #expect(list.count == 5)
        for run in list {
            let id = run["id"]?.stringValue ?? ""
            for format in ["json", "curl", "markdown"] {
                outputs.append(try cli.run(["history", "export", id, "--format", format]).stdoutText)
            }
            outputs.append(try cli.run(["history", "show", id]).stdoutText)
        }
        for text in outputs {
            #expect(!text.contains(Self.key))
            #expect(!text.contains(Self.portkeyKey))
        }
        for suffix in ["", "-wal", "-shm"] {
            guard let data = FileManager.default.contents(atPath: cli.historyPath + suffix) else { continue }
            #expect(data.range(of: Data(Self.key.utf8)) == nil, "history\(suffix) holds the key")
            #expect(data.range(of: Data(Self.portkeyKey.utf8)) == nil, "history\(suffix) holds the Portkey key")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: cli.historyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// Runs a command with stdout on a pseudo-terminal (util-linux `script`), returning what the terminal got.
    private func onTerminal(_ cli: CLIHarness, _ arguments: [String]) throws -> String {
        let command = ([try CLIHarness.binary] + arguments).map(RunExporter.shellQuoted).joined(separator: " ")
        let result = try ProcessRunner.run(
            "/usr/bin/script", arguments: ["-qec", command + " 2>/dev/null", "/dev/null"], environment: cli.environment)
        return result.stdoutText
    }

    static let hostile = "title\u{1B}]0;pwned\u{07} red\u{1B}[31mX bidi\u{202E}txt c1\u{9B}2J bell\u{07}"

    @Test(
        "model output with ESC, CSI, OSC, BEL, C1 and bidi controls shows visibly on a terminal, through a real stream")
    func escapesMadeVisible() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(profiles: CLIHarness.profile("local", server: server), defaultProfile: "local")
        for profile in ["local", "echo"] {
            let screen = try onTerminal(
                cli, ["run", "examples/tagline", "--var", "shop=\(Self.hostile)", "--stream", "--profile", profile])
            #expect(screen.contains("␛]0;pwned"), "\(profile): \(screen)")
            #expect(screen.contains("␛[31mX"))
            for raw in ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}"] {
                #expect(
                    !screen.contains(raw), "\(profile): raw \(raw.unicodeScalars.first!.value) reached the terminal")
            }
        }
        // Piped output is left as sent (scripts get the bytes); --raw keeps them on a terminal too.
        let piped = try cli.run(["run", "examples/tagline", "--var", "shop=\(Self.hostile)", "--profile", "echo"])
        #expect(piped.stdoutText.contains("\u{1B}]0;pwned\u{07}"))
        let raw = try onTerminal(
            cli, ["run", "examples/tagline", "--var", "shop=\(Self.hostile)", "--profile", "echo", "--raw"])
        #expect(raw.contains("\u{1B}[31m"))
    }
}
