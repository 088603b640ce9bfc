import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

@Suite("Transport: requests and responses over libcurl")
struct CurlTransportTests {
    @Test func nonStreamingJSONArrivesWhole() throws {
        let server = try TestServer.shared()
        let result = perform(chatRequest(server, stream: false))
        #expect(result.outcome == .completed)
        #expect(result.status == 200)
        #expect(result.headers.value(for: "content-type") == "application/json")
        #expect(result.events == [.response, .body, .complete])
        let object = try #require(jsonObject(result.body))
        let choices = try #require(object["choices"] as? [[String: Any]])
        let message = try #require(choices.first?["message"] as? [String: Any])
        #expect(message["content"] as? String == "three two one")
        #expect(choices.first?["finish_reason"] as? String == "stop")
    }

    @Test func streamArrivesIncrementally() throws {
        let server = try TestServer.shared()
        let request = chatRequest(server, scenario: "slow-150", stream: true, content: "a b c d")
        let result = perform(request)
        #expect(result.outcome == .completed)
        #expect(result.headers.value(for: "content-type") == "text/event-stream")
        let first = try #require(result.firstByteInstant)
        let end = try #require(result.completionInstant)
        let gap = (end - first).milliseconds
        print("slow-150 stream: first byte \(Int(gap)) ms before completion, \(result.chunkCount) chunks")
        #expect(gap > 500, "7 events 150 ms apart: the first must arrive long before the last")
        #expect(result.chunkCount >= 4)
        let lines = sseDataLines(result.bodyText)
        #expect(lines.last == "[DONE]")
        #expect(lines.count == 7)  // role, four words, finish with usage, [DONE]
    }

    @Test func responseHeadersAreCaptured() throws {
        let server = try TestServer.shared()
        let portkey = perform(chatRequest(server, scenario: "portkey", stream: true))
        #expect(portkey.headers.value(for: "x-portkey-trace-id") == "pd-trace-0001")
        #expect(portkey.headers.value(for: "X-Portkey-Cache-Status") == "MISS")
        #expect(portkey.headers.value(for: "x-portkey-retry-attempt-count") == "0")
        #expect(portkey.headers.contains(HTTPHeader("x-portkey-cache-status", "MISS")), "names as sent")
        #expect(!portkey.headers.contains { $0.name.hasPrefix("HTTP/") || $0.value.hasSuffix("\r\n") })

        let limited = perform(chatRequest(server, scenario: "429", stream: false))
        #expect(limited.headers.value(for: "retry-after") == "7")
        #expect(limited.headers.value(for: "content-type") == "application/json")
    }

    @Test func requestHeadersAndBodyReachTheServerExactly() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let headers = [
            HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("Authorization", "Bearer sk-test-123"),
            HTTPHeader("x-portkey-provider", "openai"),
            HTTPHeader("x-portkey-metadata", #"{"_user":"ada","note":"a, b; c"}"#),
            HTTPHeader("X-Mixed-Case", "  value with spaces"),
        ]
        var request = chatRequest(server, stream: false, headers: headers)
        request.body = Data(#"{"model":"m","messages":[{"role":"user","content":"héllo ✓"}],"stream":false}"#.utf8)
        #expect(perform(request).outcome == .completed)

        let recorded = try #require(try server.requests().first)
        #expect(recorded.method == "POST")
        #expect(recorded.path == "/ok/v1/chat/completions")
        #expect(recorded.body == String(decoding: try #require(request.body), as: UTF8.self))
        let sent = recorded.headers.filter { header in
            headers.contains { $0.name.caseInsensitiveCompare(header.name) == .orderedSame }
        }
        #expect(sent.map(\.name) == headers.map(\.name))
        #expect(sent.map(\.value) == headers.map { $0.value.trimmingCharacters(in: .whitespaces) })
        #expect(recorded.headers.value(for: "expect") == nil, "no 100-continue")
        #expect(recorded.headers.value(for: "accept-encoding") == nil, "identity only: streams are not buffered")
        #expect(recorded.headers.value(for: "content-length") == String(try #require(request.body).count))

        try server.reset()
        #expect(try server.requests().isEmpty)
    }

    @Test func bodyWithoutContentTypeGetsNoFormEncoding() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        #expect(perform(chatRequest(server, stream: false, headers: [])).outcome == .completed)
        let recorded = try #require(try server.requests().first)
        #expect(recorded.headers.value(for: "content-type") == nil)
    }

    @Test(arguments: [401, 429, 500, 503])
    func errorStatusesArriveWithTheirBodies(status: Int) throws {
        let server = try TestServer.shared()
        let result = perform(chatRequest(server, scenario: String(status), stream: true))
        #expect(result.outcome == .completed, "an HTTP error still completes on the wire")
        #expect(result.status == status)
        #expect(result.responseCount == 1)
        let object = try #require(jsonObject(result.body))
        if status == 503 {
            #expect(object["status"] as? String == "failure")
        } else {
            #expect(object["error"] is [String: Any])
        }
    }

    @Test func htmlAndEmptyBodies() throws {
        let server = try TestServer.shared()
        let html = perform(chatRequest(server, scenario: "html", stream: false))
        #expect(html.status == 502)
        #expect(html.headers.value(for: "content-type") == "text/html")
        #expect(html.bodyText.contains("<h1>502 Bad Gateway</h1>"))

        let empty = perform(chatRequest(server, scenario: "empty", stream: false))
        #expect(empty.status == 200)
        #expect(empty.body.isEmpty)
        #expect(empty.events == [.response, .complete])
        #expect(empty.outcome == .completed)
    }

    @Test func hugeLineIsDeliveredIntact() throws {
        let server = try TestServer.shared()
        let result = perform(chatRequest(server, scenario: "hugeline", stream: true))
        #expect(result.outcome == .completed)
        let lines = sseDataLines(result.bodyText)
        #expect(lines.count == 3)
        let huge = try #require(lines.first)
        let object = try #require(jsonObject(Data(huge.utf8)))
        let choice = try #require((object["choices"] as? [[String: Any]])?.first)
        let content = try #require((choice["delta"] as? [String: Any])?["content"] as? String)
        #expect(content.utf8.count == 10 * 1024 * 1024)
        #expect(content == String(repeating: "abcdefghij", count: 1024 * 1024))
        print("hugeline: \(result.body.count) bytes in \(result.chunkCount) write callbacks")
    }

    @Test func redirectIsFollowedAndOnlyTheFinalResponseIsReported() throws {
        let server = try TestServer.shared()
        let result = perform(chatRequest(server, scenario: "redirect", stream: false))
        #expect(result.outcome == .completed)
        #expect(result.status == 200)
        #expect(result.responseCount == 1)
        #expect(result.headers.value(for: "location") == nil)
        #expect(jsonObject(result.body)?["object"] as? String == "chat.completion")
    }
}
