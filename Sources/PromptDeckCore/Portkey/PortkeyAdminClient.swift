import Foundation

/// Portkey's Admin API for the prompt library, over a `Transport` (libcurl in use, the test server in
/// tests): list, get, versions, labels and partials here; writes in `PortkeyAdminClient+Writes.swift`.
/// The base URL is the profile's (`https://api.portkey.ai/v1`, or a self-hosted control plane); the key
/// comes from the profile's `portkey_api_key_env` variable and is never stored.
public struct PortkeyAdminClient: Sendable {
    public var profile: Profile
    public var environment: [String: String]
    public var transport: any Transport
    public var options: TransferOptions

    public init(
        profile: Profile, environment: [String: String] = ProcessEnvironment.current,
        transport: any Transport,
        options: TransferOptions = TransferOptions(connectTimeout: 5, totalTimeout: 20)
    ) {
        self.profile = profile
        self.environment = environment
        self.transport = transport
        self.options = options
    }

    /// The environment variable that holds the key (`PORTKEY_API_KEY` when the profile names none).
    public var keyVariable: String { profile.portkeyAPIKeyEnv ?? "PORTKEY_API_KEY" }

    /// One page of `GET /prompts` (pages count from 1), optionally in one collection and matching `search`.
    public func listPrompts(collection: String? = nil, search: String? = nil, page: Int = 1, pageSize: Int = 100)
        throws(PortkeyAdminError) -> PortkeyPromptPage
    {
        var query: [(String, String)] = [("current_page", String(page)), ("page_size", String(pageSize))]
        if let collection { query.append(("collection_id", collection)) }
        if let search, !search.isEmpty { query.append(("search", search)) }
        let value = try send("GET", "/prompts", query: query, scope: "prompts.list", id: "prompts")
        guard let items = PortkeyJSON.items(value) else {
            throw .badResponse(call: call("GET", "/prompts"), reason: "expected {\"data\": [...]} in the answer")
        }
        return PortkeyPromptPage(
            prompts: items.compactMap(PortkeyPromptSummary.init), total: PortkeyJSON.int(value["total"]))
    }

    /// Every prompt, page after page, until a short page or `total` is reached (at most 100 pages).
    public func listAllPrompts(collection: String? = nil, search: String? = nil, pageSize: Int = 100)
        throws(PortkeyAdminError) -> [PortkeyPromptSummary]
    {
        var all: [PortkeyPromptSummary] = []
        for page in 1...100 {
            let answer = try listPrompts(collection: collection, search: search, page: page, pageSize: pageSize)
            // A server that ignores paging sends the same page again: stop instead of repeating it.
            let fresh = answer.prompts.filter { prompt in !all.contains { $0.id == prompt.id } }
            if fresh.isEmpty { break }
            all += fresh
            if answer.prompts.count < pageSize || answer.prompts.isEmpty { break }
            if let total = answer.total, all.count >= total { break }
        }
        return all
    }

    /// `GET /prompts/{id}`: the prompt at its default (published) version.
    public func prompt(_ id: String) throws(PortkeyAdminError) -> PortkeyPromptDetail {
        let path = "/prompts/" + Self.escape(id)
        let value = try send("GET", path, scope: "prompts.read", id: id)
        guard let detail = PortkeyPromptDetail(value, requested: id) else {
            throw .badResponse(call: call("GET", path), reason: "the answer has no `string` (the template)")
        }
        return detail
    }

    /// `GET /prompts/{id}/versions`, sorted by number.
    public func versions(of id: String) throws(PortkeyAdminError) -> [PortkeyPromptVersionSummary] {
        let path = "/prompts/" + Self.escape(id) + "/versions"
        let value = try send("GET", path, scope: "prompts.read", id: id)
        guard let items = PortkeyJSON.items(value) else {
            throw .badResponse(call: call("GET", path), reason: "expected a list of versions")
        }
        return items.compactMap(PortkeyPromptVersionSummary.init).sorted { $0.number < $1.number }
    }

    /// `GET /prompts/{id}/versions/{versionId}`: the prompt at that version.
    public func version(of id: String, versionID: String) throws(PortkeyAdminError) -> PortkeyPromptDetail {
        let path = "/prompts/" + Self.escape(id) + "/versions/" + Self.escape(versionID)
        let value = try send("GET", path, scope: "prompts.read", id: id)
        guard let detail = PortkeyPromptDetail(value, requested: id) else {
            throw .badResponse(call: call("GET", path), reason: "the answer has no `string` (the template)")
        }
        return detail
    }

