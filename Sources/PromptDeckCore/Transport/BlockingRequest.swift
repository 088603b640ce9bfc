import Dispatch
import Foundation
import Synchronization

/// A whole response, for small non-streamed calls (Portkey's `/render`).
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    public var outcome: TransferOutcome
}

/// Sends one request and blocks until the whole response is in. Not for streams.
public enum BlockingRequest {
    public static func perform(_ request: HTTPRequestSpec, transport: Transport, options: TransferOptions)
        -> HTTPResponse
    {
        let collector = Collector()
        _ = transport.start(request, options: options, delegate: collector)
        collector.done.wait()
        return collector.state.withLock { $0 }
    }

    private final class Collector: TransferDelegate, @unchecked Sendable {
        let state = Mutex(HTTPResponse(status: 0, headers: [], body: [], outcome: .completed))
        let done = DispatchSemaphore(value: 0)

        func transferDidReceiveResponse(status: Int, headers: [HTTPHeader]) {
            state.withLock {
                $0.status = status
                $0.headers = headers
            }
        }

        func transferDidReceive(_ bytes: UnsafeRawBufferPointer) {
            state.withLock { $0.body.append(contentsOf: bytes) }
        }

        func transferDidComplete(_ outcome: TransferOutcome) {
            state.withLock { $0.outcome = outcome }
            done.signal()
        }
    }
}
