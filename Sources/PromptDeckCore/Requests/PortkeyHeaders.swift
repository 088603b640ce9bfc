/// The `x-portkey-*` headers of a request: the profile's settings, overridden by the prompt's `portkey:` block.
enum PortkeyHeaders {
    static func make(profile: Profile, prompt: PortkeyOptions?) -> [HTTPHeader] {
        var headers: [HTTPHeader] = []
        if let provider = profile.provider { headers.append(HTTPHeader("x-portkey-provider", provider)) }
        if let key = profile.virtualKey { headers.append(HTTPHeader("x-portkey-virtual-key", key)) }
        if let config = prompt?.config ?? profile.config { headers.append(HTTPHeader("x-portkey-config", config)) }
        if let host = profile.customHost { headers.append(HTTPHeader("x-portkey-custom-host", host)) }
        var metadata = profile.metadata ?? [:]
        for (key, value) in prompt?.metadata ?? [:] { metadata[key] = value }
        if !metadata.isEmpty {
            // Portkey wants metadata values as strings.
            let strings = metadata.mapValues { $0.stringValue.map(JSONValue.string) ?? .string($0.serialized()) }
            headers.append(HTTPHeader("x-portkey-metadata", JSONValue.object(strings).serialized()))
        }
        if let trace = prompt?.traceID ?? profile.traceID { headers.append(HTTPHeader("x-portkey-trace-id", trace)) }
        if let namespace = prompt?.cacheNamespace ?? profile.cacheNamespace {
            headers.append(HTTPHeader("x-portkey-cache-namespace", namespace))
        }
        // The gateway checks only that this header is present: send it only to force a refresh.
        if prompt?.cacheForceRefresh ?? profile.cacheForceRefresh {
            headers.append(HTTPHeader("x-portkey-cache-force-refresh", "true"))
        }
        if let timeout = prompt?.requestTimeoutMs ?? profile.requestTimeoutMs {
            headers.append(HTTPHeader("x-portkey-request-timeout", String(timeout)))
        }
        return headers
    }
}
