import Foundation
import PromptDeckCore
import PromptDeckTestSupport

/// One transport for the transport tests: several transfers share its thread, as in the app.
let sharedTransport = CurlTransport()

/// A chat completion request against a test server scenario.
func chatRequest(
    _ server: TestServer, scenario: String = "ok", stream: Bool, content: String = "one two three",
    headers: [HTTPHeader] = [HTTPHeader("Content-Type", "application/json")]
) -> HTTPRequestSpec {
    let body = """
        {"model":"test-model","messages":[{"role":"user","content":"\(content)"}],"stream":\(stream)}
        """
    return HTTPRequestSpec(
        url: server.baseURL(scenario: scenario) + "/chat/completions", headers: headers, body: Data(body.utf8))
}

/// Starts `request` and waits for it to complete.
@discardableResult
func perform(
    _ request: HTTPRequestSpec, options: TransferOptions = TransferOptions(totalTimeout: 30),
    transport: CurlTransport = sharedTransport, timeout: Double = 30
) -> CollectingDelegate {
    let delegate = CollectingDelegate()
    _ = transport.start(request, options: options, delegate: delegate)
    delegate.waitForCompletion(timeout: timeout)
    return delegate
}

/// Parses a JSON object body.
func jsonObject(_ data: Data) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
}

/// The `data:` payloads of an SSE body framed with LF.
func sseDataLines(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line in
        line.hasPrefix("data: ") ? String(line.dropFirst(6)) : nil
    }
}

extension Duration {
    /// The duration in milliseconds, for printing and comparing.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
