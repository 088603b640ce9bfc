import PromptDeckCore

/// The token cursor: moves over the heatmap's tokens and shows each one's alternatives.
public enum TokenCursor {
    /// Where the cursor goes for `key` over `count` tokens: a token index, or nil when the key leaves it.
    /// Keys it does not bind leave it where it is.
    public static func handle(_ key: Key, at cursor: Int, count: Int) -> Int? {
        switch Keymap.command(for: key, in: [.logprobs]) {
        case .nextToken?: return min(max(0, count - 1), cursor + 1)
        case .previousToken?: return max(0, cursor - 1)
        case .close?: return nil
        default: return cursor
        }
    }
}

extension AppState {
    mutating func startTokenCursor() -> [Effect] {
        guard !output.currentTokens.isEmpty else {
            statusMessage = StatusMessage(.warning, "no logprobs: set logprobs (chat: logprobs + top_logprobs)")
            return []
        }
        tokenCursor = 0
        return []
    }

    mutating func handleTokenCursorKey(_ key: Key) -> [Effect] {
        guard let cursor = tokenCursor else { return [] }
        if let global = Keymap.command(for: key, in: [.global]), Self.globalsEverywhere.contains(global),
            Keymap.command(for: key, in: [.logprobs]) == nil
        {
            return perform(global)
        }
        tokenCursor = TokenCursor.handle(key, at: cursor, count: output.currentTokens.count)
        return []
    }
}
