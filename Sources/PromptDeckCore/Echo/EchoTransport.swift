import Foundation

/// The built-in offline provider: answers `/completions` and `/chat/completions` by echoing the rendered
/// prompt (or the last user message) word by word, as real SSE bytes, so echo runs take the same
/// parsing, history and display path as network runs. Honours `max_tokens`, `stop`, `n` and `stream`.
public final class EchoTransport: Transport {
    /// Pause between words while streaming.
    public let wordDelay: Duration

    public init(wordDelayMs: Int = 20) {
        self.wordDelay = .milliseconds(max(0, wordDelayMs))
    }

    public func start(_ request: HTTPRequestSpec, options: TransferOptions, delegate: TransferDelegate)
        -> TransferHandle
    {
        let transfer = EchoTransfer(request: request, wordDelay: wordDelay, delegate: delegate)
        let thread = Thread { transfer.run() }
        thread.name = "promptdeck.echo"
        thread.start()
        return transfer
    }
}

/// One echo answer in flight on its own thread; `cancel()` wakes it at once.
final class EchoTransfer: TransferHandle, @unchecked Sendable {
    private let request: HTTPRequestSpec
    private let wordDelay: Duration
    private let delegate: TransferDelegate
    private let condition = NSCondition()
    private var cancelled = false

    init(request: HTTPRequestSpec, wordDelay: Duration, delegate: TransferDelegate) {
        self.request = request
        self.wordDelay = wordDelay
        self.delegate = delegate
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps for `duration` unless cancelled first; returns false when cancelled.
    private func pause(_ duration: Duration) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !cancelled {
            if !condition.wait(until: deadline) { break }
        }
        return !cancelled
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    func run() {
        let body: JSONValue
        do {
            body = try JSONValue.parse(request.body ?? Data())
        } catch {
            respond(
                status: 400, contentType: "application/json",
                EchoAnswer.errorBody("echo: request body is not JSON (\(error))"))
            return
        }
        let answer = EchoAnswer(request: body, isChat: request.url.hasSuffix("/chat/completions"))
        guard answer.stream else {
            respond(status: 200, contentType: "application/json", answer.wholeBody())
            return
        }
        delegate.transferDidReceiveResponse(status: 200, headers: Self.headers(contentType: "text/event-stream"))
        for (step, chunk) in answer.chunks().enumerated() {
            if step > 0, !wordDelay.isZero {
                guard pause(wordDelay) else { return delegate.transferDidComplete(.cancelled) }
            } else if isCancelled {
                return delegate.transferDidComplete(.cancelled)
            }
            send(chunk)
        }
        delegate.transferDidComplete(.completed)
    }

    private func send(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { delegate.transferDidReceive(UnsafeRawBufferPointer($0)) }
    }

    private func respond(status: Int, contentType: String, _ body: String) {
        delegate.transferDidReceiveResponse(status: status, headers: Self.headers(contentType: contentType))
        send(body)
        delegate.transferDidComplete(.completed)
    }

    static func headers(contentType: String) -> [HTTPHeader] {
        [HTTPHeader("content-type", contentType), HTTPHeader("x-promptdeck-provider", "echo")]
    }
}

extension Duration {
    fileprivate var isZero: Bool { self == .zero }
}
