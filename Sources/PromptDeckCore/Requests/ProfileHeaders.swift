/// The headers every request to a profile carries: its keys (read from the environment when sent), its
/// Portkey headers and its extra `headers:`, with which of them are secret and which variable each came
/// from. Runs and model discovery build them here alike.
struct ProfileHeaders {
    var headers: [HTTPHeader] = []
    var secrets: Set<String> = []
    var sources: [String: String] = [:]
    /// Key variables named but unset (their headers are left out).
    var unset: [String] = []

    /// With `requireKeys`, a named key variable that is unset is an error naming the profile; without,
    /// its header is left out and the variable listed in `unset`.
    static func make(
        profile: Profile, environment: [String: String], portkey: PortkeyOptions?, requireKeys: Bool
    ) throws(Diagnostic) -> ProfileHeaders {
        var result = ProfileHeaders()
        func addKey(_ header: String, env: String?, bearer: Bool, purpose: String) throws(Diagnostic) {
            guard let env else { return }
            guard let value = environment[env], !value.isEmpty else {
                if requireKeys {
                    throw Diagnostic(
                        file: profile.origin, line: profile.line, field: "profiles.\(profile.name)",
                        message:
                            "environment variable \(env) is not set (it holds the \(purpose)); export \(env)=... or pick another profile with --profile"
                    )
                }
                result.unset.append(env)
                return
            }
            result.headers.append(HTTPHeader(header, bearer ? "Bearer \(value)" : value))
            result.secrets.insert(header.lowercased())
            result.sources[header.lowercased()] = env
        }
        switch profile.type {
        case .echo:
            break
        case .openai:
            try addKey("Authorization", env: profile.apiKeyEnv, bearer: true, purpose: "API key")
        case .portkey, .portkeyHosted:
            try addKey("x-portkey-api-key", env: profile.portkeyAPIKeyEnv, bearer: false, purpose: "Portkey API key")
            try addKey("Authorization", env: profile.apiKeyEnv, bearer: true, purpose: "provider key")
            result.headers += PortkeyHeaders.make(profile: profile, prompt: portkey)
            if profile.virtualKey != nil { result.secrets.insert("x-portkey-virtual-key") }
        }
        for (name, value) in profile.headers.sorted(by: { $0.key < $1.key }) {
            result.headers.append(HTTPHeader(name, value))
        }
        return result
    }
}
