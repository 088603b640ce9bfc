import Foundation
import Synchronization

/// Why a profile's server could not list its models, worded for the user (shown, never fatal).
public enum ModelDiscoveryError: Error, Sendable, Equatable, LocalizedError {
    /// The request never got an HTTP answer (connection refused, timeout, bad URL, TLS...).
    case transport(url: String, TransportError)
    /// The server answered with an error status; `server` is its own message.
    case http(url: String, status: Int, server: ServerError)
    /// A 200 whose body is not the `{"data": [{"id": ...}]}` list.
    case badResponse(url: String, reason: String)

    /// The URL that was asked.
    public var url: String {
        switch self {
        case .transport(let url, _), .http(let url, _, _), .badResponse(let url, _): return url
        }
    }

    public var errorDescription: String? {
        switch self {
        case .transport(let url, let error):
            return "GET \(url): \(error.errorDescription ?? "transfer failed")"
        case .http(let url, let status, let server):
            var text = "GET \(url): HTTP \(status): \(server.message)"
            if let code = server.code { text += " (\(code))" }
            return text
        case .badResponse(let url, let reason):
            return "GET \(url): \(reason)"
        }
    }
}

/// Lists the models a profile's server serves; `RunPlanner` falls back on it when no model is set.
/// A protocol so tests (and the TUI) can pass a fake.
public protocol ModelListing: Sendable {
    func models(for profile: Profile) throws(ModelDiscoveryError) -> [String]
}

/// `GET {base_url}/models` (OpenAI's and Ollama's `/v1/models` shape, `{"data":[{"id":"..."}]}`) over the
/// profile's transport, with the profile's key and Portkey headers. The echo profile answers `["echo"]`
/// without a request. Successful answers are cached for the life of the process, per URL and headers.
public struct ModelDiscovery: ModelListing {
    public var transports: TransportRegistry
    public var environment: [String: String]
    /// Short by default: a server that does not answer in 3 s is reported, not waited for.
    public var options: TransferOptions

    private struct CacheKey: Hashable {
        var url: String
        var headers: [HTTPHeader]
    }

    private static let cache = Mutex<[CacheKey: [String]]>([:])

    public init(
        transports: TransportRegistry, environment: [String: String] = ProcessEnvironment.current,
        options: TransferOptions = TransferOptions(connectTimeout: 3, totalTimeout: 3)
    ) {
        self.transports = transports
        self.environment = environment
        self.options = options
    }

    /// The URL asked for `profile`'s models.
    public static func modelsURL(for profile: Profile) -> String {
        let base = profile.baseURL.hasSuffix("/") ? String(profile.baseURL.dropLast()) : profile.baseURL
        return base + "/models"
    }

    /// The ids the server lists, in its order (cached after the first success unless `refresh`).
    public func models(for profile: Profile) throws(ModelDiscoveryError) -> [String] {
        try models(for: profile, refresh: false)
    }

    public func models(for profile: Profile, refresh: Bool) throws(ModelDiscoveryError) -> [String] {
        if profile.type == .echo { return ["echo"] }
        let request = Self.request(for: profile, environment: environment)
        let key = CacheKey(url: request.url, headers: request.headers)
        if !refresh, let cached = Self.cache.withLock({ $0[key] }) { return cached }
        let response = BlockingRequest.perform(request, transport: transports.transport(for: profile), options: options)
        let models = try Self.parse(response, url: request.url)
        Self.cache.withLock { $0[key] = models }
        return models
    }

    /// Forgets every cached list (the TUI's "refresh"; tests).
    public static func clearCache() {
        cache.withLock { $0.removeAll() }
    }

    /// The GET request: the profile's keys (left out when unset: the server's 401 then says why), its
    /// Portkey headers and its extra headers, as a run would send them.
    public static func request(for profile: Profile, environment: [String: String]) -> HTTPRequestSpec {
        var headers = [
            HTTPHeader("Accept", "application/json"),
            HTTPHeader("User-Agent", "promptdeck/\(PromptDeckVersion.string)"),
        ]
        // Keys left out when unset: the server's 401 then says why.
        let shared =
            (try? ProfileHeaders.make(profile: profile, environment: environment, portkey: nil, requireKeys: false))
            ?? ProfileHeaders()
        headers += shared.headers
        let secrets = shared.secrets
        let sources = shared.sources
        return HTTPRequestSpec(
            method: "GET", url: modelsURL(for: profile), headers: headers, secretHeaderNames: secrets,
            secretSources: sources)
    }

    /// The model ids of a `/models` response, or the error it describes.
    static func parse(_ response: HTTPResponse, url: String) throws(ModelDiscoveryError) -> [String] {
        switch response.outcome {
        case .completed: break
        case .failed(let error): throw .transport(url: url, error)
        case .cancelled: throw .badResponse(url: url, reason: "cancelled")
        }
        guard (200..<300).contains(response.status) else {
            let server = ChunkDecoder.decodeHTTPError(
                status: response.status, body: response.body, contentType: response.headers.value(for: "Content-Type"))
            throw .http(url: url, status: response.status, server: server)
        }
        guard let value = try? JSONValue.parse(response.body) else {
            throw .badResponse(url: url, reason: "the answer is not JSON")
        }
        // OpenAI / Ollama: {"data": [...]}; a few servers send the bare array or {"models": [...]}.
        let list: [JSONValue]
        switch value {
        case .array(let items): list = items
        case .object(let object):
            guard let items = object["data"]?.arrayValue ?? object["models"]?.arrayValue else {
                throw .badResponse(url: url, reason: "the answer has no \"data\" list of models")
            }
            list = items
        default:
            throw .badResponse(url: url, reason: "the answer has no \"data\" list of models")
        }
        return list.compactMap { item in
            let id = item.objectValue?["id"]?.stringValue ?? item.objectValue?["name"]?.stringValue ?? item.stringValue
            return id.map { ChunkDecoder.displaySafe($0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
    }
}
