import Foundation
import PromptDeckCore

/// The history browser: runs newest first (or search hits), filters, marks, and the selected run's detail.
public struct HistoryBrowser: Equatable, Sendable {
    /// What the browser is asking the user, if anything.
    public enum Question: Equatable, Sendable {
        /// Where to export the run, and in which format (Tab cycles).
        case export(runID: String, format: ExportFormat, path: TextField)
        /// "Delete this run?"
        case delete(runID: String)
    }

    public var rows: [HistoryRow] = []
    public var cursor = 0
    /// The first row shown.
    public var scroll = 0
    public var query = TextField()
    /// Whether keys go to the search box.
    public var isTyping = false
    /// The sequence number of the newest query sent; answers to older ones are dropped.
    public var sequence = 0
    public var loading = false
    public var statusFilter: RunStatus?
    public var modelFilter: String?
    public var promptFilter: String?
    public var profileFilter: String?
    /// Values seen in listed rows, for the filter cycles.
    public var knownModels: [String] = []
    public var knownPrompts: [String] = []
    public var knownProfiles: [String] = []
    /// Marked run ids, in the order they were marked.
    public var marked: [String] = []
    /// The selected run whole (boxed: a record is large, and the browser is kept in `AppState`).
    public var detail: HistoryDetail? {
        get { detailStorage.first }
        set { detailStorage = newValue.map { [$0] } ?? [] }
    }
    private var detailStorage: [HistoryDetail] = []
    public var detailScroll = 0
    /// Whether j/k scroll the detail pane instead of moving in the list.
    public var detailFocused = false
    public var question: Question?
    /// Opened over compare mode: closing goes back to the columns.
    public var returnsToComparison = false
    public var error: String?
    /// The zone times are shown in (tests fix it).
    public var timeZone = TimeZone.current

    /// An empty browser.
    public init() {}

    /// The selected row.
    public var selected: RunSummary? { rows.indices.contains(cursor) ? rows[cursor].summary : nil }

    /// The query the list shows now.
    public var currentQuery: HistoryQuery {
        HistoryQuery(
            text: query.text,
            filter: HistoryFilter(
                promptID: promptFilter, model: modelFilter, profileName: profileFilter, status: statusFilter))
    }

    /// Remembers prompts, models and profiles seen, so filters can cycle through them.
    mutating func learn(from rows: [HistoryRow]) {
        for row in rows {
            if !knownModels.contains(row.summary.model) { knownModels.append(row.summary.model) }
            if !knownPrompts.contains(row.summary.promptID) { knownPrompts.append(row.summary.promptID) }
            if !knownProfiles.contains(row.summary.profileName) { knownProfiles.append(row.summary.profileName) }
        }
    }

    /// The value after `current` in `values`, then none again.
    static func cycle(_ current: String?, in values: [String]) -> String? {
        let sorted = values.sorted()
        guard let current, let index = sorted.firstIndex(of: current) else { return sorted.first }
        return index + 1 < sorted.count ? sorted[index + 1] : nil
    }

    /// The status after `current`: ok, error, cancelled, interrupted, running, then none.
    static func cycle(_ current: RunStatus?) -> RunStatus? {
        let order: [RunStatus] = [.ok, .error, .cancelled, .interrupted, .running]
        guard let current, let index = order.firstIndex(of: current) else { return order.first }
        return index + 1 < order.count ? order[index + 1] : nil
    }
}

/// One line of the history list: the run, and the search excerpt when it came from a search.
public struct HistoryRow: Equatable, Sendable {
    public var summary: RunSummary
    public var snippet: String?

    /// Creates a row.
    public init(summary: RunSummary, snippet: String? = nil) {
        self.summary = summary
        self.snippet = snippet
    }
}

/// Everything the detail pane shows about one run.
public struct HistoryDetail: Equatable, Sendable {
    public var record: RunRecord
    public var events: [RecordedEvent]
    public var parent: RunSummary?
    public var children: [RunSummary]
    /// The prompt file's template as it is now (nil when the file is gone or fails to load).
    public var currentSource: String?

    /// Creates a detail.
    public init(
        record: RunRecord, events: [RecordedEvent] = [], parent: RunSummary? = nil, children: [RunSummary] = [],
        currentSource: String? = nil
    ) {
        self.record = record
        self.events = events
        self.parent = parent
        self.children = children
        self.currentSource = currentSource
    }

    /// Whether the prompt file changed since the run (the recorded template is still what replays use).
    public var promptChanged: Bool { currentSource.map { $0 != record.templateSource } ?? false }
}

/// The export formats `RunExporter` writes.
public enum ExportFormat: String, CaseIterable, Equatable, Sendable {
    case json, curl, markdown

    /// The file extension a default path gets.
    public var fileExtension: String {
        switch self {
        case .json: return "json"
        case .curl: return "sh"
        case .markdown: return "md"
        }
    }

    /// The next format (Tab in the export prompt).
    public var next: ExportFormat {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }
}
