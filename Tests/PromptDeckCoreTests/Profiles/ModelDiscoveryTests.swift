import Foundation
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore

/// `GET {base_url}/models` over libcurl against the local test server, and the planner's fallback to the
/// server's only model.
@Suite("Model discovery: listing a server's models and using the only one")
struct ModelDiscoveryTests {
    static let transports = TransportRegistry(environment: [:])

    static func profile(_ server: TestServer, scenario: String, model: String? = nil) -> Profile {
        Profile(name: "local", type: .openai, baseURL: server.baseURL(scenario: scenario), model: model)
    }

    static func planner(_ profile: Profile, discovery: (any ModelListing)?) -> RunPlanner {
        let configuration = Configuration(
            profiles: [profile], defaultProfileName: profile.name, file: nil, warnings: [])
        return RunPlanner(
            library: PromptLibrary(directory: nil), configuration: configuration, environment: [:],
            modelDiscovery: discovery)
    }

    static let tagline = RunInputs(promptID: "examples/tagline", variables: ["shop": "Bloom"])

    @Test("the list is parsed in the server's order")
    func listParsed() throws {
        let server = try TestServer.shared()
        let discovery = ModelDiscovery(transports: Self.transports, environment: [:])
        #expect(try discovery.models(for: Self.profile(server, scenario: "ok")) == ["test-model"])
        #expect(
            try discovery.models(for: Self.profile(server, scenario: "models-several"))
                == ["alpha-model", "beta-model", "gamma-model"])
    }

    @Test("the key, Portkey and extra headers go along; the list is cached per process")
    func headersAndCache() throws {
        let server = try TestServer.start()
        var profile = Profile(
            name: "gw", type: .portkey, baseURL: server.baseURL(scenario: "models-one"), apiKeyEnv: "PROVIDER_KEY",
            portkeyAPIKeyEnv: "PK_KEY", provider: "openai", headers: ["X-Extra": "1"])
        profile.traceID = "trace-1"
        let discovery = ModelDiscovery(
            transports: Self.transports, environment: ["PROVIDER_KEY": "sk-provider", "PK_KEY": "pk-secret"])
        ModelDiscovery.clearCache()
        #expect(try discovery.models(for: profile) == ["solo-model"])
        #expect(try discovery.models(for: profile) == ["solo-model"])
        let requests = try server.requests()
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/models-one/v1/models")
        #expect(request.headers.value(for: "Authorization") == "Bearer sk-provider")
        #expect(request.headers.value(for: "x-portkey-api-key") == "pk-secret")
        #expect(request.headers.value(for: "x-portkey-provider") == "openai")
        #expect(request.headers.value(for: "x-portkey-trace-id") == "trace-1")
        #expect(request.headers.value(for: "X-Extra") == "1")
        #expect(try discovery.models(for: profile, refresh: true) == ["solo-model"])
        #expect(try server.requests().count == 2)
    }

    @Test("echo answers its one model without a request")
    func echo() throws {
        #expect(try ModelDiscovery(transports: Self.transports, environment: [:]).models(for: .echo) == ["echo"])
    }

    @Test("an HTTP error names the URL, the status and the server's message")
    func httpError() throws {
        let server = try TestServer.shared()
        let profile = Self.profile(server, scenario: "500")
        #expect {
            try ModelDiscovery(transports: Self.transports, environment: [:]).models(for: profile)
        } throws: { error in
            let text = (error as? ModelDiscoveryError)?.errorDescription ?? ""
            return text.contains("GET \(server.baseURL(scenario: "500"))/models")
                && text.contains("HTTP 500")
                && text.contains("The server had an error while processing your request.")
        }
    }

    @Test("a server that is down gives a clear error, quickly")
    func serverDown() throws {
        // Port 1 has no listener on these machines (as in CurlTransportFailureTests).
        let port = 1
        let profile = Profile(name: "down", type: .openai, baseURL: "http://127.0.0.1:\(port)/v1")
        let start = ContinuousClock.now
        do {
            _ = try ModelDiscovery(transports: Self.transports, environment: [:]).models(for: profile)
            Issue.record("expected an error")
        } catch {
            guard case .transport(let url, .couldNotConnect) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(url == "http://127.0.0.1:\(port)/v1/models")
            #expect(
                error.errorDescription?.hasPrefix("GET http://127.0.0.1:\(port)/v1/models: could not connect") == true)
        }
        #expect(ContinuousClock.now - start < .seconds(4))
    }

    @Test("a body that is not a model list is reported")
    func badBody() throws {
        let server = try TestServer.shared()
        #expect(throws: ModelDiscoveryError.self) {
            try ModelDiscovery(transports: Self.transports, environment: [:]).models(
                for: Self.profile(server, scenario: "notjson"))
        }
    }

    @Test("a run with no model uses the server's only model and warns")
    func onlyModelUsed() throws {
        let server = try TestServer.shared()
        let profile = Self.profile(server, scenario: "models-one")
        let discovery = ModelDiscovery(transports: Self.transports, environment: [:])
        let prepared = try Self.planner(profile, discovery: discovery).prepare(Self.tagline)
        #expect(prepared.request.model == "solo-model")
        #expect(prepared.record.model == "solo-model")
        #expect(prepared.request.body.objectValue?["model"] == .string("solo-model"))
        let warning = try #require(prepared.warnings.first { $0.field == "model" })
        #expect(warning.severity == .warning)
        #expect(
            warning.message
                == "no model set: using the server's only model 'solo-model' (from GET \(server.baseURL(scenario: "models-one"))/models)"
        )
    }

    @Test("several models are listed in the error")
    func severalListed() throws {
        let server = try TestServer.shared()
        let profile = Self.profile(server, scenario: "models-several")
        let discovery = ModelDiscovery(transports: Self.transports, environment: [:])
        #expect {
            try Self.planner(profile, discovery: discovery).prepare(Self.tagline)
        } throws: { error in
            let text = (error as? DiagnosticList)?.description ?? ""
            return text.contains("no model: set model:")
                && text.contains("the server offers 3 models: alpha-model, beta-model, gamma-model")
        }
    }

    @Test("a server that cannot be asked: the error says why")
    func downInPlanner() throws {
        // Port 1 has no listener on these machines (as in CurlTransportFailureTests).
        let port = 1
        let profile = Profile(name: "down", type: .openai, baseURL: "http://127.0.0.1:\(port)/v1")
        let discovery = ModelDiscovery(transports: Self.transports, environment: [:])
        #expect {
            try Self.planner(profile, discovery: discovery).prepare(Self.tagline)
        } throws: { error in
            let text = (error as? DiagnosticList)?.description ?? ""
            return text.contains("could not ask the server for its models: GET http://127.0.0.1:\(port)/v1/models")
        }
    }

    struct FakeListing: ModelListing {
        var answer: Result<[String], ModelDiscoveryError>
        func models(for profile: Profile) throws(ModelDiscoveryError) -> [String] { try answer.get() }
    }

    @Test("a model that is set is kept, and the server is not asked")
    func modelGivenKept() throws {
        let failing = FakeListing(answer: .failure(.badResponse(url: "x", reason: "must not be asked")))
        let profile = Profile(name: "p", type: .openai, baseURL: "http://127.0.0.1:9/v1", model: "configured")
        let prepared = try Self.planner(profile, discovery: failing).prepare(Self.tagline)
        #expect(prepared.request.model == "configured")
        var inputs = Self.tagline
        inputs.model = "flag"
        var bare = profile
        bare.model = nil
        #expect(try Self.planner(bare, discovery: failing).prepare(inputs).request.model == "flag")
    }

    @Test("without a discovery the plain error stays; an empty list says so")
    func withoutDiscovery() throws {
        let profile = Profile(name: "p", type: .openai, baseURL: "http://127.0.0.1:9/v1")
        #expect {
            try Self.planner(profile, discovery: nil).prepare(Self.tagline)
        } throws: { error in
            (error as? DiagnosticList)?.diagnostics.last?.message
                == "no model: set model: in the prompt or the profile 'p', or pass --model"
        }
        #expect {
            try Self.planner(profile, discovery: FakeListing(answer: .success([]))).prepare(Self.tagline)
        } throws: { error in
            (error as? DiagnosticList)?.description.contains("the server lists no models") == true
        }
    }

    @Test("other list shapes: a bare array, Ollama's {\"models\":[{\"name\"}]}; a list without data is an error")
    func shapes() throws {
        func response(_ body: String, status: Int = 200) -> HTTPResponse {
            HTTPResponse(status: status, headers: [], body: Array(body.utf8), outcome: .completed)
        }
        #expect(try ModelDiscovery.parse(response(#"[{"id":"a"},"b"]"#), url: "u") == ["a", "b"])
        #expect(try ModelDiscovery.parse(response(#"{"models":[{"name":"llama3:8b"}]}"#), url: "u") == ["llama3:8b"])
        #expect(throws: ModelDiscoveryError.badResponse(url: "u", reason: "the answer has no \"data\" list of models"))
        {
            try ModelDiscovery.parse(response(#"{"object":"list"}"#), url: "u")
        }
        #expect(
            throws: ModelDiscoveryError.http(
                url: "u", status: 401, server: ServerError(message: "bad key", type: nil, code: "invalid_api_key"))
        ) {
            try ModelDiscovery.parse(
                response(#"{"error":{"message":"bad key","code":"invalid_api_key"}}"#, status: 401), url: "u")
        }
    }
}
