import Foundation

/// Loads `portkey:` prompts for `RunPlanner` (run, render, compare, eval, prompts show).
public protocol PortkeyPromptLoading: Sendable {
    /// The prompt `reference` names (`portkey:slug`, with an optional `@N`, `@latest` or `@LABEL`), fetched
    /// through a portkey-hosted profile (`profileName` when it is one).
    func loadSource(_ reference: PromptReference, profileName: String?) throws(DiagnosticList)
        -> RunPlanner.LoadedSource
}

/// A profile's Portkey prompts for a list, live or from the disk cache.
public struct PortkeyPromptList: Sendable, Equatable {
    public var profile: String
    public var prompts: [PortkeyPromptSummary]
    /// When the list was fetched (now, for a live list); nil when there is no list at all.
    public var fetchedAt: Date?
    /// True when the list is the cached one (Portkey could not be asked, or was not asked yet).
    public var isCached: Bool
    /// Why the live list is not shown; nil when it is.
    public var error: PortkeyAdminError?

    /// Seconds since the list was fetched.
    public func age(now: Date = Date()) -> TimeInterval? { fetchedAt.map { max(0, now.timeIntervalSince($0)) } }

    /// `3 min ago`, `2 h ago`, `4 days ago` (nil with no list).
    public func ageDescription(now: Date = Date()) -> String? {
        guard let age = age(now: now) else { return nil }
        switch age {
        case ..<60: return "\(Int(age)) s ago"
        case ..<3600: return "\(Int(age / 60)) min ago"
        case ..<86_400: return "\(Int(age / 3600)) h ago"
        default: return "\(Int(age / 86_400)) days ago"
        }
    }
}

/// One Portkey version for `prompts versions --portkey` and the playground's versions list.
public struct PortkeyVersionRow: Sendable, Equatable {
    public var version: PortkeyPromptVersionSummary
    /// Label names (from `GET /labels`).
    public var labels: [String]
    /// The default (published) version, the one `portkey:slug` without `@` runs.
    public var isDefault: Bool
}

/// A `portkey:` prompt fetched at one version, as the playground opens it.
public struct PortkeyLoadedPrompt: Sendable {
    /// The prompt, parsed from `fileText` as a pulled file would be (so variables, rendering and the
    /// parameters panel work as for a local prompt); `portkeyPromptID` pins the version for hosted runs.
    public var prompt: Prompt
    public var detail: PortkeyPromptDetail
    public var versionNumber: Int?
    public var labels: [String]
    public var isDefault: Bool
    /// The prompt file text it was parsed from (what `prompts pull` writes, less the header).
    public var fileText: String
    /// Partials it uses, fetched from Portkey by name.
    public var partials: [String: String]
    public var warnings: [Diagnostic]
    /// The profile it was fetched through.
    public var profile: Profile
}

/// Portkey's prompt library through a portkey-hosted profile: the list (with its disk cache), a prompt at
/// a version as a `Prompt`, versions with labels. The headless CLI and the playground share it.
public struct PortkeyLibrary: PortkeyPromptLoading {
    public var configuration: Configuration
    public var environment: [String: String]
    public var transport: any Transport
    public var cache: PortkeyListCache?
    public var options: TransferOptions

    public init(
        configuration: Configuration, transport: any Transport,
        environment: [String: String] = ProcessEnvironment.current, cache: PortkeyListCache? = nil,
        options: TransferOptions = TransferOptions(connectTimeout: 5, totalTimeout: 20)
    ) {
        self.configuration = configuration
        self.environment = environment
        self.transport = transport
        self.cache = cache
        self.options = options
    }

    /// The portkey-hosted profile to use: `name` when given (it must be one), else the default profile when
    /// it is one, else the first configured.
    public func hostedProfile(named name: String?) throws(DiagnosticList) -> Profile {
        if let name {
            let profile: Profile
            do { profile = try configuration.resolveProfile(name) } catch { throw DiagnosticList([error]) }
            if profile.type == .portkeyHosted { return profile }
        }
        if let fallback = try? configuration.resolveProfile(nil), fallback.type == .portkeyHosted { return fallback }
        if let first = configuration.profiles.first(where: { $0.type == .portkeyHosted }) { return first }
        throw DiagnosticList([
            Diagnostic(
                file: configuration.file ?? "config.yaml",
                message:
                    "Portkey's prompt library needs a portkey-hosted profile (type: portkey-hosted, "
                    + "portkey_api_key_env: PORTKEY_API_KEY), or PORTKEY_API_KEY set")
        ])
    }

    public func client(for profile: Profile) -> PortkeyAdminClient {
        PortkeyAdminClient(profile: profile, environment: environment, transport: transport, options: options)
    }

