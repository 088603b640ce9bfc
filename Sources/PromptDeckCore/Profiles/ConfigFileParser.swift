import Foundation
import Yams

/// Reads `config.yaml`: `default_profile:` and `profiles:`, with messages that name file, line and field.
enum ConfigFileParser {
    struct Parsed {
        var defaultProfile: String?
        var profiles: [Profile]
        var warnings: [Diagnostic]
        /// `theme:`, the playground's default theme.
        var themeName: String? = nil
        /// `mouse:`, whether the playground takes mouse reports.
        var mouse: Bool? = nil
        /// `prices:`, model name to USD per million tokens.
        var prices: [String: ModelPrice] = [:]
    }

    static let topLevelKeys: Set<String> = ["default_profile", "profiles", "theme", "mouse", "prices"]
    static let profileKeys: Set<String> = [
        "type", "base_url", "model", "api_key_env", "provider_key_env", "portkey_api_key_env", "provider",
        "virtual_key", "config", "metadata", "trace_id", "cache_namespace", "cache_force_refresh",
        "request_timeout", "custom_host", "defaults", "parameters", "headers", "stream_usage", "echo_delay_ms",
        "max_concurrency", "retries", "retry_max_wait", "collection",
        "api_key",
    ]

    static func parse(path: String) throws(DiagnosticList) -> Parsed {
        // Read through a file handle, not `String(contentsOfFile:)`: that refuses `/dev/null` and other
        // non-regular files ("You don't have permission"), and an empty config is just an empty config.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = String(cString: strerror(errno))
            throw DiagnosticList([Diagnostic(file: path, message: "cannot read the config file (\(reason))")])
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw DiagnosticList([
                Diagnostic(file: path, message: "cannot read the config file (\(error.localizedDescription))")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticList([Diagnostic(file: path, message: "the config file is not UTF-8 text")])
        }
        return try parse(text: text, file: path)
    }

    static func parse(text: String, file: String) throws(DiagnosticList) -> Parsed {
        let root: Node?
        do {
            root = try YAMLSupport.compose(text, file: file)
        } catch {
            throw DiagnosticList([error])
        }
        guard let root else { return Parsed(defaultProfile: nil, profiles: [], warnings: []) }
        guard let mapping = root.mapping else {
            throw DiagnosticList([
                at(root, file: file, "the config file must be a mapping with default_profile and profiles")
            ])
        }
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var defaultProfile: String?
        var themeName: String?
        var mouse: Bool?
        var profiles: [Profile] = []
        var prices: [String: ModelPrice] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "default_profile":
                if let name = value.string, value.scalar != nil {
                    defaultProfile = name
                } else {
                    errors.append(at(value, file: file, field: key, "expected a profile name"))
                }
            case "theme":
                if let name = value.string, value.scalar != nil, !name.isEmpty {
                    themeName = name
                } else {
                    errors.append(at(value, file: file, field: key, "expected a theme name"))
                }
            case "mouse":
                if let flag = value.bool, value.scalar != nil {
                    mouse = flag
                } else {
                    errors.append(at(value, file: file, field: key, "expected true or false"))
                }
            case "prices":
                prices = parsePrices(value, file: file, errors: &errors)
            case "profiles":
                guard let profileMap = value.mapping else {
                    errors.append(at(value, file: file, field: key, "expected a mapping of profile name -> settings"))
                    continue
                }
                for (nameNode, settings) in profileMap {
                    let name = nameNode.string ?? ""
                    switch parseProfile(name: name, node: settings, file: file) {
                    case .success(let profile, let w):
                        profiles.append(profile)
                        warnings += w
                    case .failure(let problems): errors += problems
                    }
                }
            default:
                let hint = EditDistance.nearest(to: key, in: topLevelKeys).map { "; did you mean '\($0)'?" } ?? ""
                warnings.append(at(keyNode, file: file, field: key, severity: .warning, "unknown key ignored\(hint)"))
            }
        }
        if !errors.isEmpty { throw DiagnosticList(errors) }
        return Parsed(
            defaultProfile: defaultProfile, profiles: profiles, warnings: warnings, themeName: themeName, mouse: mouse,
            prices: prices)
    }

    /// `prices: {gpt-4o-mini: {input: 0.15, output: 0.60, cached_input: 0.075}}`, USD per 1M tokens.
    static func parsePrices(_ node: Node, file: String, errors: inout [Diagnostic]) -> [String: ModelPrice] {
        guard let models = node.mapping else {
            errors.append(
                at(
                    node, file: file, field: "prices",
                    "expected a mapping of model name -> {input, output, cached_input}"))
            return [:]
        }
        var prices: [String: ModelPrice] = [:]
        for (nameNode, entry) in models {
            let model = nameNode.string ?? ""
            let field = "prices.\(model)"
            guard let values = entry.mapping else {
                errors.append(
                    at(entry, file: file, field: field, "expected {input: N, output: N} in USD per 1M tokens"))
                continue
            }
            var numbers: [String: Double] = [:]
            for (keyNode, value) in values {
                let key = keyNode.string ?? ""
                guard ["input", "output", "cached_input"].contains(key) else {
                    errors.append(
                        at(keyNode, file: file, field: "\(field).\(key)", "unknown key (input, output or cached_input)")
                    )
                    continue
                }
                guard let number = value.float, number.isFinite, number >= 0 else {
                    errors.append(
                        at(value, file: file, field: "\(field).\(key)", "expected USD per 1M tokens, 0 or more"))
                    continue
                }
                numbers[key] = number
            }
            guard let input = numbers["input"], let output = numbers["output"] else {
                if !values.keys.isEmpty, numbers.count == values.count {
                    errors.append(at(entry, file: file, field: field, "needs both input: and output:"))
                }
                continue
            }
            prices[model] = ModelPrice(input: input, output: output, cachedInput: numbers["cached_input"])
        }
        return prices
    }

    enum ProfileResult {
        case success(Profile, [Diagnostic])
        case failure([Diagnostic])
    }

    static func parseProfile(name: String, node: Node, file: String) -> ProfileResult {
        let field = "profiles.\(name)"
        guard let mapping = node.mapping else {
            return .failure([at(node, file: file, field: field, "expected a mapping of settings")])
        }
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if profileKeys.contains(key) {
                values[key] = value
            } else {
                let hint = EditDistance.nearest(to: key, in: profileKeys).map { "; did you mean '\($0)'?" } ?? ""
                warnings.append(
                    at(keyNode, file: file, field: "\(field).\(key)", severity: .warning, "unknown key ignored\(hint)"))
            }
        }
        if let inline = values["api_key"] {
            errors.append(
                at(
                    inline, file: file, field: "\(field).api_key",
                    "keys are not stored in the config; name the environment variable that holds it with api_key_env"))
        }
        guard let typeNode = values["type"], let typeName = typeNode.string else {
            errors.append(
                at(node, file: file, field: "\(field).type", "missing (one of openai, portkey, portkey-hosted, echo)"))
            return .failure(errors)
        }
        guard let type = Profile.ProfileType(rawValue: typeName) else {
            errors.append(
                at(
                    typeNode, file: file, field: "\(field).type",
                    "expected openai, portkey, portkey-hosted or echo, got '\(typeName)'"))
            return .failure(errors)
        }
        func string(_ key: String) -> String? {
            guard let node = values[key] else { return nil }
            guard node.scalar != nil, let s = node.string else {
                errors.append(at(node, file: file, field: "\(field).\(key)", "expected a string"))
                return nil
            }
            return s
        }
        func int(_ key: String) -> Int? {
            guard let node = values[key] else { return nil }
            guard let i = node.int else {
                errors.append(at(node, file: file, field: "\(field).\(key)", "expected an integer"))
                return nil
            }
            return i
        }
        func bool(_ key: String) -> Bool? {
            guard let node = values[key] else { return nil }
            guard let b = node.bool else {
                errors.append(at(node, file: file, field: "\(field).\(key)", "expected true or false"))
                return nil
            }
            return b
        }
        func object(_ key: String) -> [String: JSONValue]? {
            guard let node = values[key] else { return nil }
            guard node.mapping != nil, let o = YAMLSupport.json(from: node).objectValue else {
                errors.append(at(node, file: file, field: "\(field).\(key)", "expected a mapping"))
                return nil
            }
            return o
        }
        let baseURL = string("base_url") ?? Profile.defaultBaseURL(for: type)
        if let urlNode = values["base_url"], !isValidBaseURL(baseURL) {
            errors.append(
                at(urlNode, file: file, field: "\(field).base_url", "'\(baseURL)' is not an http:// or https:// URL"))
        }
        // `config:` is a config id, or an inline config given as a mapping (sent as its JSON text).
        let config: String? =
            if let node = values["config"], node.mapping != nil { YAMLSupport.json(from: node).serialized() } else {
                string("config")
            }
        var headers: [String: String] = [:]
        for (k, v) in object("headers") ?? [:] { headers[k] = v.stringValue ?? v.serialized() }
        let keyEnv = string("api_key_env") ?? string("provider_key_env")
        let profile = Profile(
            name: name, type: type, baseURL: baseURL, model: string("model"), apiKeyEnv: keyEnv,
            portkeyAPIKeyEnv: string("portkey_api_key_env"), provider: string("provider"),
            virtualKey: string("virtual_key"), config: config, metadata: object("metadata"),
            traceID: string("trace_id"), cacheNamespace: string("cache_namespace"),
            cacheForceRefresh: bool("cache_force_refresh") ?? false, requestTimeoutMs: int("request_timeout"),
            customHost: string("custom_host"), defaults: object("defaults") ?? object("parameters") ?? [:],
            headers: headers, streamUsage: bool("stream_usage") ?? true, echoDelayMs: int("echo_delay_ms") ?? 20,
            origin: file, line: node.mark?.line)
        var limited = profile
        if let limit = int("max_concurrency") {
            if limit < 1, let limitNode = values["max_concurrency"] {
                errors.append(
                    at(limitNode, file: file, field: "\(field).max_concurrency", "must be at least 1 (got \(limit))"))
            }
            limited.maxConcurrency = max(1, limit)
        }
        limited.retry = retryPolicy(values, file: file, field: field, errors: &errors)
        limited.collection = string("collection")
        return errors.isEmpty ? .success(limited, warnings) : .failure(errors)
    }

    /// `retries:` (0–10, default 1) and `retry_max_wait:` (seconds, 0–600, default 30).
    private static func retryPolicy(
        _ values: [String: Node], file: String, field: String, errors: inout [Diagnostic]
    ) -> RetryPolicy {
        var policy = RetryPolicy.standard
        if let node = values["retries"] {
            if let count = node.int, (0...10).contains(count) {
                policy.retries = count
            } else {
                errors.append(at(node, file: file, field: "\(field).retries", "expected a whole number from 0 to 10"))
            }
        }
        if let node = values["retry_max_wait"] {
            if let seconds = node.float, seconds.isFinite, (0...600).contains(seconds) {
                policy.maximumDelay = seconds
            } else {
                errors.append(
                    at(node, file: file, field: "\(field).retry_max_wait", "expected seconds from 0 to 600"))
            }
        }
        return policy
    }

    /// The host is read as written (`encodedHost`): `host` and `percentEncodedHost` decode an IDNA name
    /// through ICU, whose first use loads its UTS #46 tables (every command reads every profile, so every
    /// start paid it).
    static func isValidBaseURL(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.encodedHost, !host.isEmpty
        else { return false }
        return true
    }

    /// A readable-by-others config file is worth a warning when it carries anything secret-looking.
    static func permissionWarnings(path: String, profiles: [Profile]) -> [Diagnostic] {
        let hasInlineSecrets = profiles.contains { profile in
            profile.headers.keys.contains {
                ["authorization", "x-portkey-api-key", "api-key", "x-api-key"].contains($0.lowercased())
            }
                || profile.virtualKey != nil
        }
        // stat(2), not `FileManager.attributesOfItem`, which also looks up the owner's user and group names.
        var info = stat()
        guard hasInlineSecrets, stat(path, &info) == 0 else { return [] }
        let mode = Int(info.st_mode) & 0o7777
        guard mode & 0o044 != 0 else { return [] }
        return [
            Diagnostic(
                .warning, file: path,
                message:
                    "holds a key inline and is readable by others (mode \(String(mode, radix: 8))); run chmod 600 \(path)"
            )
        ]
    }

    static func at(
        _ node: Node, file: String, field: String? = nil, severity: Diagnostic.Severity = .error, _ message: String
    ) -> Diagnostic {
        Diagnostic(
            severity, file: file, line: node.mark?.line, column: node.mark?.column, field: field, message: message)
    }
}
