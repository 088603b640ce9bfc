import Foundation

/// The formats `promptdeck eval` prints a finished evaluation in.
public enum EvaluationFormat: String, Sendable, CaseIterable {
    case table, markdown, csv, json
}

/// Renders an `EvaluationResult`: the matrix (rows × variants: ✔/✖, tokens, latency), a summary per
/// variant (pass rate, mean and p95 latency, tokens, cost), the failures and the bad rows.
public struct EvaluationReport: Sendable {
    public var result: EvaluationResult
    /// Terminal-safe text (control characters shown, not sent) for untrusted outputs.
    public var safe: Bool

    public init(result: EvaluationResult, safe: Bool = true) {
        self.result = result
        self.safe = safe
    }

    public func render(_ format: EvaluationFormat) -> String {
        switch format {
        case .table: table()
        case .markdown: markdown()
        case .csv: csv()
        case .json: json().serialized(pretty: true) + "\n"
        }
    }

    private func clean(_ text: String) -> String { safe ? TerminalSafeText.make(text) : text }

    private func oneLine(_ text: String, max: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > max ? String(flat.prefix(max - 1)) + "…" : flat
    }

    /// `#2 temperature=1`
    private func variantTitle(_ number: Int) -> String {
        let spec = result.summary(variant: number).specText
        return spec.isEmpty ? "#\(number)" : "#\(number) \(spec)"
    }

    /// `✔ 5 tok 120 ms`, `✖ 2/3 ~5 tok 98 ms` (repeats), `error`.
    func cellText(row: Int, variant: Int) -> String {
        let cells = result.cells(row: row, variant: variant)
        guard !cells.isEmpty else { return "–" }
        let passed = cells.count(where: \.passed)
        var parts = [passed == cells.count ? "✔" : "✖"]
        if cells.count > 1 { parts.append("\(passed)/\(cells.count)") }
        if cells.allSatisfy({ $0.record == nil }) { return parts[0] + " not run" }
        if let failed = cells.first(where: { $0.record != nil && $0.record?.status != .ok }), cells.count == 1 {
            return "✖ " + (failed.record?.status.rawValue ?? "error")
        }
        let tokens = cells.compactMap { $0.record?.completionTokens }
        if !tokens.isEmpty {
            let estimated = cells.contains { $0.record?.tokensEstimated == true }
            parts.append((estimated ? "~" : "") + "\(tokens.reduce(0, +) / tokens.count) tok")
        }
        let latencies = cells.compactMap { $0.record?.durationMs }
        if !latencies.isEmpty { parts.append("\(latencies.reduce(0, +) / latencies.count) ms") }
        return parts.joined(separator: " ")
    }