    /// The cached list only (no request): what start-up shows at once.
    public func cachedList(profile: Profile) -> PortkeyPromptList {
        let entry = cache?.read(profile: profile)
        return PortkeyPromptList(
            profile: profile.name, prompts: entry?.prompts ?? [], fetchedAt: entry?.fetchedAt, isCached: true,
            error: nil)
    }

    /// The live list (every page, in the profile's `collection:`, matching `search`), saved to the cache;
    /// on any error the cached list (filtered by `search`) with its age and the error. Never throws.
    public func list(profile: Profile, search: String? = nil, now: Date = Date()) -> PortkeyPromptList {
        do {
            let prompts = try client(for: profile).listAllPrompts(collection: profile.collection, search: search)
            if search?.isEmpty ?? true {
                cache?.write(
                    PortkeyListCache.Entry(
                        profile: profile.name, baseURL: profile.baseURL, collection: profile.collection,
                        fetchedAt: now, prompts: prompts))
            }
            return PortkeyPromptList(
                profile: profile.name, prompts: prompts, fetchedAt: now, isCached: false, error: nil)
        } catch {
            var cached = cachedList(profile: profile)
            if let search, !search.isEmpty {
                cached.prompts = cached.prompts.filter {
                    $0.name.localizedCaseInsensitiveContains(search) || $0.slug.localizedCaseInsensitiveContains(search)
                }
            }
            cached.error = error
            return cached
        }
    }

    /// The prompt `reference` names, fetched at its version, as a `Prompt` (see `PortkeyLoadedPrompt`).
    public func load(_ reference: PromptReference, profileName: String? = nil) throws(DiagnosticList)
        -> PortkeyLoadedPrompt
    {
        let profile = try hostedProfile(named: profileName)
        guard let slug = PortkeyPromptID.slug(of: reference.promptID) else {
            throw DiagnosticList([
                Diagnostic(file: reference.description, message: "expected portkey:<slug>, e.g. portkey:tagline")
            ])
        }
        let resolved: PortkeyResolver.Resolved
        var partials: [String: String] = [:]
        do {
            let resolver = PortkeyResolver(client: client(for: profile))
            resolved = try resolver.resolve(slug: slug, selector: reference.selector)
            partials = try resolver.partials(for: resolved.detail)
        } catch {
            throw DiagnosticList([error.diagnostic(file: reference.description)])
        }
        // Runs pin the version that was fetched (what is shown is what runs); no selector runs the default.
        let linked = reference.selector == nil ? slug : "\(slug)@\(resolved.number.map(String.init) ?? "latest")"
        let text = PortkeyPromptFile.fileText(
            resolved.detail, linked: linked, version: resolved.number, profile: profile.name)
        let file = reference.description
        let parsed = PromptFileParser.parse(text, id: reference.promptID, file: file)
        guard let prompt = parsed.prompt else { throw DiagnosticList(parsed.errors + parsed.warnings) }
        return PortkeyLoadedPrompt(
            prompt: prompt, detail: resolved.detail, versionNumber: resolved.number, labels: resolved.labels,
            isDefault: resolved.isDefault, fileText: text, partials: partials, warnings: parsed.warnings,
            profile: profile)
    }

    /// A `portkey:` prompt as a run source: `RunPlanner.loadPrompt` calls this for `portkey:` ids.
    public func loadSource(_ reference: PromptReference, profileName: String?) throws(DiagnosticList)
        -> RunPlanner.LoadedSource
    {
        let loaded = try load(reference, profileName: profileName)
        let number = loaded.versionNumber.map(String.init) ?? "?"
        let label: String
        switch reference.selector {
        case .label(let name): label = "portkey \(name) (\(number))"
        case .latest: label = "portkey latest (\(number))"
        case .number, nil: label = "portkey \(number)"
        }
        let source = PromptSource(
            text: loaded.fileText, partials: loaded.partials, label: label, file: reference.description)
        return RunPlanner.LoadedSource(prompt: loaded.prompt, warnings: loaded.warnings, source: source)
    }

    /// Every version of `portkey:slug` with its label names and which one is the default.
    public func versions(of promptID: String, profileName: String? = nil) throws(DiagnosticList) -> [PortkeyVersionRow]
    {
        let profile = try hostedProfile(named: profileName)
        guard let slug = PortkeyPromptID.slug(of: promptID) ?? (promptID.isEmpty ? nil : promptID) else {
            throw DiagnosticList([Diagnostic(file: promptID, message: "expected portkey:<slug>")])
        }
        do {
            return try PortkeyResolver(client: client(for: profile)).rows(slug: slug)
        } catch {
            throw DiagnosticList([error.diagnostic(file: PortkeyPromptID.make(slug: slug))])
        }
    }
}
