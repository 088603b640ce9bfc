/// How one check went on one choice of a run.
public enum CheckStatus: String, Sendable, Equatable, Codable {
    case passed, failed
    /// Not run: a `command:` check from history or a dataset.
    case skipped
}

/// The result of one check on one choice (run-wide checks report choice 0).
public struct CheckResult: Sendable, Equatable, Codable {
    /// The check's `label`.
    public var name: String
    /// The check's kind key (`contains`, `json_schema`...).
    public var kind: String
    public var choice: Int
    public var status: CheckStatus
    /// Why it failed or was skipped (`/age: expected integer, got string "thirty"`); nil when it passed.
    public var message: String?

    public init(name: String, kind: String, choice: Int = 0, status: CheckStatus, message: String? = nil) {
        self.name = name
        self.kind = kind
        self.choice = choice
        self.status = status
        self.message = message
    }

    public var passed: Bool { status == .passed }
}

/// Counts over a run's check results, for badges and filters.
public struct CheckTally: Sendable, Equatable {
    public var passed: Int
    public var failed: Int
    public var skipped: Int

    public init(_ results: [CheckResult]) {
        passed = results.count { $0.status == .passed }
        failed = results.count { $0.status == .failed }
        skipped = results.count { $0.status == .skipped }
    }

    /// Checks that ran (skipped ones do not count either way).
    public var total: Int { passed + failed }
    public var allPassed: Bool { failed == 0 }

    /// `✔ 3/3 checks` or `✖ 3/4 checks`; nil when no check ran.
    public var badge: String? {
        guard total > 0 else { return nil }
        return (allPassed ? "✔" : "✖") + " \(passed)/\(total) check" + (total == 1 ? "" : "s")
    }
}
