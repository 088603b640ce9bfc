import Foundation
import GRDB

/// Prompt versions and labels: every run points at the version of the text it used, and saving from the
/// playground records a version before any run.
extension HistoryStore {
    /// Records `source` (the prompt file's text) with `partials` as a version of `promptID`, or returns the
    /// version that already has this content. Call it when the playground saves a prompt.
    @discardableResult
    public func recordVersion(promptID: String, source: String, partials: [String: String]) throws(HistoryError)
        -> PromptVersion
    {
        let now = RunRowCoding.milliseconds(Date())
        let seq = try write { db in
            try Self.findOrCreateVersion(promptID: promptID, source: source, partials: partials, seenAt: now, db).seq
        }
        return try read { db in try Self.fetchVersions(db, condition: "v.seq = ?", arguments: [seq]).first }
            ?? PromptVersion(
                promptID: promptID, number: 0, hash: PromptVersion.contentHash(source: source, partials: partials),
                source: source, partials: partials, firstSeen: Date())
    }

    /// Every version of `promptID`, oldest (1) first, with run counts and labels.
    public func versions(promptID: String) throws(HistoryError) -> [PromptVersion] {
        try read { db in try Self.fetchVersions(db, condition: "v.prompt_id = ?", arguments: [promptID]) }
    }

    /// The version `reference` names (`tagline@2`, `@production`, `@latest`); a reference without a selector
    /// means the newest. Unknown numbers and labels throw, listing what the prompt has.
    public func version(_ reference: PromptReference) throws(HistoryError) -> PromptVersion {
        let all = try versions(promptID: reference.promptID)
        let written = reference.description
        switch reference.selector ?? .latest {
        case .latest:
            guard let newest = all.last else {
                throw .noSuchVersion(reference: written, promptID: reference.promptID, numbers: [])
            }
            return newest
        case .number(let number):
            guard let found = all.first(where: { $0.number == number }) else {
                throw .noSuchVersion(reference: written, promptID: reference.promptID, numbers: all.map(\.number))
            }
            return found
        case .label(let name):
            guard let found = all.first(where: { $0.labels.contains(name) }) else {
                throw .noSuchLabel(reference: written, label: name, labels: all.flatMap(\.labels).sorted())
            }
            return found
        }
    }

    /// The version with exactly this content, if history has one (nothing is recorded).
    public func existingVersion(promptID: String, source: String, partials: [String: String]) throws(HistoryError)
        -> PromptVersion?
    {
        let hash = PromptVersion.contentHash(source: source, partials: partials)
        return try read { db in
            try Self.fetchVersions(db, condition: "v.prompt_id = ? AND v.hash = ?", arguments: [promptID, hash]).first
        }
    }

    /// Puts label `name` on version `number` of `promptID`, taking it off the version that had it.
    /// Returns the number of the version it moved from (nil when it is new, or was already there).
    @discardableResult
    public func setLabel(_ name: String, promptID: String, number: Int) throws(HistoryError) -> Int? {
        guard Self.isValidLabel(name) else { throw .invalidLabel(name) }
        let target = try version(PromptReference(promptID: promptID, selector: .number(number)))
        let now = RunRowCoding.milliseconds(Date())
        return try write { db in
            let previous = try Int.fetchOne(
                db,
                sql: """
                    SELECT v.number FROM prompt_label l JOIN prompt_version v ON v.seq = l.version_seq
                    WHERE l.prompt_id = ? AND l.name = ?
                    """, arguments: [promptID, name])
            try db.execute(
                sql: """
                    INSERT INTO prompt_label (prompt_id, name, version_seq, set_at)
                    SELECT prompt_id, ?, seq, ? FROM prompt_version WHERE prompt_id = ? AND number = ?
                    ON CONFLICT (prompt_id, name) DO UPDATE SET version_seq = excluded.version_seq, set_at = excluded.set_at
                    """, arguments: [name, now, promptID, target.number])
            return previous == target.number ? nil : previous
        }
    }

    /// Takes label `name` off `promptID`; with `number`, only if the label is on that version.
    /// Returns the number of the version it was on.
    @discardableResult
    public func removeLabel(_ name: String, promptID: String, number: Int? = nil) throws(HistoryError) -> Int {
        let all = try versions(promptID: promptID)
        let reference = PromptReference(promptID: promptID, selector: number.map { .number($0) } ?? .label(name))
        guard let holder = all.first(where: { $0.labels.contains(name) }) else {
            throw .noSuchLabel(reference: reference.description, label: name, labels: all.flatMap(\.labels).sorted())
        }
        if let number, holder.number != number {
            throw .labelOnOtherVersion(reference: reference.description, label: name, number: holder.number)
        }
        try write { db in
            try db.execute(
                sql: "DELETE FROM prompt_label WHERE prompt_id = ? AND name = ?", arguments: [promptID, name])
        }
        return holder.number
    }

