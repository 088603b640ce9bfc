import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck prices`: the price table in force (the bundled one under the config's `prices:`).
struct PricesCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "prices",
        abstract: "Show the model prices costs are computed with (USD per 1M tokens).",
        discussion: """
            The bundled table lists common hosted models as of \(PriceTable.bundledDate). Override or add models \
            under prices: in the config file, e.g. prices: {gpt-4o-mini: {input: 0.15, output: 0.60, \
            cached_input: 0.075}}. A model name matches its own entry, then the name without a provider prefix, \
            then the longest entry it starts with (gpt-4o-mini-2024-07-18 uses gpt-4o-mini).
            """)

    @OptionGroup var location: LocationOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let context = try CommandContext(location: location)
        let table = context.configuration.priceTable
        if json {
            let entries: [JSONValue] = table.sortedEntries.map { entry in
                [
                    "model": .string(entry.model), "input": .number(entry.price.input),
                    "output": .number(entry.price.output),
                    "cached_input": entry.price.cachedInput.map(JSONValue.number) ?? .null,
                    "source": .string(entry.source),
                ]
            }
            StandardOutput.write(JSONValue.array(entries).serialized(pretty: true) + "\n")
            return
        }
        let rows =
            [["MODEL", "INPUT", "OUTPUT", "CACHED", "SOURCE"]]
            + table.sortedEntries.map { entry in
                [
                    entry.model, Self.usd(entry.price.input), Self.usd(entry.price.output),
                    entry.price.cachedInput.map(Self.usd) ?? "–", entry.source,
                ]
            }
        let widths = (0..<5).map { i in rows.map { $0[i].count }.max() ?? 0 }
        var out = "USD per 1M tokens\n"
        for row in rows {
            out +=
                row.indices.map { i in
                    let fill = String(repeating: " ", count: widths[i] - row[i].count)
                    return (1...3).contains(i) ? fill + row[i] : row[i] + fill
                }.joined(separator: "  ").replacingOccurrences(of: " +$", with: "", options: .regularExpression) + "\n"
        }
        StandardOutput.write(TerminalSafeText.make(out))
    }

    static func usd(_ value: Double) -> String {
        // At least two decimals, up to four: 0.15, 0.075, 0.0025.
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0"), let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 3 {
            text.removeLast()
        }
        return text
    }
}
