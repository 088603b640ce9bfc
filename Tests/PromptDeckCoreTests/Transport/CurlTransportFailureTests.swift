import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("Transport: failures, timeouts and cancellation")
struct CurlTransportFailureTests {
    @Test func closedPortCannotConnect() {
        // Port 1 (tcpmux) has no listener on these machines: the kernel refuses at once.
        let result = perform(HTTPRequestSpec(url: "http://127.0.0.1:1/v1/chat/completions", body: Data("{}".utf8)))
        guard case .failed(.couldNotConnect(let message)) = result.outcome else {
            Issue.record("expected couldNotConnect, got \(String(describing: result.outcome))")
            return
        }
        #expect(!message.isEmpty)
        #expect(result.responseCount == 0)
        #expect(result.completionCount == 1)
    }

    @Test func unresolvableHostIsReported() {
        let result = perform(HTTPRequestSpec(method: "GET", url: "http://nonexistent.invalid/v1/models"))
        guard case .failed(.couldNotResolveHost) = result.outcome else {
            Issue.record("expected couldNotResolveHost, got \(String(describing: result.outcome))")
            return
        }
    }

    @Test(arguments: ["not a url", "ftp://example.com/file", "http://", ""])
    func invalidURLFailsWithoutTouchingTheNetwork(url: String) {
        let result = perform(HTTPRequestSpec(url: url, body: Data("{}".utf8)), timeout: 5)
        guard case .failed(.invalidURL) = result.outcome else {
            Issue.record("expected invalidURL for \(url), got \(String(describing: result.outcome))")
            return
        }
        #expect(result.events == [.complete])
    }

    @Test func stalledStreamTimesOut() throws {
        let server = try TestServer.shared()
        let start = ContinuousClock.now
        let result = perform(
            chatRequest(server, scenario: "stall", stream: true), options: TransferOptions(totalTimeout: 1))
        let elapsed = (ContinuousClock.now - start).milliseconds
        print("stall with totalTimeout 1 s ended after \(Int(elapsed)) ms")
        guard case .failed(.timedOut) = result.outcome else {
            Issue.record("expected timedOut, got \(String(describing: result.outcome))")
            return
        }
        #expect(result.status == 200, "the headers came before the stall")
        #expect(elapsed >= 900 && elapsed < 5000)
    }

    @Test func cancellingAStalledTransferEndsItPromptly() throws {
        let server = try TestServer.shared()
        let delegate = CollectingDelegate()
        let handle = sharedTransport.start(
            chatRequest(server, scenario: "stall", stream: true), options: TransferOptions(), delegate: delegate)
        #expect(delegate.waitForResponse() == 200)
        let start = ContinuousClock.now
        handle.cancel()
        let outcome = delegate.waitForCompletion(timeout: 5)
        let latency = (try #require(delegate.completionInstant) - start).milliseconds
        print("cancellation latency on an idle connection: \(String(format: "%.2f", latency)) ms")
        #expect(outcome == .cancelled)
        #expect(latency < 500, "the promise is ~100 ms; the margin is for loaded CI machines")
        #expect(delegate.events == [.response, .complete])

        handle.cancel()
        handle.cancel()
        #expect(delegate.completionCount == 1)
    }

    @Test func cancellingBeforeAnythingArrivesAndAfterCompletionIsHarmless() throws {
        let server = try TestServer.shared()
        let early = CollectingDelegate()
        let handle = sharedTransport.start(
            chatRequest(server, scenario: "slow", stream: true), options: TransferOptions(), delegate: early)
        handle.cancel()
        #expect(early.waitForCompletion(timeout: 5) == .cancelled)

        let done = CollectingDelegate()
        let finished = sharedTransport.start(
            chatRequest(server, stream: false), options: TransferOptions(), delegate: done)
        #expect(done.waitForCompletion() == .completed)
        finished.cancel()
        finished.cancel()
        #expect(done.completionCount == 1)
        #expect(done.outcome == .completed)
    }

    @Test func cutStreamsEndCleanlyOrWithAnError() throws {
        let server = try TestServer.shared()
        let closed = perform(chatRequest(server, scenario: "cut", stream: true, content: "a b c d e f"))
        #expect(closed.outcome == .completed, "Connection: close framing: EOF is the end of the body")
        #expect(!closed.bodyText.contains("[DONE]"))
        #expect(sseDataLines(closed.bodyText).count == 3)

        let chunked = perform(chatRequest(server, scenario: "cut-chunked", stream: true, content: "a b c d e f"))
        guard case .failed(.other(let code, _)) = chunked.outcome else {
            Issue.record("expected a partial-file failure, got \(String(describing: chunked.outcome))")
            return
        }
        #expect(code == 18)  // CURLE_PARTIAL_FILE
        #expect(sseDataLines(chunked.bodyText).count == 3, "bytes before the cut were still delivered")
    }
}
