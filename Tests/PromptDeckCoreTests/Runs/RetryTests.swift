import Foundation
import PromptDeckTestSupport
import Synchronization
import Testing

@testable import PromptDeckCore

/// Issue 14 item 3: a profile's `retries:` sends a request again when the server turned it away (429, 503)
/// or the connection failed, before any byte of the answer; never after a stream has started.
@Suite("Retries")
struct RetryTests {
    // MARK: The policy

    @Test func retryAfterIsHonouredUpToTheCap() {
        let policy = RetryPolicy(retries: 2, maximumDelay: 30)
        #expect(policy.delay(beforeRetry: 1, retryAfter: "7", jitter: 0) == 7)
        #expect(policy.delay(beforeRetry: 1, retryAfter: "0", jitter: 1) == 0)
        #expect(policy.delay(beforeRetry: 1, retryAfter: "120", jitter: 0) == 30)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let inTen = "Tue, 14 Nov 2023 22:13:30 GMT"  // 1_700_000_010
        #expect(policy.delay(beforeRetry: 1, retryAfter: inTen, jitter: 0, now: now) == 10)
        // A date in the past means "now"; a value that is neither falls back to backoff.
        #expect(policy.delay(beforeRetry: 1, retryAfter: "Mon, 13 Nov 2023 00:00:00 GMT", jitter: 0, now: now) == 0)
        #expect(policy.delay(beforeRetry: 1, retryAfter: "soon", jitter: 1) == 1)
    }

