import ArgumentParser
import Foundation
import PromptDeckCore

/// `history list`: recent runs, newest first.
struct HistoryListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List recent runs, newest first.")
    @OptionGroup var location: LocationOptions
    @OptionGroup var filters: HistoryFilterOptions
    @Option(name: .short, help: "How many runs to show.") var n: Int = 20
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Print untrusted text as is, even on a terminal.") var raw = false

    func run() throws {
        var filter = try filters.filter()
        guard n > 0 else { throw HistoryCLI.invalidInput("-n must be at least 1") }
        guard let store = try HistoryCLI.openForReading(location) else {
            return HistoryCLI.reportEmpty(
                HistoryError.noHistoryYet(path: location.paths.historyFile).localizedDescription, json: json)
        }
        try filters.applyVersion(to: &filter, store: store)
        let runs = try HistoryCLI.run { () throws(HistoryError) in try store.list(filter: filter, limit: n) }
        guard !runs.isEmpty else {
            return HistoryCLI.reportEmpty(
                filter == HistoryFilter() ? "no runs" : "no runs match the filters", json: json)
        }
        if json {
            StandardOutput.write(JSONValue.array(runs.map(HistoryFormat.json)).serialized(pretty: true) + "\n")
        } else {
            let ids = try HistoryFormat.idColumn(for: runs.map(\.id), in: store)
            StandardOutput.write(runs.map { HistoryFormat.line($0, raw: raw, ids: ids) }.joined())
        }
    }
}

/// `history search`: full-text search, best match first.
struct HistorySearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract:
            "Search prompts, variables, outputs and models for whole words (word* for a prefix), best match first.")
    @OptionGroup var location: LocationOptions
    @Argument(help: "Words to find; the last one may be the start of a word.") var query: String
    @OptionGroup var filters: HistoryFilterOptions
    @Option(name: .short, help: "How many results to show.") var n: Int = 20
    @Flag(help: "Print JSON instead of text.") var json = false
    @Flag(help: "Print untrusted text as is, even on a terminal.") var raw = false

    func run() throws {
        var filter = try filters.filter()
        guard n > 0 else { throw HistoryCLI.invalidInput("-n must be at least 1") }
        guard let store = try HistoryCLI.openForReading(location) else {
            return HistoryCLI.reportEmpty(
                HistoryError.noHistoryYet(path: location.paths.historyFile).localizedDescription, json: json)
        }
        try filters.applyVersion(to: &filter, store: store)
        // Private-use markers survive sanitising; they become bold (terminal) or brackets afterwards.
        let results = try HistoryCLI.run { () throws(HistoryError) in
            try store.search(
                query: query, filter: filter, limit: n, highlight: ("\u{E000}", "\u{E001}"),
                prefixLastWord: false)
        }
        guard !results.isEmpty else {
            return HistoryCLI.reportEmpty("no runs match '\(HistoryCLI.safe(query, raw: raw))'", json: json)
        }
        let bold = StandardOutput.isTerminal && !json
        func mark(_ snippet: String) -> String {
            let safe = json ? snippet : HistoryCLI.safe(snippet, raw: raw)
            return safe.replacingOccurrences(of: "\u{E000}", with: bold ? "\u{1B}[1m" : "[")
                .replacingOccurrences(of: "\u{E001}", with: bold ? "\u{1B}[22m" : "]")
        }
        if json {
            let items = results.map { result -> JSONValue in
                guard case .object(var object) = HistoryFormat.json(result.summary) else { return .null }
                object["snippet"] = .string(mark(result.snippet))
                object["rank"] = .number(result.rank)
                return .object(object)
            }
            StandardOutput.write(JSONValue.array(items).serialized(pretty: true) + "\n")
            return
        }
        let ids = try HistoryFormat.idColumn(for: results.map(\.summary.id), in: store)
        for result in results {
            StandardOutput.write(HistoryFormat.line(result.summary, raw: raw, ids: ids))
            let snippet = mark(result.snippet).split(whereSeparator: \.isNewline).joined(separator: " ")
            StandardOutput.write("    " + snippet + "\n")
        }
    }
}

/// `history stats`: runs, tokens, errors and cancellations per prompt and per model.
struct HistoryStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Totals per prompt and per model, and cost per prompt, model and day.")
    @OptionGroup var location: LocationOptions
    @Option(help: "Only runs since this date: YYYY-MM-DD, ISO 8601, or 30m / 2h / 3d / 1w ago.") var since: String?
    @Flag(help: "Print untrusted text as is, even on a terminal.") var raw = false

    func run() throws {
        let start = try since.map { try HistoryCLI.date($0, option: "--since") }
        guard let store = try HistoryCLI.openForReading(location) else {
            return HistoryCLI.reportEmpty(
                HistoryError.noHistoryYet(path: location.paths.historyFile).localizedDescription, json: false)
        }
        let stats = try HistoryCLI.run { () throws(HistoryError) in try store.stats(since: start) }
        let prices = try CommandContext(location: location).configuration.priceTable
        let costs = try HistoryCLI.run { () throws(HistoryError) in try store.costStats(since: start, prices: prices) }
        var out = ""
        for (title, rows) in [("prompt", stats.byPrompt), ("model", stats.byModel), ("total", [stats.total])] {
            out += HistoryFormat.padded(title.uppercased(), 28) + "    RUNS      TOKENS  ERRORS  CANCELLED\n"
            for row in rows {
                let key = HistoryFormat.padded(HistoryCLI.safe(row.key.isEmpty ? "(all)" : row.key, raw: raw), 28)
                // `~` marks a sum that holds estimates (runs whose server sent no usage).
                let tokens = (row.tokensEstimated ? "~" : "") + "\(row.totalTokens)"
                out +=
                    key + String(format: "  %6d  ", row.runs) + HistoryFormat.padded(tokens, 10, right: true)
                    + String(format: "  %6d  %9d\n", row.errors, row.cancelled)
            }
            out += "\n"
        }
        // Cost: recorded with each run, or priced now from its usage; `–` where no price is known.
        let sections: [(String, (CostStatsRow) -> String)] = [
            ("prompt", \.promptID), ("model", \.model), ("day", \.day),
        ]
        for (title, key) in sections {
            out += HistoryFormat.padded("COST BY " + title.uppercased(), 28) + "    RUNS         COST  UNPRICED\n"
            for total in costs.totals(by: key) {
                let name = HistoryFormat.padded(HistoryCLI.safe(total.key, raw: raw), 28)
                out +=
                    name + String(format: "  %6d  ", total.runs)
                    + HistoryFormat.padded(RunCost.text(total.cost), 11, right: true)
                    + String(format: "  %8d\n", total.unpriced)
            }
            out += "\n"
        }
        let all = RunCost.sum(costs.map(\.cost))
        out += "total cost \(RunCost.text(all))" + (all?.estimated == true ? " (part estimated)" : "") + "\n"
        StandardOutput.write(out)
    }
}
