import Foundation
import Yams

/// The profiles a user can run against, from `config.yaml` and the environment.
public struct Configuration: Sendable {
    public var profiles: [Profile]
    public var defaultProfileName: String
    /// The config file, when one was read.
    public var file: String?
    public var warnings: [Diagnostic]
    /// `theme:` in the config file: the playground's default theme (a `--theme` flag and the last theme
    /// chosen in the playground come first; see `PreferenceStore.themeName`).
    public var themeName: String? = nil
    /// `mouse:` in the config file: false turns the playground's mouse off (as `--no-mouse` does); nil
    /// when the file does not say.
    public var mouse: Bool? = nil
    /// `prices:` in the config file: model name to USD per 1M tokens, over the bundled table.
    public var prices: [String: ModelPrice] = [:]

    /// The prices in force: the bundled table with the config's `prices:` on top.
    public var priceTable: PriceTable { PriceTable.bundled.merging(prices, source: file ?? "config") }

    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// The profile to use: the one asked for, else the default.
    public func resolveProfile(_ requested: String?) throws(Diagnostic) -> Profile {
        let name = requested ?? defaultProfileName
        if let profile = profile(named: name) { return profile }
        let names = profiles.map(\.name)
        let hint = EditDistance.nearest(to: name, in: names).map { " Did you mean '\($0)'?" } ?? ""
        throw Diagnostic(
            file: file ?? "--profile", field: "profile",
            message: "unknown profile '\(name)' (known: \(names.joined(separator: ", "))).\(hint)")
    }

    /// Loads the config file if present, then adds the profiles the environment implies.
    /// With no file: `OPENAI_API_KEY` gives `openai`, `PORTKEY_API_KEY` gives `portkey-hosted`, `echo` always exists.
    public static func load(
        paths: PromptDeckPaths, environment: [String: String] = ProcessEnvironment.current
    ) throws(DiagnosticList) -> Configuration {
        if FileManager.default.fileExists(atPath: paths.configFile) {
            var parsed = try ConfigFileParser.parse(path: paths.configFile)
            parsed.warnings += ConfigFileParser.permissionWarnings(path: paths.configFile, profiles: parsed.profiles)
            return try assemble(parsed, file: paths.configFile, environment: environment)
        } else if paths.configFileIsExplicit {
            throw DiagnosticList([Diagnostic(file: paths.configFile, message: "config file not found")])
        }
        return try assemble(nil, file: paths.configFile, environment: environment)
    }

    /// Like `load`, from a config file's text with no file-system access (`file` names it in messages).
    public static func parse(
        text: String, file: String, environment: [String: String] = [:]
    ) throws(DiagnosticList) -> Configuration {
        try assemble(ConfigFileParser.parse(text: text, file: file), file: file, environment: environment)
    }

    /// The configuration of a parsed config file (nil when there is none), plus the environment's profiles.
    private static func assemble(
        _ parsed: ConfigFileParser.Parsed?, file configFile: String, environment: [String: String]
    ) throws(DiagnosticList) -> Configuration {
        var profiles = parsed?.profiles ?? []
        let defaultName = parsed?.defaultProfile
        let warnings = parsed?.warnings ?? []
        let file = parsed == nil ? nil : configFile
        func addIfAbsent(_ profile: Profile) {
            if !profiles.contains(where: { $0.name == profile.name }) { profiles.append(profile) }
        }
        if environment["OPENAI_API_KEY"] != nil {
            let base = environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            addIfAbsent(
                Profile(
                    name: "openai", type: .openai, baseURL: base ?? Profile.defaultBaseURL(for: .openai),
                    apiKeyEnv: "OPENAI_API_KEY", origin: "$OPENAI_API_KEY"))
        }
        if environment["PORTKEY_API_KEY"] != nil {
            addIfAbsent(
                Profile(
                    name: "portkey-hosted", type: .portkeyHosted, baseURL: Profile.defaultBaseURL(for: .portkeyHosted),
                    portkeyAPIKeyEnv: "PORTKEY_API_KEY", origin: "$PORTKEY_API_KEY"))
        }
        addIfAbsent(.echo)
        let fallback = profiles.contains { $0.name == "openai" && $0.origin == "$OPENAI_API_KEY" } ? "openai" : "echo"
        var configuration = Configuration(
            profiles: profiles,
            defaultProfileName: defaultName ?? (file == nil ? fallback : profiles.first?.name ?? "echo"),
            file: file, warnings: warnings, themeName: parsed?.themeName, mouse: parsed?.mouse)
        configuration.prices = parsed?.prices ?? [:]
        if let defaultName, configuration.profile(named: defaultName) == nil {
            throw DiagnosticList([
                Diagnostic(
                    file: configFile, field: "default_profile",
                    message:
                        "names '\(defaultName)', which is not a profile (known: \(profiles.map(\.name).joined(separator: ", ")))"
                )
            ])
        }
        return configuration
    }
}
