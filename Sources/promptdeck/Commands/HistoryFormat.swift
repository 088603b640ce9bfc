import Foundation
import PromptDeckCore

/// How runs look in the history commands' text and JSON output.
enum HistoryFormat {
    /// How the id column prints a listing's runs: each id cut to the shortest prefix unique in the file
    /// (never under 8 characters), one width for the column; whole ids when the terminal is wide enough.
    struct IDColumn {
        var lengths: [String: Int]
        var width: Int

        func text(_ id: String) -> String { String(id.prefix(max(lengths[id] ?? width, width))) }
    }

    /// Terminals at least this wide show whole run ids.
    static let wholeIDColumns = 140

    static func idColumn(for ids: [String], in store: HistoryStore) throws -> IDColumn {
        let lengths = try HistoryCLI.run { () throws(HistoryError) in try store.uniquePrefixLengths(of: ids) }
        var width = max(8, lengths.values.max() ?? 8)
        if OutputWidth.columns() >= wholeIDColumns { width = max(width, ids.map(\.count).max() ?? width) }
        return IDColumn(lengths: lengths, width: width)
    }

    /// One table line: short id, when, prompt, model, status, tokens, ttft, duration, first output line.
    static func line(_ run: RunSummary, raw: Bool, ids: IDColumn) -> String {
        let fields = [
            padded(ids.text(run.id), ids.width), padded(HistoryDate.minute(run.createdAt), 16),
            padded(HistoryCLI.safe(run.promptID, raw: raw), 16), padded(HistoryCLI.safe(run.model, raw: raw), 18),
            padded(run.status.rawValue, 11), padded(tokens(run), 7, right: true),
            padded(run.timeToFirstTokenMs.map(milliseconds) ?? "-", 7, right: true),
            padded(run.durationMs.map(milliseconds) ?? "-", 7, right: true),
        ]
        var head = fields.joined(separator: " ")
        // Only checked runs have the column, so lists of unchecked runs look as they always did.
        if let passed = run.checksPassed, let failed = run.checksFailed {
            head += " " + padded((failed == 0 ? "✔" : "✖") + "\(passed)/\(passed + failed)", 6)
        }
        let room = max(10, OutputWidth.columns() - head.count - 1)
        var output = HistoryCLI.safe(run.firstLine, raw: raw).replacingOccurrences(of: "\t", with: " ")
        if output.count > room { output = String(output.prefix(room - 1)) + "…" }
        return head + " " + output + "\n"
    }

    static func json(_ run: RunSummary) -> JSONValue {
        func int(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }
        let fields: [String: JSONValue] = [
            "id": .string(run.id), "createdAt": .string(iso(run.createdAt)), "promptID": .string(run.promptID),
            "model": .string(run.model), "profile": .string(run.profileName), "status": .string(run.status.rawValue),
            "totalTokens": int(run.totalTokens), "tokensEstimated": .bool(run.tokensEstimated),
            "timeToFirstTokenMs": int(run.timeToFirstTokenMs),
            "durationMs": int(run.durationMs), "firstLine": .string(run.firstLine),
            "groupID": run.groupID.map { .string($0) } ?? .null, "parentID": run.parentID.map { .string($0) } ?? .null,
        ]
        return .object(fields.merging(checkFields(run)) { old, _ in old })
    }

    /// Checks and cost, only for runs that have them.
    private static func checkFields(_ run: RunSummary) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        if let passed = run.checksPassed, let failed = run.checksFailed {
            fields["checksPassed"] = .int(passed)
            fields["checksFailed"] = .int(failed)
        }
        if let cost = run.cost { fields["cost"] = EvaluationReport.json(cost) }
        return fields
    }

    /// `84t`, or `~84t` when PromptDeck estimated the completion tokens (the server sent no usage).
    static func tokens(_ run: RunSummary) -> String {
        run.totalTokens.map { (run.tokensEstimated ? "~" : "") + "\($0)t" } ?? "-"
    }

    static func milliseconds(_ ms: Int) -> String {
        ms < 1000 ? "\(ms)ms" : String(format: "%.1fs", Double(ms) / 1000)
    }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    /// Cut or padded to `width` characters.
    static func padded(_ text: String, _ width: Int, right: Bool = false) -> String {
        let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        let pad = String(repeating: " ", count: max(0, width - cut.count))
        return right ? pad + cut : cut + pad
    }
}
