import Foundation
import Testing

@testable import PromptDeckCore

@Suite("RequestBuilder")
struct RequestBuilderTests {
    let chatPrompt = Prompt(
        id: "greet", name: "Greet", kind: .chat, model: "gpt-4o-mini",
        messages: [
            MessageTemplate(role: "system", content: "Be brief."),
            MessageTemplate(role: "user", content: "Hi {{name}}"),
        ],
        portkey: PortkeyOptions(metadata: ["_prompt": "greet"], traceID: "prompt-trace"), sourcePath: "greet.yaml")
    let rendered = RenderedPrompt.chat([
        ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Hi Ada"),
    ])

    private func parameters(_ values: [String: JSONValue]) throws -> ParameterSet {
        var set = ParameterSet()
        set.apply(values, source: ParameterSource(layer: .override, file: "--set"))
        try set.validate(for: .chat)
        return set
    }

    @Test("openai: URL, bearer key from the environment, sorted-key body with stream options")
    func openAI() throws {
        let profile = Profile(name: "local", type: .openai, baseURL: "http://127.0.0.1:8080/v1/", apiKeyEnv: "MY_KEY")
        let built = try RequestBuilder(environment: ["MY_KEY": "sk-secret-123"]).build(
            prompt: chatPrompt, rendered: rendered, variables: ["name": "Ada"],
            parameters: try parameters(["temperature": 0.2, "stream": true]), profile: profile)
        #expect(built.spec.url == "http://127.0.0.1:8080/v1/chat/completions")
        #expect(built.spec.headers.value(for: "authorization") == "Bearer sk-secret-123")
        #expect(built.spec.maskedHeaders.value(for: "authorization") == "Bearer ***")
        #expect(built.spec.secretSources["authorization"] == "MY_KEY")
        let body = String(decoding: built.spec.body ?? Data(), as: UTF8.self)
        #expect(
            body
                == #"{"messages":[{"content":"Be brief.","role":"system"},{"content":"Hi Ada","role":"user"}],"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"temperature":0.2}"#
        )
        #expect(built.spec.headers.value(for: "accept") == "text/event-stream")
    }

    @Test("a missing key variable names the variable and the profile")
    func missingKey() throws {
        let profile = Profile(
            name: "openai", type: .openai, baseURL: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY",
            origin: "$OPENAI_API_KEY")
        #expect(throws: Diagnostic.self) {
            try RequestBuilder(environment: [:]).build(
                prompt: chatPrompt, rendered: rendered, variables: [:], parameters: ParameterSet(), profile: profile)
        }
        let lenient = try RequestBuilder(environment: [:]).build(
            prompt: chatPrompt, rendered: rendered, variables: [:], parameters: ParameterSet(), profile: profile,
            requireKeys: false)
        #expect(lenient.unsetKeyVariables == ["OPENAI_API_KEY"])
        #expect(lenient.spec.headers.value(for: "authorization") == nil)
    }

    @Test("portkey gateway: every x-portkey header, prompt settings over profile, force-refresh only when asked")
    func portkey() throws {
        var profile = Profile(
            name: "gw", type: .portkey, baseURL: Profile.defaultBaseURL(for: .portkey), apiKeyEnv: "OPENAI_API_KEY",
            portkeyAPIKeyEnv: "PORTKEY_API_KEY", provider: "openai", virtualKey: "vk-1", config: "cfg-1",
            metadata: ["_user": "dev", "_prompt": "profile"], traceID: "profile-trace", cacheNamespace: "ns",
            requestTimeoutMs: 5000)
        let env = ["OPENAI_API_KEY": "sk-1", "PORTKEY_API_KEY": "pk-1"]
        let built = try RequestBuilder(environment: env).build(
            prompt: chatPrompt, rendered: rendered, variables: [:], parameters: ParameterSet(), profile: profile)
        let h = built.spec.headers
        #expect(built.spec.url == "http://localhost:8787/v1/chat/completions")
        #expect(h.value(for: "x-portkey-provider") == "openai")
        #expect(h.value(for: "x-portkey-api-key") == "pk-1")
        #expect(h.value(for: "authorization") == "Bearer sk-1")
        #expect(h.value(for: "x-portkey-virtual-key") == "vk-1")
        #expect(h.value(for: "x-portkey-config") == "cfg-1")
        #expect(h.value(for: "x-portkey-metadata") == #"{"_prompt":"greet","_user":"dev"}"#)
        #expect(h.value(for: "x-portkey-trace-id") == "prompt-trace")
        #expect(h.value(for: "x-portkey-cache-namespace") == "ns")
        #expect(h.value(for: "x-portkey-request-timeout") == "5000")
        #expect(h.value(for: "x-portkey-cache-force-refresh") == nil)
        let masked = built.spec.maskedHeaders
        #expect(masked.value(for: "x-portkey-api-key") == "***")
        #expect(masked.value(for: "x-portkey-virtual-key") == "***")
        profile.cacheForceRefresh = true
        let refreshed = try RequestBuilder(environment: env).build(
            prompt: chatPrompt, rendered: rendered, variables: [:], parameters: ParameterSet(), profile: profile)
        #expect(refreshed.spec.headers.value(for: "x-portkey-cache-force-refresh") == "true")
    }

    @Test("the gateway without provider or config is refused before sending")
    func gatewayNeedsProvider() {
        let profile = Profile(name: "gw", type: .portkey, baseURL: "http://localhost:8787/v1")
        #expect(throws: Diagnostic.self) {
            try RequestBuilder(environment: [:]).build(
                prompt: chatPrompt, rendered: rendered, variables: [:], parameters: ParameterSet(), profile: profile)
        }
    }

    @Test("hosted prompts go to /prompts/:id/completions with stringified variables and root hyperparameters")
    func hosted() throws {
        let prompt = Prompt(id: "h", name: "H", kind: .chat, portkeyPromptID: "pp-abc@production", sourcePath: "h.yaml")
        let profile = Profile(
            name: "portkey-hosted", type: .portkeyHosted, baseURL: "https://api.portkey.ai/v1",
            portkeyAPIKeyEnv: "PORTKEY_API_KEY")
        let built = try RequestBuilder(environment: ["PORTKEY_API_KEY": "pk"]).build(
            prompt: prompt, rendered: nil, variables: ["city": "Oslo", "data": ["a": 1]],
            parameters: try parameters(["temperature": 0.1]), profile: profile)
        #expect(built.spec.url == "https://api.portkey.ai/v1/prompts/pp-abc@production/completions")
        #expect(built.body["variables"] == ["city": "Oslo", "data": #"{"a":1}"#])
        #expect(built.body["temperature"] == 0.1)
        #expect(built.body["messages"] == nil)
        let render = try RequestBuilder(environment: ["PORTKEY_API_KEY": "pk"]).buildHostedRender(
            prompt: prompt, variables: [:], parameters: ParameterSet(), profile: profile)
        #expect(render.spec.url == "https://api.portkey.ai/v1/prompts/pp-abc@production/render")
    }

    @Test("completion prompts go to /completions with prompt:")
    func completion() throws {
        let prompt = Prompt(id: "t", name: "T", kind: .completion, model: "m", template: "x", sourcePath: "t.yaml")
        let built = try RequestBuilder(environment: [:]).build(
            prompt: prompt, rendered: .completion("Tagline for a gelato bar"), variables: [:],
            parameters: ParameterSet(),
            profile: .echo)
        #expect(built.spec.url == "echo://local/v1/completions")
        #expect(built.body["prompt"] == "Tagline for a gelato bar")
        #expect(built.body["model"] == "echo")
        #expect(built.body["stream_options"] == nil)
    }
}
