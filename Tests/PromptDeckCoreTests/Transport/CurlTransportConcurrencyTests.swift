import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("Transport: concurrent transfers on one thread")
struct CurlTransportConcurrencyTests {
    @Test func fourSlowStreamsTakeAboutAsLongAsOne() throws {
        let server = try TestServer.shared()
        let transport = CurlTransport()
        let request = chatRequest(server, scenario: "slow-100", stream: true, content: "a b c d e")

        let singleStart = ContinuousClock.now
        let single = perform(request, transport: transport)
        let singleTime = (ContinuousClock.now - singleStart).milliseconds
        #expect(single.outcome == .completed)

        let fourStart = ContinuousClock.now
        let delegates = (0..<4).map { _ in CollectingDelegate() }
        for delegate in delegates {
            _ = transport.start(request, options: TransferOptions(totalTimeout: 30), delegate: delegate)
        }
        for delegate in delegates {
            #expect(delegate.waitForCompletion(timeout: 30) == .completed)
        }
        let fourTime = (ContinuousClock.now - fourStart).milliseconds
        print("slow-100 stream: one alone \(Int(singleTime)) ms, four at once \(Int(fourTime)) ms")
        #expect(fourTime < 2 * singleTime)
        for delegate in delegates {
            #expect(delegate.body == single.body.replacingIDs(with: delegate.body))
            #expect(sseDataLines(delegate.bodyText).last == "[DONE]")
        }
    }

    @Test func manyTransfersEachCompleteExactlyOnce() throws {
        let server = try TestServer.shared()
        let delegates = (0..<20).map { _ in CollectingDelegate() }
        for (index, delegate) in delegates.enumerated() {
            let scenario = index % 3 == 0 ? "500" : "ok"
            _ = sharedTransport.start(
                chatRequest(server, scenario: scenario, stream: index % 2 == 0), options: TransferOptions(),
                delegate: delegate)
        }
        for delegate in delegates {
            #expect(delegate.waitForCompletion(timeout: 30) == .completed)
            #expect(delegate.responseCount == 1)
            #expect(delegate.completionCount == 1)
            #expect(delegate.events.first == .response)
            #expect(delegate.events.last == .complete)
        }
    }

    @Test func transportThreadRestartsAfterIdling() throws {
        let server = try TestServer.shared()
        let transport = CurlTransport(idleLinger: 0.05)
        #expect(perform(chatRequest(server, stream: false), transport: transport).outcome == .completed)
        // Wait on something real (not a sleep): a 300 ms stream on another transport outlasts the linger.
        #expect(perform(chatRequest(server, scenario: "slow-100", stream: true, content: "a b")).outcome == .completed)
        #expect(perform(chatRequest(server, stream: false), transport: transport).outcome == .completed)
    }
}

extension Data {
    /// `other` when the two differ only in the server's per-response id (`...-pdtest-N`), else self.
    fileprivate func replacingIDs(with other: Data) -> Data {
        let pattern = #"pdtest-[0-9]+"#
        let mine = String(decoding: self, as: UTF8.self).replacingOccurrences(
            of: pattern, with: "ID", options: .regularExpression)
        let theirs = String(decoding: other, as: UTF8.self).replacingOccurrences(
            of: pattern, with: "ID", options: .regularExpression)
        return mine == theirs ? other : self
    }
}
