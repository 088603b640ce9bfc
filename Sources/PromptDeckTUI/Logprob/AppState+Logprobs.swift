import PromptDeckCore

/// The token cursor: moves over the heatmap's tokens and shows each one's alternatives.
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
        let count = output.currentTokens.count
        switch Keymap.command(for: key, in: [.logprobs]) {
        case .nextToken?: tokenCursor = min(max(0, count - 1), cursor + 1)
        case .previousToken?: tokenCursor = max(0, cursor - 1)
        case .close?: tokenCursor = nil
        default:
            if let command = Keymap.command(for: key, in: [.global]), command == .forceQuit { return perform(command) }
        }
        return []
    }
}
