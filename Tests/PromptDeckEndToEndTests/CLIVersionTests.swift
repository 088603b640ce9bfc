import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("CLI prompt versions: ID@N, labels, versions, diff, compare and history through the binary")
struct CLIVersionTests {
    static let first = "name: Tagline\nkind: completion\nprompt: |\n  Write a tagline for {{shop}}.\n"
    static let second =
        "name: Tagline\nkind: completion\nprompt: |\n  Write a short tagline for {{shop}}.\n  Keep it brief.\n"

    /// Two runs of the first text, then one of the second: versions 1 (2 runs) and 2 (1 run).
    private func twoVersions(server: TestServer) throws -> CLIHarness {
        let cli = try CLIHarness(profiles: CLIHarness.profile("local", server: server), defaultProfile: "local")
        try cli.addPrompt("tagline", Self.first)
        for shop in ["a", "b"] {
            let result = try cli.run(["run", "tagline", "--var", "shop=\(shop)"])
            #expect(result.exitCode == 0, "\(result.stderrText)")
        }
        try cli.addPrompt("tagline", Self.second)
        #expect(try cli.run(["run", "tagline", "--var", "shop=c"]).exitCode == 0)
        return cli
    }

    private func lastBody(_ server: TestServer) throws -> JSONValue {
        try JSONValue.parse(try #require(try server.requests().last).body)
    }

    @Test("versions --json: one version per distinct text, runs counted, the file's marked current")
    func versionsJSON() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try twoVersions(server: server)
        let result = try cli.run(["prompts", "versions", "tagline", "--json"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let versions = try #require(try JSONValue.parse(result.stdoutText).arrayValue)
        #expect(versions.map { $0["number"] } == [1, 2])
        #expect(versions.map { $0["runs"] } == [2, 1])
        #expect(versions.map { $0["current"] } == [false, true])
        let hash = PromptVersion.contentHash(source: Self.first, partials: [:])
        #expect(versions[0]["hash"]?.stringValue == hash)
        #expect(versions[0]["short_hash"]?.stringValue == String(hash.prefix(8)))
        let text = try cli.run(["prompts", "versions", "tagline"]).stdoutText
        #expect(text.hasPrefix("VERSION  HASH      FIRST SEEN        RUNS  LABELS\n"))
        #expect(text.contains("  (current file)\n"))
    }

    @Test("ID@N, ID@label and ID@latest run, render and show the recorded text, not the file")
    func referencesRunRenderShow() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try twoVersions(server: server)
        #expect(
            try cli.run(["prompts", "label", "tagline@1", "production"]).stdoutText == "tagline@1 is now production\n")
        let run = try cli.run(["run", "tagline@1", "--var", "shop=d"])
        #expect(run.exitCode == 0, "\(run.stderrText)")
        #expect(try lastBody(server)["prompt"] == "Write a tagline for d.\n")
        _ = try cli.run(["run", "tagline@production", "--var", "shop=e"])
        #expect(try lastBody(server)["prompt"] == "Write a tagline for e.\n")
        _ = try cli.run(["run", "tagline@latest", "--var", "shop=f"])
        #expect(try lastBody(server)["prompt"] == "Write a short tagline for f.\nKeep it brief.\n")
        let render = try cli.run(["render", "tagline@production", "--var", "shop=g", "--json"])
        #expect(try JSONValue.parse(render.stdoutText)["data"]?["prompt"] == "Write a tagline for g.\n")
        let show = try cli.run(["prompts", "show", "tagline@1"])
        #expect(show.exitCode == 0, "\(show.stderrText)")
        #expect(show.stdoutText.contains("version: 1 ("))
        #expect(show.stdoutText.contains("labels: production"))
        #expect(show.stdoutText.contains("  Write a tagline for {{shop}}."))
        // Runs of a version count for it: version 1 now has its two runs plus two more.
        let versions = try JSONValue.parse(try cli.run(["prompts", "versions", "tagline", "--json"]).stdoutText)
        #expect(versions.arrayValue?.map { $0["runs"] } == [4, 2])
    }

