import Foundation
import Testing

@testable import PromptDeckCore

@Suite("Configuration")
struct ConfigurationTests {
    private func paths(config: String? = nil) -> PromptDeckPaths {
        PromptDeckPaths(config: config, environment: ["HOME": "/nonexistent-home"])
    }

    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pd-config-\(UUID().uuidString).yaml")
            .path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("with no file: echo is the default; OPENAI_API_KEY and PORTKEY_API_KEY add profiles")
    func implicitProfiles() throws {
        let bare = try Configuration.load(paths: paths(), environment: [:])
        #expect(bare.profiles.map(\.name) == ["echo"])
        #expect(bare.defaultProfileName == "echo")
        let env = ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "PORTKEY_API_KEY": "pk"]
        let keyed = try Configuration.load(paths: paths(), environment: env)
        #expect(keyed.profiles.map(\.name) == ["openai", "portkey-hosted", "echo"])
        #expect(keyed.defaultProfileName == "openai")
        #expect(keyed.profile(named: "openai")?.baseURL == "http://127.0.0.1:9/v1")
        #expect(keyed.profile(named: "openai")?.apiKeyEnv == "OPENAI_API_KEY")
        #expect(keyed.profile(named: "portkey-hosted")?.portkeyAPIKeyEnv == "PORTKEY_API_KEY")
    }

    @Test("a config file's profiles, defaults and headers are read")
    func file() throws {
        let path = try write(
            """
            default_profile: gateway
            profiles:
              local:
                type: openai
                base_url: http://127.0.0.1:8080/v1
                model: llama
                defaults:
                  temperature: 0.4
              gateway:
                type: portkey
                provider: openai
                provider_key_env: OPENAI_API_KEY
                portkey_api_key_env: PORTKEY_API_KEY
                config:
                  retry: {attempts: 3}
                metadata: {_user: dev}
                trace_id: t-1
                cache_namespace: ns
                cache_force_refresh: true
                request_timeout: 5000
            """)
        let configuration = try Configuration.load(paths: paths(config: path), environment: [:])
        #expect(configuration.defaultProfileName == "gateway")
        let local = try #require(configuration.profile(named: "local"))
        #expect(local.model == "llama")
        #expect(local.defaults["temperature"] == 0.4)
        let gateway = try #require(configuration.profile(named: "gateway"))
        #expect(gateway.baseURL == "http://localhost:8787/v1")
        #expect(gateway.config == #"{"retry":{"attempts":3}}"#)
        #expect(gateway.cacheForceRefresh)
        #expect(gateway.requestTimeoutMs == 5000)
        #expect(configuration.profile(named: "echo") != nil)
    }

    private func problems(_ text: String) throws -> [String] {
        let path = try write(text)
        do {
            _ = try Configuration.load(paths: paths(config: path), environment: [:])
            return []
        } catch {
            return error.diagnostics.map { $0.description.replacingOccurrences(of: path, with: "config.yaml") }
        }
    }

    @Test(
        "a base URL needs http(s) and a host",
        arguments: [
            ("http://127.0.0.1:8080/v1", true), ("https://api.openai.com/v1", true), ("http://[::1]:8080", true),
            ("http://localhost", true), ("HTTPS://Example.COM/v1", true), ("http://xn--bcher-kva.example/v1", true),
            ("http://bücher.example/v1", true), ("http://user:pw@host:1/v1", true),
            ("localhost:8080", false), ("http:///v1", false), ("http://", false), ("ftp://host/v1", false),
            ("file:///tmp/x", false), ("", false), ("not a url", false),
        ])
    func baseURLs(url: String, valid: Bool) {
        #expect(ConfigFileParser.isValidBaseURL(url) == valid)
    }

    @Test("bad YAML, a bad type, a bad URL, an inline key and an unknown default are named with file and line")
    func errors() throws {
        let yaml = try problems("profiles:\n  x: [unclosed\n")
        #expect(yaml.count == 1)
        #expect(yaml.first?.hasPrefix("config.yaml:3:1: invalid YAML: ") == true)
        #expect(
            try problems("profiles:\n  x:\n    type: opena\n")
                == [
                    "config.yaml:3:11: field 'profiles.x.type': expected openai, portkey, portkey-hosted or echo, got 'opena'"
                ])
        #expect(
            try problems("profiles:\n  x:\n    type: openai\n    base_url: localhost:8080\n")
                == ["config.yaml:4:15: field 'profiles.x.base_url': 'localhost:8080' is not an http:// or https:// URL"]
        )
        #expect(
            try problems("profiles:\n  x:\n    type: openai\n    api_key: sk-123\n")
                == [
                    "config.yaml:4:14: field 'profiles.x.api_key': keys are not stored in the config; name the environment variable that holds it with api_key_env"
                ])
        #expect(
            try problems("default_profile: nope\nprofiles:\n  x:\n    type: echo\n")
                == ["config.yaml: field 'default_profile': names 'nope', which is not a profile (known: x, echo)"])
    }

    @Test("unknown keys are warnings that suggest the nearest known key")
    func warnings() throws {
        let path = try write("profiles:\n  x:\n    type: openai\n    base_ulr: http://a/v1\n")
        let configuration = try Configuration.load(paths: paths(config: path), environment: [:])
        #expect(
            configuration.warnings.map(\.description)
                == ["\(path):4:5: warning: field 'profiles.x.base_ulr': unknown key ignored; did you mean 'base_url'?"])
    }

    @Test("an unknown profile suggests the nearest; a missing explicit config file is an error")
    func unknownProfile() throws {
        let configuration = try Configuration.load(paths: paths(), environment: [:])
        #expect(
            throws: Diagnostic(
                file: "--profile", field: "profile",
                message: "unknown profile 'ehco' (known: echo). Did you mean 'echo'?")
        ) {
            try configuration.resolveProfile("ehco")
        }
        #expect(throws: DiagnosticList([Diagnostic(file: "/nope/config.yaml", message: "config file not found")])) {
            try Configuration.load(paths: paths(config: "/nope/config.yaml"), environment: [:])
        }
    }
}
