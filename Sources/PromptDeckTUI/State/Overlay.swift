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
    /// What to save: the draft, as a new id, the values as defaults, the parameters.
    case saveDraft(SaveMenu)
    /// A new prompt from a skeleton: its id, and chat or completion (Tab).
    case newPrompt(NewPromptForm)
    /// The prompt's versions, with the selected one's diff against the file.
    case versions(VersionList)
    /// A question about an unsaved draft (quit, or the file changed on disk).
    case confirmDraft(DraftQuestion)
    /// The next turn of a conversation: a user message, or a tool call's result.
    case say(SayForm)
}

/// The save overlay: a menu of what to save, or the id typed for "save as".
public struct SaveMenu: Equatable, Sendable {
    public var saveAs: TextField?
    /// The id typed is for the conversation saved as a new prompt (its turns as few-shot messages).
    public var conversation = false
    public init(saveAs: TextField? = nil, conversation: Bool = false) {
        self.saveAs = saveAs
        self.conversation = conversation
    }
}

/// The new-prompt overlay.
public struct NewPromptForm: Equatable, Sendable {
    public var id = TextField()
    public var kind: PromptKind = .chat
    public init() {}
}

/// The version list overlay.
public struct VersionList: Equatable, Sendable {
    public var promptID: String
    /// Nil while loading.
    public var versions: [VersionRow]?
    public var error: String?
    public var cursor = 0
    public var scroll = 0

    public init(promptID: String) { self.promptID = promptID }
}

/// One version as the playground lists it.
public struct VersionRow: Equatable, Sendable {
    public var number: Int
    public var shortHash: String
    public var firstSeen: String
    public var runs: Int
    public var labels: [String]
    public var isCurrent: Bool
    /// The version's prompt file text.
    public var source: String
    /// Its unified diff against the file as it is now ("" when the same).
    public var diff: String
    /// A version of Portkey's (a `portkey:` prompt): run by its number, publishable; `isCurrent` is the default.
    public var isHosted = false
    /// Portkey's description of the version.
    public var note: String?

    public init(
        number: Int, shortHash: String, firstSeen: String, runs: Int, labels: [String], isCurrent: Bool,
        source: String, diff: String, isHosted: Bool = false, note: String? = nil
    ) {
        self.isHosted = isHosted
        self.note = note
        self.number = number
        self.shortHash = shortHash
        self.firstSeen = firstSeen
        self.runs = runs
        self.labels = labels
        self.isCurrent = isCurrent
        self.source = source
        self.diff = diff
    }
}

/// Why an unsaved draft needs an answer.
public enum DraftQuestion: Equatable, Sendable {
    /// Quit with the draft unsaved? (It is kept and offered back on the next start.)
    case quit
    /// The prompt file changed on disk: replace the draft with the new file?
    case reload(promptID: String)
    /// Make version `number` of a Portkey prompt its default (published) version?
    case publish(promptID: String, number: Int)
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
