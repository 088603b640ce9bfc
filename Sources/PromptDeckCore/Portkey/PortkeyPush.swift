import Foundation

/// What pushing a linked local prompt to Portkey came to.
public enum PortkeyPushOutcome: Sendable, Equatable {
    /// A new version was made: its number, and the local file's text with `portkey_version` moved to it.
    case pushed(number: Int, relinkedText: String)
    /// Portkey's latest version is newer than the one the file was pulled from: nothing was sent.
    case conflict(latest: Int, pulled: Int?, diff: String)
}

extension PortkeyLibrary {
    /// The slug a local prompt file links to (`portkey_prompt_id: slug[@…]`), nil when it links to none.
    public static func linkedSlug(of prompt: Prompt) -> String? {
        prompt.portkeyPromptID.map { String($0.split(separator: "@", maxSplits: 1).first ?? "") }.flatMap {
            $0.isEmpty ? nil : $0
        }
    }

    /// Sends `prompt` (a pulled, linked prompt file, as `localName` says it) as a new Portkey version of the
    /// prompt it links to, unless Portkey has a version newer than the one it was pulled from (then the
    /// difference is given and nothing is sent; `force` sends anyway). The CLI's `prompts push` and the
    /// playground's push share this.
    public func pushVersion(
        of prompt: Prompt, slug: String, localName: String, description: String?, force: Bool,
        client: PortkeyAdminClient
    ) throws(PortkeyAdminError) -> PortkeyPushOutcome {
        let id = PortkeyPromptID.make(slug: slug)
        let body = PortkeyPromptFile.pushBody(for: prompt, description: description)
        let pulled = PortkeyPromptFile.linkFields(in: prompt.sourceText).version
        let versions = try client.versions(of: slug)
        if let latest = versions.last, latest.number > (pulled ?? 0), !force {
            let remote = try client.version(of: slug, versionID: latest.id)
            let isChat = prompt.kind == .chat
            let diff = UnifiedDiff.text(
                old: PortkeyPromptFile.comparableText(string: remote.string, isChat: isChat),
                new: PortkeyPromptFile.comparableText(string: body["string"]?.stringValue ?? "", isChat: isChat),
                oldName: "\(id)@\(latest.number) (Portkey)", newName: "\(localName) (local)", context: 3)
            return .conflict(latest: latest.number, pulled: pulled, diff: diff)
        }
        let result = try client.createVersion(of: slug, body: body)
        let after = try client.versions(of: slug)
        let number = after.first { $0.id == result.versionID }?.number ?? after.last?.number ?? 0
        return .pushed(
            number: number,
            relinkedText: PortkeyPromptFile.settingVersion(number, in: prompt.sourceText, portkeyID: slug))
    }
}
