import Foundation

/// The last list of a profile's Portkey prompts, on disk: shown at once at start-up, and instead of the
/// live list when Portkey cannot be asked (with its age and the error). One JSON file per profile.
public struct PortkeyListCache: Sendable {
    /// What the cache holds for one profile.
    public struct Entry: Sendable, Equatable, Codable {
        public var profile: String
        public var baseURL: String
        public var collection: String?
        public var fetchedAt: Date
        public var prompts: [PortkeyPromptSummary]
    }

    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `PROMPTDECK_CACHE`, else `$XDG_CACHE_HOME/promptdeck/portkey` (`~/.cache/promptdeck/portkey`).
    public static func defaultDirectory(environment: [String: String] = ProcessEnvironment.current) -> String {
        if let explicit = environment["PROMPTDECK_CACHE"], !explicit.isEmpty { return explicit + "/portkey" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let cacheHome = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.cache"
        return cacheHome + "/promptdeck/portkey"
    }

    /// The cached list of `profile`, if any was saved for the same base URL and collection.
    public func read(profile: Profile) -> Entry? {
        guard let data = FileManager.default.contents(atPath: path(for: profile.name)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let entry = try? decoder.decode(Entry.self, from: data), entry.baseURL == profile.baseURL,
            entry.collection == profile.collection
        else { return nil }
        return entry
    }

    /// Saves a fresh list (best effort: a cache that cannot be written only costs the next offline start).
    public func write(_ entry: Entry) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(entry) else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = path(for: entry.profile)
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        _ = rename(temporary, path)
    }

    func path(for profile: String) -> String {
        let safe = profile.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        return directory + "/" + String(safe) + ".json"
    }
}