    /// Letters, digits, `-`, `_` and `.`; not only digits (that reads as a number) and not `latest`.
    public static func isValidLabel(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 100, name != "latest", !name.allSatisfy(\.isNumber) else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    // MARK: Inside transactions

    /// Finds the version of this content, or adds it as the prompt's next number.
    static func findOrCreateVersion(
        promptID: String, source: String, partials: [String: String], seenAt: Int64, _ db: Database
    ) throws -> (seq: Int64, number: Int) {
        let hash = PromptVersion.contentHash(source: source, partials: partials)
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT seq, number FROM prompt_version WHERE prompt_id = ? AND hash = ?"),
            arguments: [promptID, hash])
        {
            return (row["seq"], row["number"])
        }
        let number =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT max(number) FROM prompt_version WHERE prompt_id = ?"),
                arguments: [promptID]) ?? 0
        try db.cachedStatement(
            sql: """
                INSERT INTO prompt_version (prompt_id, number, hash, template_source, partials, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [promptID, number + 1, hash, source, RunRowCoding.stringMap(partials), seenAt])
        return (db.lastInsertedRowID, number + 1)
    }

    /// Points the run at the version of its text, creating the version when the text is new.
    static func assignVersion(_ record: RunRecord, runSeq: Int64, _ db: Database) throws {
        let version = try findOrCreateVersion(
            promptID: record.promptID, source: record.templateSource, partials: record.partials,
            seenAt: RunRowCoding.milliseconds(record.createdAt), db)
        try db.cachedStatement(sql: "UPDATE run SET version_seq = ?, version_number = ? WHERE seq = ?")
            .execute(arguments: [version.seq, version.number, runSeq])
    }

    private static func fetchVersions(_ db: Database, condition: String, arguments: StatementArguments) throws
        -> [PromptVersion]
    {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT v.*, (SELECT count(*) FROM run WHERE run.version_seq = v.seq) AS runs,
                    (SELECT group_concat(name, char(10)) FROM
                        (SELECT name FROM prompt_label l WHERE l.version_seq = v.seq ORDER BY name)) AS labels
                FROM prompt_version v WHERE \(condition) ORDER BY v.prompt_id, v.number
                """, arguments: arguments)
        return rows.map { row in
            let labels: String? = row["labels"]
            return PromptVersion(
                promptID: row["prompt_id"], number: row["number"], hash: row["hash"], source: row["template_source"],
                partials: RunRowCoding.parseStringMap(row["partials"]), firstSeen: RunRowCoding.date(row["created_at"]),
                runCount: row["runs"],
                labels: labels.map { $0.split(separator: "\n").map(String.init) } ?? [])
        }
    }
}

/// Where `RunPlanner` finds recorded versions for `RunInputs.version`; `HistoryStore` is the real one.
public protocol PromptVersionLookup: Sendable {
    /// The version `reference` names; throws `HistoryError.noSuchVersion` / `.noSuchLabel` when there is none.
    func version(_ reference: PromptReference) throws(HistoryError) -> PromptVersion
    /// The version with exactly this content, if there is one.
    func existingVersion(promptID: String, source: String, partials: [String: String]) throws(HistoryError)
        -> PromptVersion?
}

extension HistoryStore: PromptVersionLookup {}

/// Looks versions up in the history file at `path`, opening it read-only on first use. A missing file has
/// no versions, and nothing is created: a command that only reads versions writes nothing.
public final class HistoryFileVersions: PromptVersionLookup, @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private var opened: Result<HistoryStore?, HistoryError>?

    public init(path: String) { self.path = path }

    public func version(_ reference: PromptReference) throws(HistoryError) -> PromptVersion {
        guard let store = try store() else {
            if case .label(let name) = reference.selector {
                throw .noSuchLabel(reference: reference.description, label: name, labels: [])
            }
            throw .noSuchVersion(reference: reference.description, promptID: reference.promptID, numbers: [])
        }
        return try store.version(reference)
    }

    public func existingVersion(promptID: String, source: String, partials: [String: String]) throws(HistoryError)
        -> PromptVersion?
    {
        try store()?.existingVersion(promptID: promptID, source: source, partials: partials)
    }

    private func store() throws(HistoryError) -> HistoryStore? {
        let result = lock.withLock { () -> Result<HistoryStore?, HistoryError> in
            if let opened { return opened }
            let result: Result<HistoryStore?, HistoryError>
            do throws(HistoryError) {
                result = .success(try HistoryStore.openForReading(path: path))
            } catch .noHistoryYet {
                result = .success(nil)
            } catch {
                result = .failure(error)
            }
            opened = result
            return result
        }
        return try result.get()
    }
}
