import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Issue 14 item 3 through the binary: `retries:` on a profile; the wait is announced on stderr, and
/// `history show` and `--json` list every attempt.
@Suite("CLI: retries")
struct CLIRetryTests {
    @Test func aBusyServerIsAskedAgainAndHistoryShowsTheAttempts() throws {
        let server = try TestServer.shared()
        let shop = "cli-retry-\(UUID().uuidString)"
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("busy", server: server, scenario: "busy-429-1", extra: "    retries: 2\n"),
            defaultProfile: "busy")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=\(shop)", "--stream", "--json"])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stderrText.contains("retry 1/2 in 0 s: HTTP 429 Too Many Requests: Rate limit reached"))
        let report = try JSONValue.parse(result.stdoutText)
        let attempts = report.objectValue?["promptdeck"]?.objectValue?["attempts"]?.arrayValue ?? []
        #expect(attempts.count == 1)
        #expect(attempts.first?.objectValue?["http_status"] == .int(429))
        let id = try #require(try cli.store().list(filter: HistoryFilter(), limit: 1).first?.id)
        let show = try cli.run(["history", "show", id])
        #expect(show.exitCode == 0)
        #expect(show.stdoutText.contains("attempt 1  HTTP 429 Too Many Requests: Rate limit reached"))
        #expect(show.stdoutText.contains("retried after 0 s"))
        #expect(show.stdoutText.contains("attempt 2  answered"))
    }

    @Test func retriesZeroFailsAtOnce() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(
            profiles: CLIHarness.profile("busy", server: server, scenario: "busy-503-1", extra: "    retries: 0\n"),
            defaultProfile: "busy")
        let result = try cli.run(["run", "examples/tagline", "--var", "shop=\(UUID().uuidString)"])
        #expect(result.exitCode == 1)
        #expect(!result.stderrText.contains("retry "))
        #expect(result.stderrText.contains("HTTP 503 Service Unavailable"))
    }
}
