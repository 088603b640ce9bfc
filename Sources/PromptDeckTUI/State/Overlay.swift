import PromptDeckCore

/// Something drawn over the panes that takes the keys while open.
public enum Overlay: Equatable, Sendable {
    case help(scroll: Int)
    case preview(PreviewContent?, error: String?, scroll: Int)
    case picker(Picker)
    /// "A run is going: quit anyway?"
    case confirmQuit
    /// The multi-line editor for a variable.
    case editor(variable: String, field: TextField)
    /// Asks where to save the output.
    case save(TextField)
    /// Sweeps and repeats that make the comparison's columns.
    case sweep(SweepForm)
    /// Asks for the group (or run) id of a comparison to reopen from history.
    case reopen(ReopenForm)
    /// The last messages in full, newest first.
    case messages(scroll: Int)
    /// A sweep over columns edited by hand: replace them, add to them, or keep them.
    case confirmSweep([ComparisonVariant])
}

/// A list to choose from, with a filter you type into; model pickers also accept the typed text.
public struct Picker: Equatable, Sendable {
    public enum Purpose: String, Equatable, Sendable { case theme, model, profile }

    public var purpose: Purpose
    public var items: [String]
    public var filter = TextField()
    public var cursor = 0
    /// Whether Enter on no match uses the filter text itself.
    public var acceptsTypedText: Bool
    /// What is in use now (the title says so).
    public var current: String?
    /// Items the server listed (model pickers), marked in the list.
    public var served: Set<String> = []
    /// A line under the list (why the server's models are missing).
    public var note: String?

    /// Creates a picker, its cursor on `current` when listed.
    public init(purpose: Purpose, items: [String], current: String?, acceptsTypedText: Bool = false) {
        self.purpose = purpose
        self.items = items
        self.acceptsTypedText = acceptsTypedText
        self.current = current
        cursor = current.flatMap { items.firstIndex(of: $0) } ?? 0
    }

    /// Adds the models a server serves after the ones already listed (recent and configured first).
    public mutating func addServed(_ models: [String]) {
        let chosen = visibleItems.indices.contains(cursor) ? visibleItems[cursor] : nil
        for model in models where !items.contains(model) { items.append(model) }
        served.formUnion(models)
        if let chosen, let index = visibleItems.firstIndex(of: chosen) { cursor = index }
    }

    /// Items matching the filter (case-insensitive substring).
    public var visibleItems: [String] {
        let needle = filter.text.lowercased()
        return needle.isEmpty ? items : items.filter { $0.lowercased().contains(needle) }
    }

    /// What Enter picks.
    public var choice: String? {
        let visible = visibleItems
        if visible.indices.contains(cursor) { return visible[cursor] }
        let typed = filter.text.trimmingCharacters(in: .whitespaces)
        return acceptsTypedText && !typed.isEmpty ? typed : nil
    }
}
