import Foundation
import PromptDeckCore
import Testing

/// Where Portkey's OpenAPI spec and its docs disagree, both answers are read: lists bare or in `data`,
/// version numbers as numbers or text, the model at the root or inside `parameters`, message content as
/// text or as parts.
@Suite("Portkey shapes: the spec's and the docs' forms")
struct PortkeyShapeTests {
    /// Answers each request with the body registered for its path (without the query).
    struct CannedTransport: Transport {
        struct Handle: TransferHandle { func cancel() {} }
        var bodies: [String: String]
        func start(_ request: HTTPRequestSpec, options: TransferOptions, delegate: TransferDelegate) -> TransferHandle {
            let path = String(request.url.dropFirst("https://pk.test/v1".count).prefix { $0 != "?" })
            let body = bodies[path]
            delegate.transferDidReceiveResponse(status: body == nil ? 404 : 200, headers: [])
            let bytes = Array((body ?? #"{"status":"failure","message":"nope"}"#).utf8)
            bytes.withUnsafeBytes { delegate.transferDidReceive($0) }
            delegate.transferDidComplete(.completed)
            return Handle()
        }
    }

    static func client(_ bodies: [String: String]) -> PortkeyAdminClient {
        let profile = Profile(
            name: "hosted", type: .portkeyHosted, baseURL: "https://pk.test/v1", portkeyAPIKeyEnv: "PK")
        return PortkeyAdminClient(
            profile: profile, environment: ["PK": "k"], transport: CannedTransport(bodies: bodies))
    }

    @Test("versions as a bare array (spec) or in `data` (docs), numbers as text too")
    func versionsBothForms() throws {
        let bare = Self.client([
            "/prompts/p/versions": #"[{"id":"v2","prompt_version":"2"},{"id":"v1","prompt_version":1,"label_id":"l"}]"#
        ])
        #expect(try bare.versions(of: "p").map(\.number) == [1, 2])
        let wrapped = Self.client([
            "/prompts/p/versions": #"{"data":[{"id":"v1","version":1,"description":"first"}],"total":1}"#
        ])
        #expect(try wrapped.versions(of: "p").first?.description == "first")
    }

    @Test("a prompt wrapped in `data`, its model inside `parameters`, content as parts")
    func promptDocsForm() throws {
        let messages = #"[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi {{name}}\"}]}]"#
        let client = Self.client([
            "/prompts/p":
                #"{"data":{"id":"u","slug":"p","name":"P","string":""# + messages
                + #"","parameters":{"model":"gpt-x","temperature":1},"prompt_version":"3"}}"#
        ])
        let detail = try client.prompt("p")
        #expect(detail.model == "gpt-x")
        #expect(detail.parameters == ["temperature": 1])
        #expect(detail.versionNumber == 3)
        #expect(PortkeyPromptFile.messages(of: detail) == [.init(role: "user", content: "Hi {{name}}")])
    }

    @Test("a completion prompt's `string` is plain text, even when it starts with [")
    func completionString() {
        let detail = PortkeyPromptDetail(id: "1", slug: "s", name: "S", string: "[draft] {{x}}")
        #expect(PortkeyPromptFile.messages(of: detail) == nil)
        #expect(PortkeyPromptFile.partialNames(in: "a {{>sig}} b {{> head@5 }}") == ["sig", "head"])
    }
}
