import Foundation
import GRDB

/// Which runs `list` and `search` return; nil fields do not filter.
public struct HistoryFilter: Sendable, Equatable {
    public var promptID: String?
    public var model: String?
    public var profileName: String?
    public var status: RunStatus?
    /// Only runs created at or after this moment.
    public var since: Date?
    /// Only runs created before this moment.
    public var before: Date?
    public var groupID: String?
    public var parentID: String?
    /// Only runs of this version number (of `promptID`'s versions: set both).
    public var versionNumber: Int?
    /// Only runs whose checks all passed, or with a failed check (runs without checks match neither).
    public var checks: CheckFilter? = nil

    public init(
        promptID: String? = nil, model: String? = nil, profileName: String? = nil, status: RunStatus? = nil,
        since: Date? = nil, before: Date? = nil, groupID: String? = nil, parentID: String? = nil,
        versionNumber: Int? = nil, checks: CheckFilter? = nil
    ) {
        self.checks = checks
        self.versionNumber = versionNumber
        self.promptID = promptID
        self.model = model
        self.profileName = profileName
        self.status = status
        self.since = since
        self.before = before
        self.groupID = groupID
        self.parentID = parentID
    }

    /// SQL conditions on table `run` and their arguments, joined with AND (empty: no filter).
    var sqlConditions: (sql: [String], arguments: [DatabaseValue]) {
        var sql: [String] = []
        var arguments: [DatabaseValue] = []
        func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            sql.append(condition)
            arguments.append(value.databaseValue)
        }
        add("run.prompt_id = ?", promptID)
        add("run.model = ?", model)
        add("run.profile = ?", profileName)
        add("run.status = ?", status?.rawValue)
        add("run.created_at >= ?", since.map(RunRowCoding.milliseconds))
        add("run.created_at < ?", before.map(RunRowCoding.milliseconds))
        add("run.group_id = ?", groupID)
        add("run.parent_id = ?", parentID)
        add("run.version_number = ?", versionNumber)
        switch checks {
        case .failed?: sql.append("run.checks_failed > 0")
        case .passed?: sql.append("run.checks_failed = 0 AND run.checks_passed > 0")
        case nil: break
        }
        return (sql, arguments)
    }
}

/// `history list --checks failed|passed`.
public enum CheckFilter: String, Sendable, Equatable, CaseIterable {
    case failed, passed
}

/// The light view of a run that lists and search results show (no big columns).
public struct RunSummary: Sendable, Equatable {
    public var id: String
    public var createdAt: Date
    public var promptID: String
    public var model: String
    public var profileName: String
    public var status: RunStatus
    public var totalTokens: Int?
    public var timeToFirstTokenMs: Int?
    public var durationMs: Int?
    /// The first non-blank line of the output (choice 0), at most 200 characters.
    public var firstLine: String
    public var groupID: String?
    public var parentID: String?
    /// `totalTokens` holds PromptDeck's estimate (the server sent no usage).
    public var tokensEstimated = false
    /// Checks that passed and failed; nil when the run was not checked.
    public var checksPassed: Int? = nil
    public var checksFailed: Int? = nil
    /// What the run cost, when it was known.
    public var cost: RunCost? = nil
}

/// One search hit: the run, an excerpt with the matches marked, and its bm25 rank (lower is better).
public struct HistorySearchResult: Sendable, Equatable {
    public var summary: RunSummary
    public var snippet: String
    public var rank: Double
}

/// Counts per prompt or per model.
public struct HistoryStatsRow: Sendable, Equatable {
    /// The prompt id or model name.
    public var key: String
    public var runs: Int
    public var totalTokens: Int
    /// Some of `totalTokens` is PromptDeck's estimate (runs whose server sent no usage).
    public var tokensEstimated = false
    /// Runs with status `error`.
    public var errors: Int
    public var cancelled: Int
}

/// What `history stats` shows.
public struct HistoryStats: Sendable, Equatable {
    public var byPrompt: [HistoryStatsRow]
    public var byModel: [HistoryStatsRow]
    /// All runs together (its key is empty).
    public var total: HistoryStatsRow
}
