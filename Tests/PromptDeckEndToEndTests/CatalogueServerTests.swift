import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// The bad-input catalogue, server and history side: what the user sees when the server or the
/// history file misbehaves, and what history keeps of the run.
@Suite("Catalogue: servers and history", .serialized)
struct CatalogueServerTests {
    private func latestRun(_ cli: CLIHarness) throws -> RunRecord {
        let store = try cli.store()
        return try store.run(prefix: try #require(try store.list(filter: HistoryFilter(), limit: 1).first?.id))
    }

    @Test("a server with a self-signed certificate fails TLS verification with a clear reason, exit 1, recorded")
    func selfSignedCertificate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pd-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = try ProcessRunner.run(
            "openssl",
            arguments: [
                "req", "-x509", "-newkey", "rsa:2048", "-keyout", key, "-out", certificate, "-days", "1", "-nodes",
                "-subj", "/CN=localhost",
            ])
        try #require(openssl.exitCode == 0, "openssl is needed (scripts/deps installs it): \(openssl.stderrText)")
        let server = try TestServer.start(arguments: ["--tls", certificate, key])
        defer { server.stop() }
        let cli = try CLIHarness(
            profiles: "  tls:\n    type: openai\n    base_url: https://localhost:\(server.port)/ok/v1\n    model: m\n",
            defaultProfile: "tls")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=x", "--stream"])
        #expect(result.exitCode == 1)
        #expect(
            result.stderrText.contains("error: TLS error: SSL certificate problem: self-signed certificate"),
            "\(result.stderrText)")
        #expect(result.stdoutText.isEmpty)
        let run = try latestRun(cli)
        #expect(run.status == .error)
        #expect(run.errorMessage?.contains("self-signed certificate") == true)
    }

    @Test("429 shows the retry-after and the run is kept as an error with its HTTP status")
    func rateLimited() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("s", server: server, scenario: "429", extra: "    retries: 0\n"),
            defaultProfile: "s")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=x", "--stream"])
        #expect(result.exitCode == 1)
        #expect(
            result.stderrText.hasPrefix("error: HTTP 429 Too Many Requests: ")
                && result.stderrText.contains("(retry after 7 s)"), "\(result.stderrText)")
        let run = try latestRun(cli)
        #expect(run.status == .error)
        #expect(run.httpStatus == 429)
    }

    @Test("a 10 MiB SSE line streams through whole: exit 0, all of it printed and recorded")
    func hugeLine() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("s", server: server, scenario: "hugeline"), defaultProfile: "s")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=x", "--stream"], timeout: 120)
        #expect(result.exitCode == 0, "\(result.stderrText)")
        let expected = String(repeating: "abcdefghij", count: 1_048_576)
        #expect(result.stdoutText.contains(expected))
        let run = try latestRun(cli)
        #expect(run.status == .ok)
        #expect(run.outputs[0]?.contains(expected) == true)
    }

    @Test(
        "a history file that cannot be written warns, still streams, and records nothing",
        .enabled(if: geteuid() != 0, "root writes read-only files; CLIErrorTests.unwritableHistory covers root"))
    func readOnlyHistoryFile() throws {
        let cli = try CLIHarness()
        _ = try cli.run(["run", "examples/tagline", "--var", "shop=first"])
        chmod(cli.historyPath, 0o400)
        defer { chmod(cli.historyPath, 0o600) }
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=x"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "Write a tagline for x.\n")
        #expect(result.stderrText.contains("warning:") && result.stderrText.contains("was not recorded in history"))
    }

    @Test("a history locked by another process: the run streams, then warns after the busy timeout; not recorded")
    func lockedHistory() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(profiles: CLIHarness.profile("s", server: server), defaultProfile: "s")
        _ = try cli.run(["run", "examples/tagline", "--var", "shop=first"])
        let holder = try SpawnedProcess.spawn(
            "python3",
            arguments: [
                "-c",
                """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1], isolation_level=None)
                c.execute('BEGIN EXCLUSIVE')
                print('LOCKED', flush=True)
                sys.stdin.read()
                c.execute('COMMIT')
                """,
                cli.historyPath,
            ], captureStdin: true, captureStdout: true)
        defer {
            holder.closeDescriptor(0)
            holder.waitForExit()
        }
        let announced = readUntil(try #require(holder.stdoutDescriptor), contains: "LOCKED")
        try #require(announced.contains("LOCKED"), "the lock holder did not start")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=locked", "--stream"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "locked. for tagline a Write\n")
        #expect(
            result.stderrText.contains(
                "warning: the history database \(cli.historyPath) is locked by another process (still busy after 5 s);"
                    + " run "), "\(result.stderrText)")
        #expect(result.stderrText.contains("was not recorded in history"), "\(result.stderrText)")
        holder.closeDescriptor(0)
        holder.waitForExit()
        let runs = try cli.store().list(filter: HistoryFilter(), limit: 10)
        #expect(runs.count == 1, "only the first run is in history: the locked one was not recorded")
    }

    @Test("a stream cut before [DONE] says so once and keeps the partial output")
    func cutStreamMessageIsNotRepeated() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("s", server: server, scenario: "cut"), defaultProfile: "s")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=alpha beta gamma delta", "--stream"])
        #expect(result.exitCode == 1)
        #expect(
            result.stderrText
                == "error: the stream ended before [DONE]: the output is cut off (partial output kept)\n",
            "\(result.stderrText)")
    }
}
