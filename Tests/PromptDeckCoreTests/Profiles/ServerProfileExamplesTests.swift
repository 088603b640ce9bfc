import Foundation
import Testing

@testable import PromptDeckCore

/// The README's profiles for real servers: the block parses with no warning, and each profile builds the
/// request that server expects (URL, key header).
@Suite("README: profiles for real servers")
struct ServerProfileExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func block() throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- servers:begin -->\n```yaml\n"))
        let end = try #require(text.range(of: "```\n<!-- servers:end -->"))
        return String(text[begin.upperBound..<end.lowerBound])
    }

    @Test(arguments: [
        ("llamacpp", "http://127.0.0.1:8080/v1/chat/completions", nil as String?),
        ("ollama", "http://127.0.0.1:11434/v1/chat/completions", nil),
        ("vllm", "http://127.0.0.1:8000/v1/chat/completions", "VLLM_API_KEY"),
        ("lmstudio", "http://127.0.0.1:1234/v1/chat/completions", nil),
        ("openrouter", "https://openrouter.ai/api/v1/chat/completions", "OPENROUTER_API_KEY"),
        ("openai", "https://api.openai.com/v1/chat/completions", "OPENAI_API_KEY"),
        ("portkey", "https://api.portkey.ai/v1/chat/completions", "OPENAI_API_KEY"),
    ])
    func eachProfileBuildsItsServersRequest(_ name: String, _ url: String, _ keyVariable: String?) throws {
        let configuration = try Configuration.parse(text: try Self.block(), file: "README.md")
        #expect(configuration.warnings.isEmpty, "\(configuration.warnings)")
        let profile = try #require(configuration.profile(named: name))
        let prompt = Prompt(
            id: "p", name: "p", kind: .chat, model: profile.model ?? "served-model",
            messages: [MessageTemplate(role: "user", content: "hi")], sourcePath: "p.yaml")
        var environment: [String: String] = [:]
        if let keyVariable { environment[keyVariable] = "secret-\(name)" }
        environment["PORTKEY_API_KEY"] = "pk-secret"
        var parameters = ParameterSet()
        try parameters.validate(for: .chat)
        let built = try RequestBuilder(environment: environment).build(
            prompt: prompt, rendered: .chat([ChatMessage(role: "user", content: "hi")]), variables: [:],
            parameters: parameters, profile: profile)
        #expect(built.spec.url == url)
        if keyVariable != nil {
            #expect(built.spec.headers.value(for: "authorization") == "Bearer secret-\(name)")
        }
        if name == "portkey" {
            #expect(built.spec.headers.value(for: "x-portkey-provider") == "openai")
            #expect(built.spec.headers.value(for: "x-portkey-api-key") == "pk-secret")
        }
        if name == "llamacpp" { #expect(profile.maxConcurrency == 1) }
    }
}