    @Test func backoffDoublesWithJitterAndStopsAtTheCap() {
        let policy = RetryPolicy(retries: 5, maximumDelay: 5, baseDelay: 1)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, jitter: 1) == 1)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, jitter: 0) == 0.5)
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, jitter: 1) == 2)
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, jitter: 0.5) == 3)
        #expect(policy.delay(beforeRetry: 4, retryAfter: nil, jitter: 1) == 5)
    }

    @Test func onlyNotNowAndRefusedConnectionsAreRetried() {
        #expect(RetryPolicy.isRetryable(status: 429) && RetryPolicy.isRetryable(status: 503))
        for status in [400, 401, 404, 500, 502] { #expect(!RetryPolicy.isRetryable(status: status)) }
        #expect(RetryPolicy.isRetryable(TransportError.couldNotConnect("refused")))
        #expect(RetryPolicy.isRetryable(TransportError.other(code: 56, message: "reset")))
        #expect(!RetryPolicy.isRetryable(TransportError.couldNotResolveHost("nowhere")))
        #expect(!RetryPolicy.isRetryable(TransportError.tls("bad cert")))
    }

    @Test func labelsCountDown() {
        let attempt = RunAttempt(number: 1, httpStatus: 503, message: "HTTP 503", delayMs: 3000)
        #expect(attempt.retryLabel(retries: 2) == "retry 1/2 in 3 s")
        #expect(attempt.retryLabel(retries: 2, remainingMs: 450) == "retry 1/2 in 0.5 s")
        #expect(RunAttempt.seconds(12_400) == "12 s")
    }

    @Test func profilesSayHowOftenAndHowLong() throws {
        let folder = CompareTemporaryFolder()
        let path = folder.path + "/config.yaml"
        try """
        profiles:
          quiet: {type: openai, base_url: "http://127.0.0.1:1/v1", retries: 0}
          patient: {type: openai, base_url: "http://127.0.0.1:1/v1", retries: 3, retry_max_wait: 2.5}
          plain: {type: openai, base_url: "http://127.0.0.1:1/v1"}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let parsed = try ConfigFileParser.parse(path: path)
        let byName = Dictionary(uniqueKeysWithValues: parsed.profiles.map { ($0.name, $0) })
        #expect(byName["quiet"]?.retry.retries == 0)
        #expect(byName["patient"]?.retry == RetryPolicy(retries: 3, maximumDelay: 2.5))
        #expect(byName["plain"]?.retry == .standard)
        try "profiles:\n  bad: {type: openai, base_url: \"http://x/v1\", retries: -1, retry_max_wait: forever}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try ConfigFileParser.parse(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("profiles.bad.retries") && text.contains("profiles.bad.retry_max_wait")
        }
    }

    // MARK: Runs against the test server

    /// Runs the tagline prompt against `scenario` with `policy`, recorded in a real history file.
    static func run(
        _ server: TestServer, scenario: String, policy: RetryPolicy, shop: String, stream: Bool = true,
        baseURL: String? = nil, observer: RetryWatcher? = nil, whileWaiting: ((RunSession) -> Void)? = nil
    ) throws -> (RunRecord, HistoryStore) {
        let folder = CompareTemporaryFolder()
        let store = try HistoryStore.open(path: folder.path + "/history.sqlite")
        var profile = Profile(
            name: "local", type: .openai, baseURL: baseURL ?? server.baseURL(scenario: scenario), model: "test-model")
        profile.retry = policy
        let configuration = Configuration(profiles: [profile], defaultProfileName: "local", file: nil, warnings: [])
        let planner = RunPlanner(library: PromptLibrary(directory: nil), configuration: configuration, environment: [:])
        let prepared = try planner.prepare(
            RunInputs(
                promptID: "examples/tagline", variables: ["shop": .string(shop)], overrides: ["max_tokens": 3],
                stream: stream))
        let watcher = observer ?? RetryWatcher()
        let session = RunSession(
            record: prepared.record, request: prepared.request.spec,
            transport: TransportRegistry(environment: [:]).transport(for: prepared.profile),
            options: TransferOptions(connectTimeout: 5, totalTimeout: 30), retry: prepared.profile.retry,
            recorder: store, observer: watcher)
        watcher.onRetry = { whileWaiting?(session) }
        session.start()
        let record = session.waitUntilFinished()
        return (try store.run(prefix: record.id), store)
    }

    static func requests(_ server: TestServer, containing shop: String) throws -> Int {
        try server.requests().count { $0.body.contains(shop) }
    }

    @Test func a503IsRetriedAfterBackoffAndTheAttemptIsKept() throws {
        let server = try TestServer.shared()
        let shop = "retry-503-\(UUID().uuidString)"
        let watcher = RetryWatcher()
        let (record, _) = try Self.run(
            server, scenario: "busy-503-1", policy: RetryPolicy(retries: 1, baseDelay: 0.2), shop: shop,
            observer: watcher)
        #expect(record.status == .ok)
        #expect(record.outputs[0]?.isEmpty == false)
        #expect(record.httpStatus == 200)
        #expect(record.attempts.count == 1)
        let attempt = try #require(record.attempts.first)
        #expect(attempt.number == 1 && attempt.httpStatus == 503)
        #expect(attempt.message.hasPrefix("HTTP 503 Service Unavailable: All providers are unavailable"))
        #expect((100...200).contains(attempt.delayMs), "backoff 0.2 s with jitter: \(attempt.delayMs) ms")
        #expect(watcher.seen.withLock { $0 } == [attempt])
        #expect(try Self.requests(server, containing: shop) == 2)
    }

    @Test func retryAfterZeroRetriesAtOnceUntilTheRetriesRunOut() throws {
        let server = try TestServer.shared()
        let shop = "retry-429-\(UUID().uuidString)"
        let (answered, _) = try Self.run(
            server, scenario: "busy-429-2", policy: RetryPolicy(retries: 2), shop: shop)
        #expect(answered.status == .ok)
        #expect(answered.attempts.map(\.number) == [1, 2])
        #expect(answered.attempts.map(\.delayMs) == [0, 0], "retry-after: 0 is honoured, not backoff")
        let other = "retry-429-short-\(UUID().uuidString)"
        let (failed, _) = try Self.run(server, scenario: "busy-429-2", policy: RetryPolicy(retries: 1), shop: other)
        #expect(failed.status == .error)
        #expect(failed.httpStatus == 429)
        #expect(failed.errorMessage?.hasPrefix("HTTP 429 Too Many Requests: Rate limit reached") == true)
        #expect(failed.attempts.count == 1)
        #expect(try Self.requests(server, containing: other) == 2)
    }

    @Test func aRefusedConnectionIsRetriedThenFails() throws {
        let server = try TestServer.shared()
        let (record, _) = try Self.run(
            server, scenario: "ok", policy: RetryPolicy(retries: 2, baseDelay: 0.05), shop: "refused",
            baseURL: "http://127.0.0.1:1/v1")
        #expect(record.status == .error)
        #expect(record.errorMessage?.hasPrefix("could not connect") == true)
        #expect(record.attempts.map(\.number) == [1, 2])
        #expect(record.attempts.allSatisfy { $0.httpStatus == nil && $0.message.hasPrefix("could not connect") })
    }

    @Test func aStreamThatStartedIsNeverSentAgain() throws {
        let server = try TestServer.shared()
        let shop = "retry-cut-\(UUID().uuidString)"
        let (record, _) = try Self.run(server, scenario: "cut", policy: RetryPolicy(retries: 3), shop: shop)
        #expect(record.status == .error)
        #expect(record.outputs[0]?.isEmpty == false, "the partial output is kept")
        #expect(record.attempts.isEmpty)
        #expect(try Self.requests(server, containing: shop) == 1)
    }

    @Test func otherErrorsAreNotRetried() throws {
        let server = try TestServer.shared()
        let shop = "retry-500-\(UUID().uuidString)"
        let (record, _) = try Self.run(server, scenario: "500", policy: RetryPolicy(retries: 3), shop: shop)
        #expect(record.httpStatus == 500)
        #expect(record.attempts.isEmpty)
        #expect(try Self.requests(server, containing: shop) == 1)
    }

    @Test func cancellingDuringTheWaitEndsTheRunAtOnce() throws {
        let server = try TestServer.shared()
        let shop = "retry-cancel-\(UUID().uuidString)"
        let started = ContinuousClock.now
        let (record, store) = try Self.run(
            server, scenario: "busy-503-5", policy: RetryPolicy(retries: 3, maximumDelay: 60, baseDelay: 40),
            shop: shop, whileWaiting: { $0.cancel() })
        #expect(ContinuousClock.now - started < .seconds(10), "the 20–40 s wait was not sat out")
        #expect(record.status == .cancelled)
        #expect(record.attempts.count == 1)
        #expect(try Self.requests(server, containing: shop) == 1)
        // History has the run as cancelled, with its attempt.
        #expect(try store.run(prefix: record.id).attempts.first?.httpStatus == 503)
    }
}

/// Collects the attempts a run reports as it retries.
final class RetryWatcher: RunObserver, @unchecked Sendable {
    let seen = Mutex<[RunAttempt]>([])
    var onRetry: (() -> Void)?

    func run(_ run: RunSession, didReceive batch: StreamBatch) {}
    func runDidFinish(_ run: RunSession, record: RunRecord) {}
    func runWillRetry(_ run: RunSession, attempt: RunAttempt, retries: Int) {
        seen.withLock { $0.append(attempt) }
        onRetry?()
    }
}