    static func percent(_ rate: Double?) -> String { rate.map { "\(Int(($0 * 100).rounded()))%" } ?? "–" }
    static func ms(_ value: Int?) -> String { value.map { "\($0) ms" } ?? "–" }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let count = text.count
        guard count < width else { return text }
        let fill = String(repeating: " ", count: width - count)
        return right ? fill + text : text + fill
    }

    // MARK: Table

    func table() -> String {
        let plan = result.plan
        let numbers = plan.variantNumbers
        var out = "eval \(clean(plan.promptID)) · \(plan.dataset.rows.count) rows × \(numbers.count) variant"
        out += numbers.count == 1 ? "" : "s"
        if plan.repeatCount > 1 { out += " × \(plan.repeatCount) repeats" }
        out +=
            " · group \(plan.groupID) · "
            + String(
                format: "%.1f s",
                Double(result.elapsed.components.seconds) + Double(result.elapsed.components.attoseconds) / 1e18)
            + "\n\n"
        let labels = result.rowNumbers.map { "row \($0)  " + clean(oneLine(result.rowLabel($0), max: 32)) }
        let labelWidth = max(8, (labels.map(\.count).max() ?? 0) + 2)
        let titles = numbers.map { clean(oneLine(variantTitle($0), max: 28)) }
        let columnTexts = numbers.map { number in result.rowNumbers.map { cellText(row: $0, variant: number) } }
        let widths = numbers.indices.map { i in max(titles[i].count, columnTexts[i].map(\.count).max() ?? 0) + 2 }
        func trimmed(_ line: String) -> String {
            String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        out += trimmed(pad("", labelWidth) + zip(titles, widths).map { pad($0, $1) }.joined())
        for r in result.rowNumbers.indices {
            out += trimmed(
                pad(labels[r], labelWidth) + numbers.indices.map { pad(columnTexts[$0][r], widths[$0]) }.joined())
        }
        out += "\n" + summaryTable()
        out += failures()
        out += repeatGroups()
        out += rowProblems()
        return out
    }

    func summaryTable() -> String {
        let header = ["VARIANT", "PASS", "RATE", "MEAN", "P95", "TOKENS", "COST"]
        var rows: [[String]] = [header]
        for summary in result.summaries {
            rows.append([
                clean(oneLine(variantTitle(summary.number), max: 36)), "\(summary.passed)/\(summary.runs)",
                Self.percent(summary.passRate), Self.ms(summary.meanLatencyMs), Self.ms(summary.p95LatencyMs),
                (summary.tokensEstimated ? "~" : "") + "\(summary.completionTokens)",
                RunCost.text(summary.cost) + (summary.cost != nil && summary.unpricedRuns > 0 ? "+?" : ""),
            ])
        }
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { i in pad(row[i], widths[i], right: i > 0) }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    func failures() -> String {
        let failed = result.cells.filter { !$0.passed }
        guard !failed.isEmpty else { return "" }
        var out = "\nfailures\n"
        for cell in failed.prefix(50) {
            let label = cell.variant.label
            out += "  row \(cell.row) \(label): " + clean(oneLine(cell.failureReason ?? "failed", max: 160)) + "\n"
        }
        if failed.count > 50 { out += "  … and \(failed.count - 50) more (see --format csv)\n" }
        return out
    }

    func repeatGroups() -> String {
        guard result.plan.repeatCount > 1 else { return "" }
        var out = ""
        for row in result.rowNumbers {
            for variant in result.plan.variantNumbers {
                let groups = result.outputGroups(row: row, variant: variant)
                guard groups.count > 1 || result.plan.repeatCount > 1 else { continue }
                out += "  row \(row) #\(variant): "
                out +=
                    groups.map { "\($0.count)× " + JSONValue.string(clean(oneLine($0.output, max: 40))).serialized() }
                    .joined(separator: ", ") + "\n"
            }
        }
        return out.isEmpty ? "" : "\noutputs per cell (identical outputs grouped)\n" + out
    }

    func rowProblems() -> String {
        let problems = result.plan.rowProblems.sorted { $0.key < $1.key }
        guard !problems.isEmpty else { return "" }
        return "\nrows not run\n" + problems.map { "  " + clean($0.value.description) + "\n" }.joined()
    }

    // MARK: Markdown

    func markdown() -> String {
        let numbers = result.plan.variantNumbers
        func cell(_ text: String) -> String {
            clean(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out =
            "| row | variables | " + numbers.map { cell("`\(variantTitle($0))`") }.joined(separator: " | ") + " |\n"
        out += "|---|---|" + numbers.map { _ in "---|" }.joined() + "\n"
        for row in result.rowNumbers {
            out += "| \(row) | \(cell(oneLine(result.rowLabel(row), max: 60))) | "
            out += numbers.map { cell(cellText(row: row, variant: $0)) }.joined(separator: " | ") + " |\n"
        }
        out += "\n| variant | pass | rate | mean | p95 | tokens | cost |\n|---|---|---|---|---|---|---|\n"
        for s in result.summaries {
            out +=
                "| \(cell("`\(variantTitle(s.number))`")) | \(s.passed)/\(s.runs) | \(Self.percent(s.passRate)) | "
                + "\(Self.ms(s.meanLatencyMs)) | \(Self.ms(s.p95LatencyMs)) | "
                + "\(s.tokensEstimated ? "~" : "")\(s.completionTokens) | \(RunCost.text(s.cost)) |\n"
        }
        let failed = result.cells.filter { !$0.passed }
        if !failed.isEmpty {
            out += "\n**Failures**\n\n"
            for c in failed { out += "- row \(c.row) \(c.variant.label): \(cell(c.failureReason ?? "failed"))\n" }
        }
        let problems = result.plan.rowProblems.sorted { $0.key < $1.key }
        if !problems.isEmpty {
            out += "\n**Rows not run**\n\n" + problems.map { "- \(cell($0.value.description))\n" }.joined()
        }
        return out
    }

    // MARK: CSV

    static let csvHeader = [
        "row", "line", "variables", "variant", "settings", "repeat", "status", "passed", "checks_passed",
        "checks_failed", "failure", "completion_tokens", "tokens_estimated", "latency_ms", "cost_usd",
        "cost_estimated", "run_id", "output",
    ]

    func csv() -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [Self.csvHeader.joined(separator: ",")]
        for (planned, cell) in zip(result.plan.cells, result.cells) {
            let tally = CheckTally(cell.checks)
            let line = result.plan.dataset.rows.first { $0.number == cell.row }?.line
            let values: [String] = [
                "\(cell.row)", line.map(String.init) ?? "", JSONValue.object(planned.variables).serialized(),
                "\(cell.variant.number)", cell.variant.specText, "\(cell.variant.repetition)",
                cell.record?.status.rawValue ?? "not-run", cell.passed ? "true" : "false", "\(tally.passed)",
                "\(tally.failed)", cell.failureReason ?? "",
                cell.record?.completionTokens.map(String.init) ?? "",
                cell.record?.tokensEstimated == true ? "true" : "false",
                cell.record?.durationMs.map(String.init) ?? "", cell.cost.map { String($0.usd) } ?? "",
                cell.cost?.estimated == true ? "true" : "false", cell.record?.id ?? "", cell.output,
            ]
            lines.append(values.map(field).joined(separator: ","))
        }
        for (number, problem) in result.plan.rowProblems.sorted(by: { $0.key < $1.key }) {
            let row = result.plan.dataset.rows.first { $0.number == number }
            var values = Array(repeating: "", count: Self.csvHeader.count)
            values[0] = "\(number)"
            values[1] = row.map { String($0.line) } ?? ""
            values[2] = row.map { JSONValue.object($0.values).serialized() } ?? ""
            values[6] = "invalid"
            values[7] = "false"
            values[10] = problem.description
            lines.append(values.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: JSON

    public func json() -> JSONValue {
        let plan = result.plan
        let cells: [JSONValue] = zip(plan.cells, result.cells).map { planned, cell in
            var object: [String: JSONValue] = [
                "row": .int(cell.row), "variant": .int(cell.variant.number), "repeat": .int(cell.variant.repetition),
                "label": .string(cell.variant.label), "variables": .object(planned.variables),
                "passed": .bool(cell.passed), "status": .string(cell.record?.status.rawValue ?? "not-run"),
                "run_id": cell.record.map { .string($0.id) } ?? .null, "output": .string(cell.output),
                "checks": .array(cell.checks.map(Self.json)),
                "completion_tokens": cell.record?.completionTokens.map(JSONValue.int) ?? .null,
                "tokens_estimated": .bool(cell.record?.tokensEstimated ?? false),
                "latency_ms": cell.record?.durationMs.map(JSONValue.int) ?? .null,
                "cost": Self.json(cell.cost),
            ]
            if let reason = cell.failureReason { object["failure"] = .string(reason) }
            return .object(object)
        }
        let variants: [JSONValue] = result.summaries.map { s in
            var object: [String: JSONValue] = [
                "variant": .int(s.number), "settings": .string(s.specText), "runs": .int(s.runs),
                "passed": .int(s.passed), "errors": .int(s.errors),
                "pass_rate": s.passRate.map(JSONValue.number) ?? .null,
                "mean_latency_ms": s.meanLatencyMs.map(JSONValue.int) ?? .null,
                "p95_latency_ms": s.p95LatencyMs.map(JSONValue.int) ?? .null,
                "completion_tokens": .int(s.completionTokens), "tokens_estimated": .bool(s.tokensEstimated),
                "cost": Self.json(s.cost), "unpriced_runs": .int(s.unpricedRuns),
            ]
            if plan.repeatCount > 1 {
                object["outputs"] = .array(
                    result.rowNumbers.map { row in
                        [
                            "row": .int(row),
                            "groups": .array(
                                result.outputGroups(row: row, variant: s.number).map {
                                    ["output": .string($0.output), "count": .int($0.count)]
                                }),
                        ]
                    })
            }
            return .object(object)
        }
        let problems: [JSONValue] = plan.rowProblems.sorted { $0.key < $1.key }.map { number, problem in
            [
                "row": .int(number), "line": problem.line.map(JSONValue.int) ?? .null,
                "column": problem.column.map(JSONValue.int) ?? .null, "message": .string(problem.description),
            ]
        }
        return [
            "group_id": .string(plan.groupID), "prompt": .string(plan.promptID), "dataset": .string(plan.dataset.file),
            "rows": .int(plan.dataset.rows.count), "repeat": .int(plan.repeatCount),
            "passed": .bool(result.allPassed), "variants": .array(variants), "cells": .array(cells),
            "invalid_rows": .array(problems),
            "elapsed_ms": .int(
                Int(
                    result.elapsed.components.seconds * 1000 + result.elapsed.components.attoseconds
                        / 1_000_000_000_000_000)),
        ]
    }

    public static func json(_ result: CheckResult) -> JSONValue {
        [
            "name": .string(result.name), "kind": .string(result.kind), "choice": .int(result.choice),
            "status": .string(result.status.rawValue), "message": result.message.map(JSONValue.string) ?? .null,
        ]
    }

    /// `{"usd": 0.00012, "estimated": false}`, or null when unknown.
    public static func json(_ cost: RunCost?) -> JSONValue {
        guard let cost else { return .null }
        return ["usd": .number(cost.usd), "estimated": .bool(cost.estimated), "text": .string(cost.text)]
    }
}
