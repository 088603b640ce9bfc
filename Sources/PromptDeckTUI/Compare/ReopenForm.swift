import Foundation
import PromptDeckCore

/// The reopen overlay (`O`): a group or run id typed (any unique prefix), or one of the recent
/// comparisons picked with ↑/↓.
public struct ReopenForm: Equatable, Sendable {
    public var field: TextField
    /// The newest comparisons in history (filled in when the runtime answers).
    public var recent: [ComparisonListing] = []
    /// The recent comparison picked, or nil for the typed text.
    public var cursor: Int?

    /// A form starting from `text` (the comparison shown, if any).
    public init(_ text: String = "") {
        field = TextField(text)
    }

    /// What a key did to the form.
    public enum Outcome: Equatable, Sendable {
        case editing
        case closed
        /// Enter: reopen this group (or run) id.
        case chosen(String)
    }

    /// The recent comparisons that match what is typed (all of them while nothing is).
    public var visibleRecent: [ComparisonListing] {
        let needle = field.text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !needle.isEmpty, cursor == nil else { return recent }
        return recent.filter { $0.groupID.hasPrefix(needle) || $0.promptID.lowercased().contains(needle) }
    }

    /// ↑/↓ pick a recent comparison, typing edits the id, Enter reopens, Esc closes.
    public mutating func handle(_ key: Key) -> Outcome {
        let shown = visibleRecent
        switch Keymap.command(for: key, in: [.reopenForm]) {
        case .moveDown?:
            guard !shown.isEmpty else { return .editing }
            cursor = min(shown.count - 1, (cursor ?? -1) + 1)
            return .editing
        case .moveUp?:
            guard let current = cursor else { return .editing }
            cursor = current == 0 ? nil : current - 1
            return .editing
        default:
            break
        }
        switch field.handle(key) {
        case .committed(let text):
            if let cursor, shown.indices.contains(cursor) { return .chosen(shown[cursor].groupID) }
            let typed = text.trimmingCharacters(in: .whitespaces)
            return typed.isEmpty ? .closed : .chosen(typed)
        case .abandoned: return .closed
        case .edited:
            cursor = nil
            return .editing
        case .ignored: return .editing
        }
    }
}
