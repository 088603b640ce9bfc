import Foundation

/// PromptDeck's name for a prompt in Portkey's library: `portkey:<slug>`, with `@N`, `@latest` or `@LABEL`
/// after it as for any prompt id (`PromptReference` splits those off).
public enum PortkeyPromptID {
    public static let prefix = "portkey:"

    /// True for `portkey:…` ids.
    public static func isPortkey(_ promptID: String) -> Bool { promptID.hasPrefix(prefix) }

    /// The slug (or Portkey id) of `portkey:<slug>`; nil for a local prompt id or an empty slug.
    public static func slug(of promptID: String) -> String? {
        guard isPortkey(promptID) else { return nil }
        let slug = String(promptID.dropFirst(prefix.count))
        return slug.isEmpty ? nil : slug
    }

    /// `portkey:<slug>`.
    public static func make(slug: String) -> String { prefix + slug }
}