    /// `GET /labels` (all pages of up to 100).
    public func labels() throws(PortkeyAdminError) -> [PortkeyLabel] {
        let value = try send("GET", "/labels", query: [("page_size", "100")], scope: "labels.list", id: "labels")
        return (PortkeyJSON.items(value) ?? []).compactMap(PortkeyLabel.init)
    }

    /// `GET /prompts/partials` (optionally of one collection).
    public func partials(collection: String? = nil) throws(PortkeyAdminError) -> [PortkeyPartial] {
        let query = collection.map { [("collection_id", $0)] } ?? []
        let value = try send("GET", "/prompts/partials", query: query, scope: "prompts.list", id: "partials")
        return (PortkeyJSON.items(value) ?? []).compactMap(PortkeyPartial.init)
    }

    /// `GET /prompts/partials/{id}`: a partial with its `string`.
    public func partial(_ id: String) throws(PortkeyAdminError) -> PortkeyPartial {
        let path = "/prompts/partials/" + Self.escape(id)
        let value = try send("GET", path, scope: "prompts.read", id: id)
        guard let partial = PortkeyPartial(value), partial.string != nil else {
            throw .badResponse(call: call("GET", path), reason: "the answer has no `string` (the partial's text)")
        }
        return partial
    }

    // Requests

    /// The request for a call, key included (masked in `maskedHeaders`); nil body for GET.
    public func request(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        requireKey: Bool = true
    ) throws(PortkeyAdminError) -> HTTPRequestSpec {
        var headers = [
            HTTPHeader("Accept", "application/json"),
            HTTPHeader("User-Agent", "promptdeck/\(PromptDeckVersion.string)"),
        ]
        let key = environment[keyVariable] ?? ""
        if key.isEmpty, requireKey { throw .missingKey(variable: keyVariable, profile: profile.name) }
        headers.append(HTTPHeader("x-portkey-api-key", key.isEmpty ? "$\(keyVariable)" : key))
        for (name, value) in profile.headers.sorted(by: { $0.key < $1.key }) { headers.append(HTTPHeader(name, value)) }
        var data: Data?
        if let body {
            headers.append(HTTPHeader("Content-Type", "application/json"))
            data = body.serializedData()
        }
        return HTTPRequestSpec(
            method: method, url: url(path, query: query), headers: headers, body: data,
            secretHeaderNames: ["x-portkey-api-key"], secretSources: ["x-portkey-api-key": keyVariable])
    }

    /// Sends a call and returns its JSON answer (`{}` for an empty 2xx body), or the error it describes.
    func send(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, scope: String,
        id: String
    ) throws(PortkeyAdminError) -> JSONValue {
        let spec = try request(method, path, query: query, body: body)
        let response = BlockingRequest.perform(spec, transport: transport, options: options)
        let name = call(method, path)
        switch response.outcome {
        case .completed: break
        case .failed(let error): throw .transport(call: name, error)
        case .cancelled: throw .badResponse(call: name, reason: "cancelled")
        }
        guard (200..<300).contains(response.status) else {
            let server = ChunkDecoder.decodeHTTPError(
                status: response.status, body: response.body, contentType: response.headers.value(for: "Content-Type"))
            switch response.status {
            case 401: throw .unauthorized(call: name, variable: keyVariable, message: server.message)
            case 403: throw .forbidden(call: name, variable: keyVariable, scope: scope, message: server.message)
            case 404: throw .notFound(call: name, id: id, message: server.message)
            default: throw .refused(call: name, status: response.status, message: server.message)
            }
        }
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([:]) }
        do {
            return try JSONValue.parse(response.body)
        } catch {
            throw .badResponse(call: name, reason: "the answer is not JSON (\(error.message))")
        }
    }

    /// `GET https://…/v1/prompts`: how messages name a call.
    func call(_ method: String, _ path: String) -> String { "\(method) \(url(path, query: []))" }

    func url(_ path: String, query: [(String, String)]) -> String {
        let base = profile.baseURL.hasSuffix("/") ? String(profile.baseURL.dropLast()) : profile.baseURL
        guard !query.isEmpty else { return base + path }
        let encoded = query.map { Self.escapeQuery($0.0) + "=" + Self.escapeQuery($0.1) }
        return base + path + "?" + encoded.joined(separator: "&")
    }

    static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#@")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    static func escapeQuery(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
