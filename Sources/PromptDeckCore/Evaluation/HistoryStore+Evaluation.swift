import Foundation
import GRDB

/// What cost figures `history stats` shows: one row per prompt, model and day.
public struct CostStatsRow: Sendable, Equatable {
    public var promptID: String
    public var model: String
    /// `2026-12-01`, in local time.
    public var day: String
    public var runs: Int
    /// The known part: recorded costs, and runs priced now from their usage. Nil when no run's is known.
    public var cost: RunCost?
    /// Runs with no cost (no usage, or no price for the model).
    public var unpricedRuns: Int
}

extension HistorySchema {
    /// Version 10: the prompt tokens the server read from its cache (`prompt_tokens_details.cached_tokens`),
    /// priced at `cached_input`. Written with the checks and cost (`RunRowCoding.evaluationSQL`).
    static let v10 = "ALTER TABLE run ADD COLUMN cached_tokens INTEGER;"
}

extension HistoryStore {
    /// Every run of a comparison or evaluation group (an id or a unique prefix of one), oldest first.
    public func runs(inGroup group: String) throws(HistoryError) -> [RunRecord] {
        try read { db in
            let groups = try String.fetchAll(
                db, sql: "SELECT DISTINCT group_id FROM run WHERE group_id >= ? AND group_id < ? LIMIT 9",
                arguments: [group, group + "\u{10FFFF}"])
            let chosen = groups.contains(group) ? group : (groups.count == 1 ? groups[0] : nil)
            guard let chosen else {
                if groups.isEmpty { throw HistoryError.database(path: self.path, message: "no group \(group)") }
                throw HistoryError.database(
                    path: self.path, message: "group \(group) is ambiguous: " + groups.joined(separator: ", "))
            }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM run WHERE group_id = ? ORDER BY created_at, seq", arguments: [chosen]
            ).map(RunRowCoding.record)
        }
    }

    /// A stored evaluation's pass/fail per row and variant (a group id or a unique prefix of one).
    public func evaluationScore(ofGroup group: String) throws(HistoryError) -> EvaluationScore {
        let records = try runs(inGroup: group)
        return EvaluationScore(groupID: records.first?.groupID ?? group, records: records)
    }

    /// The prompt's newest evaluation recorded before `groupID` (a checked group over more than one set
    /// of variables, so a comparison of one row is not taken for one); nil when there is none.
    public func previousEvaluationGroup(promptID: String, before groupID: String) throws(HistoryError) -> String? {
        try read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT group_id FROM run
                    WHERE prompt_id = ? AND group_id IS NOT NULL AND group_id < ? AND checks IS NOT NULL
                    GROUP BY group_id HAVING count(DISTINCT variables) > 1
                    ORDER BY group_id DESC LIMIT 1
                    """, arguments: [promptID, groupID])
        }
    }

    /// Cost per prompt, model and day since `since`. Runs recorded with a cost keep it; older runs are
    /// priced now from their usage with `prices`.
    public func costStats(since: Date? = nil, prices: PriceTable) throws(HistoryError) -> [CostStatsRow] {
        let filter = since.map { "WHERE created_at >= \(RunRowCoding.milliseconds($0))" } ?? ""
        let unrecordedKnown = "cost_usd IS NULL AND prompt_tokens IS NOT NULL AND completion_tokens IS NOT NULL"
        let sql = """
            SELECT prompt_id, model, strftime('%Y-%m-%d', created_at / 1000, 'unixepoch', 'localtime') AS day,
                count(*) AS runs, sum(cost_usd) AS recorded, count(cost_usd) AS recorded_runs,
                coalesce(max(cost_estimated AND cost_usd IS NOT NULL), 0) AS recorded_estimated,
                sum(CASE WHEN \(unrecordedKnown) THEN prompt_tokens END) AS prompt_tokens,
                sum(CASE WHEN \(unrecordedKnown) THEN completion_tokens END) AS completion_tokens,
                sum(CASE WHEN \(unrecordedKnown) THEN 1 ELSE 0 END) AS priceable_runs,
                coalesce(max(CASE WHEN \(unrecordedKnown) THEN tokens_estimated END), 0) AS priceable_estimated
            FROM run \(filter)
            GROUP BY prompt_id, model, day ORDER BY day, prompt_id, model
            """
        let rows = try read { db in try Row.fetchAll(db, sql: sql) }
        return rows.map { row in
            let model: String = row["model"]
            let recordedRuns: Int = row["recorded_runs"]
            let priceableRuns: Int = row["priceable_runs"]
            var parts: [RunCost?] = []
            if recordedRuns > 0 {
                parts.append(RunCost(usd: row["recorded"] ?? 0, estimated: row["recorded_estimated"]))
            }
            var priced = 0
            if priceableRuns > 0,
                let cost = prices.cost(
                    promptTokens: row["prompt_tokens"] ?? 0, completionTokens: row["completion_tokens"] ?? 0,
                    model: model,
                    estimated: row["priceable_estimated"])
            {
                parts.append(cost)
                priced = priceableRuns
            }
            let runs: Int = row["runs"]
            return CostStatsRow(
                promptID: row["prompt_id"], model: model, day: row["day"], runs: runs, cost: RunCost.sum(parts),
                unpricedRuns: runs - recordedRuns - priced)
        }
    }
}

extension Array where Element == CostStatsRow {
    /// The rows summed by a key (prompt, model or day), in order of first appearance... sorted by key.
    public func totals(by key: (CostStatsRow) -> String) -> [(key: String, runs: Int, cost: RunCost?, unpriced: Int)] {
        var order: [String] = []
        var grouped: [String: [CostStatsRow]] = [:]
        for row in self {
            let k = key(row)
            if grouped[k] == nil { order.append(k) }
            grouped[k, default: []].append(row)
        }
        return order.sorted().map { k in
            let rows = grouped[k] ?? []
            return (
                k, rows.reduce(0) { $0 + $1.runs }, RunCost.sum(rows.map(\.cost)),
                rows.reduce(0) { $0 + $1.unpricedRuns }
            )
        }
    }
}