    @Test("labels move between versions and come off; bad references and names say why")
    func labelsAndErrors() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try twoVersions(server: server)
        _ = try cli.run(["prompts", "label", "tagline@1", "production"])
        #expect(
            try cli.run(["prompts", "label", "tagline@2", "production"]).stdoutText
                == "tagline@2 is now production (moved from version 1)\n")
        _ = try cli.run(["prompts", "label", "tagline@1", "staging"])
        let listed = try JSONValue.parse(try cli.run(["prompts", "versions", "tagline", "--json"]).stdoutText)
        #expect(listed.arrayValue?.map { $0["labels"] } == [["staging"], ["production"]])
        let noVersion = try cli.run(["run", "tagline@9", "--var", "shop=x"])
        #expect(noVersion.exitCode == 2)
        #expect(noVersion.stderrText == "error: tagline@9: no such version (tagline has versions 1–2)\n")
        let noLabel = try cli.run(["render", "tagline@prod", "--var", "shop=x"])
        #expect(noLabel.exitCode == 2)
        #expect(noLabel.stderrText == "error: tagline@prod: no label \"prod\" (labels: production, staging)\n")
        let unknown = try cli.run(["run", "taglin", "--var", "shop=x"])
        #expect(unknown.exitCode == 2 && unknown.stderrText.contains("no prompt 'taglin'"))
        let badName = try cli.run(["prompts", "label", "tagline@1", "12"])
        #expect(badName.exitCode == 2 && badName.stderrText.contains("cannot be a label"))
        #expect(
            try cli.run(["prompts", "label", "tagline@2", "production", "--remove"]).stdoutText
                == "removed production from tagline@2\n")
        let gone = try cli.run(["prompts", "show", "tagline@production"])
        #expect(gone.stderrText == "error: tagline@production: no label \"production\" (labels: staging)\n")
    }

    @Test("diff prints a unified diff between versions, and against the file")
    func diff() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try twoVersions(server: server)
        let expected = """
            --- tagline@1
            +++ tagline@2
            @@ -1,4 +1,5 @@
             name: Tagline
             kind: completion
             prompt: |
            -  Write a tagline for {{shop}}.
            +  Write a short tagline for {{shop}}.
            +  Keep it brief.

            """
        let result = try cli.run(["prompts", "diff", "tagline@1", "tagline@2"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stdoutText == expected)
        let againstFile = try cli.run(["prompts", "diff", "tagline@1"]).stdoutText
        #expect(againstFile == expected.replacingOccurrences(of: "+++ tagline@2", with: "+++ tagline (file)"))
        #expect(try cli.run(["prompts", "diff", "tagline@1", "tagline"]).stdoutText == againstFile)
        #expect(try cli.run(["prompts", "diff", "tagline@2"]).stdoutText == "")
    }

    @Test("compare --variant version=N and --sweep version=… send each version's text; headers name them")
    func compareVersions() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try twoVersions(server: server)
        _ = try cli.run(["prompts", "label", "tagline@2", "production"])
        try server.reset()
        let swept = try cli.run(["compare", "tagline", "--var", "shop=z", "--sweep", "version=1,production", "--json"])
        #expect(swept.exitCode == 0, "\(swept.stderrText)")
        let prompts = try server.requests().compactMap { try JSONValue.parse($0.body)["prompt"]?.stringValue }
        #expect(prompts.sorted() == ["Write a short tagline for z.\nKeep it brief.\n", "Write a tagline for z.\n"])
        let columns = try cli.run(["compare", "tagline", "--var", "shop=z", "--variant", "version=1", "--variant", ""])
        #expect(columns.exitCode == 0, "\(columns.stderrText)")
        #expect(columns.stdoutText.contains("#1 version=1"))
        #expect(columns.stdoutText.contains("#2 version=2"))
        let bad = try cli.run(["compare", "tagline", "--var", "shop=z", "--sweep", "version=1,7"])
        #expect(bad.exitCode == 2)
        #expect(bad.stderrText.contains("tagline@7: no such version (tagline has versions 1–2)"))
    }

    @Test("history show names the run's version and labels; history list --version filters by it")
    func historyVersions() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try twoVersions(server: server)
        _ = try cli.run(["prompts", "label", "tagline@1", "production"])
        let firstVersion = try JSONValue.parse(
            try cli.run(["history", "list", "--version", "tagline@production", "--json"]).stdoutText)
        #expect(firstVersion.arrayValue?.count == 2)
        let latest = try JSONValue.parse(
            try cli.run(["history", "list", "--version", "tagline@latest", "--json"]).stdoutText)
        #expect(latest.arrayValue?.count == 1)
        let id = try #require(firstVersion.arrayValue?.first?["id"]?.stringValue)
        let show = try cli.run(["history", "show", id])
        let hash = String(PromptVersion.contentHash(source: Self.first, partials: [:]).prefix(8))
        #expect(show.stdoutText.contains("version    1 (\(hash)) · labels: production\n"))
        let missing = try cli.run(["history", "list", "--version", "tagline@5"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderrText == "error: tagline@5: no such version (tagline has versions 1–2)\n")
    }

    @Test("a hosted prompt's version still sends the file's Portkey id and label untouched")
    func hostedPromptVersion() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try CLIHarness(
            profiles:
                "  hosted:\n    type: portkey-hosted\n    base_url: \(server.baseURL())\n    portkey_api_key_env: PK\n",
            defaultProfile: "hosted", environment: ["PK": "pk-e2e-secret"])
        try cli.addPrompt("hosted", "name: Hosted\nkind: chat\nportkey_prompt_id: pp-news-wrapped@production\n")
        #expect(try cli.run(["run", "hosted", "--var", "topic=rain"]).exitCode == 0)
        try cli.addPrompt("hosted", "name: Hosted\nkind: chat\nportkey_prompt_id: pp-news-wrapped@staging\n")
        let result = try cli.run(["run", "hosted@1", "--var", "topic=rain"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let request = try #require(try server.requests().last { $0.path.contains("/prompts/") })
        #expect(request.path.hasSuffix("/v1/prompts/pp-news-wrapped@production/completions"))
    }

    @Test("a history file from before versions gets them on first use, from its runs")
    func backfilledByTheBinary() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let cli = try twoVersions(server: server)
        try downgradeToV5(cli.historyPath)
        let result = try cli.run(["prompts", "versions", "tagline", "--json"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(try JSONValue.parse(result.stdoutText).arrayValue?.map { $0["runs"] } == [2, 1])
    }
}

/// Drops what migration v6 added, leaving a file as PromptDeck before versions wrote it.
func downgradeToV5(_ path: String) throws {
    let sql = """
        DROP TABLE prompt_label; DROP TABLE prompt_version; DROP INDEX run_version;
        ALTER TABLE run DROP COLUMN version_seq; ALTER TABLE run DROP COLUMN version_number;
        DELETE FROM grdb_migrations WHERE identifier = 'v6-prompt-versions';
        """
    let result = try ProcessRunner.run(
        "/usr/bin/env",
        arguments: [
            "python3", "-c",
            """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()
            """, path, sql,
        ])
    #expect(result.exitCode == 0, "\(result.stderrText)")
}
