import Foundation

/// What a model costs, in USD per million tokens.
public struct ModelPrice: Sendable, Equatable, Hashable {
    public var input: Double
    public var output: Double
    /// Cached prompt tokens, when the provider prices them apart.
    public var cachedInput: Double?

    public init(input: Double, output: Double, cachedInput: Double? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
    }
}

/// Model names to prices: a bundled, dated table of common hosted models, under `prices:` from the config.
public struct PriceTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var model: String
        public var price: ModelPrice
        /// `bundled 2025-08-01` or the config file that set it.
        public var source: String
    }

    /// When the bundled prices were read off the providers' pages.
    public static let bundledDate = "2025-08-01"

    /// Entries by model name.
    public private(set) var entries: [String: Entry]

    public init(entries: [Entry] = []) {
        self.entries = Dictionary(entries.map { ($0.model, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The bundled table: list prices in USD per 1M tokens (input, output, cached input) on `bundledDate`.
    public static let bundled = PriceTable(
        entries: bundledRows.map {
            Entry(
                model: $0.0, price: ModelPrice(input: $0.1, output: $0.2, cachedInput: $0.3),
                source: "bundled \(bundledDate)")
        })

    private static let bundledRows: [(String, Double, Double, Double?)] = [
        ("gpt-5", 1.25, 10.00, 0.125), ("gpt-5-mini", 0.25, 2.00, 0.025), ("gpt-5-nano", 0.05, 0.40, 0.005),
        ("gpt-4.1", 2.00, 8.00, 0.50), ("gpt-4.1-mini", 0.40, 1.60, 0.10), ("gpt-4.1-nano", 0.10, 0.40, 0.025),
        ("gpt-4o", 2.50, 10.00, 1.25), ("gpt-4o-mini", 0.15, 0.60, 0.075), ("gpt-4-turbo", 10.00, 30.00, nil),
        ("gpt-3.5-turbo", 0.50, 1.50, nil), ("o1", 15.00, 60.00, 7.50), ("o1-mini", 1.10, 4.40, 0.55),
        ("gpt-4", 30.00, 60.00, nil), ("o3", 2.00, 8.00, 0.50),
        ("o3-mini", 1.10, 4.40, 0.55), ("o4-mini", 1.10, 4.40, 0.275),
        ("claude-opus-4", 15.00, 75.00, 1.50), ("claude-sonnet-4", 3.00, 15.00, 0.30),
        ("claude-3-7-sonnet", 3.00, 15.00, 0.30), ("claude-3-5-sonnet", 3.00, 15.00, 0.30),
        ("claude-3-5-haiku", 0.80, 4.00, 0.08), ("claude-3-haiku", 0.25, 1.25, 0.03),
        ("gemini-2.5-pro", 1.25, 10.00, 0.31), ("gemini-2.5-flash", 0.30, 2.50, 0.075),
        ("gemini-2.5-flash-lite", 0.10, 0.40, 0.025),
        ("gemini-2.0-flash", 0.10, 0.40, 0.025), ("gemini-1.5-flash", 0.075, 0.30, nil),
        ("gemini-1.5-pro", 1.25, 5.00, nil),
    ]

    /// This table with `overrides` on top (the config's `prices:` over the bundled table).
    public func merging(_ overrides: [String: ModelPrice], source: String) -> PriceTable {
        var table = self
        for (model, price) in overrides { table.entries[model] = Entry(model: model, price: price, source: source) }
        return table
    }

    /// The entry for `model`: its own, else without a provider prefix (`openai/gpt-4o`, `@openai/gpt-4o`),
    /// else the longest entry the name starts with followed by `-` (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`).
    public func entry(for model: String) -> Entry? {
        if let exact = entries[model] { return exact }
        var name = model
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        if let exact = entries[name] { return exact }
        let lowered = name.lowercased()
        return entries.values.filter { lowered.hasPrefix($0.model.lowercased() + "-") }
            .max { $0.model.count < $1.model.count }
    }

    /// The cost of a finished run: nil when its model has no price or its usage is unknown. A run whose
    /// completion tokens are PromptDeck's estimate (or with no prompt count) gets an estimated cost.
    public func cost(of record: RunRecord) -> RunCost? {
        guard let entry = entry(for: record.model), let completion = record.usage?.completionTokens else { return nil }
        var estimated = record.tokensEstimated
        let prompt: Int
        if let counted = record.usage?.promptTokens {
            prompt = counted
        } else {
            // About four characters a token in English text: good enough for a cost marked `~`.
            prompt = (record.renderedPrompt.count + 3) / 4
            estimated = true
        }
        return cost(
            promptTokens: prompt, cachedPromptTokens: record.usage?.cachedPromptTokens ?? 0,
            completionTokens: completion, model: entry.model, estimated: estimated)
    }

    /// The cost of token counts at `model`'s price; `cachedPromptTokens` of the prompt tokens are priced
    /// as cached input when the model has that price.
    public func cost(
        promptTokens: Int, cachedPromptTokens: Int = 0, completionTokens: Int, model: String, estimated: Bool = false
    ) -> RunCost? {
        guard let price = entry(for: model)?.price else { return nil }
        let cached = min(max(0, cachedPromptTokens), promptTokens)
        let cachedRate = price.cachedInput ?? price.input
        let usd =
            (Double(promptTokens - cached) * price.input + Double(cached) * cachedRate
                + Double(completionTokens) * price.output) / 1_000_000
        return RunCost(usd: usd, estimated: estimated)
    }

    /// Entries sorted by model name.
    public var sortedEntries: [Entry] { entries.values.sorted { $0.model < $1.model } }
}

/// What a run cost, in USD.
public struct RunCost: Sendable, Equatable, Hashable, Codable {
    public var usd: Double
    /// The token counts behind it are estimates (`~` in front).
    public var estimated: Bool

    public init(usd: Double, estimated: Bool = false) {
        self.usd = usd
        self.estimated = estimated
    }

    /// `$0.000123`, `~$0.0042`, `$1.27`.
    public var text: String { (estimated ? "~" : "") + Self.dollars(usd) }

    /// `text` for a cost that may be unknown: `–`, never `$0`.
    public static func text(_ cost: RunCost?) -> String { cost?.text ?? "–" }

    /// Dollars with enough digits to tell small costs apart.
    public static func dollars(_ usd: Double) -> String {
        if usd == 0 { return "$0" }
        if usd >= 1 { return String(format: "$%.2f", usd) }
        if usd >= 0.01 { return String(format: "$%.4f", usd) }
        // Two significant digits at least six decimals, trailing zeros dropped: $0.000009, $0.0000023.
        let decimals = max(6, 1 - Int(log10(usd).rounded(.down)))
        var text = String(format: "%.\(decimals)f", usd)
        while text.hasSuffix("0") { text.removeLast() }
        return "$" + text
    }

    /// The sum of costs; nil when none is known. Estimated when any part is.
    public static func sum(_ costs: [RunCost?]) -> RunCost? {
        let known = costs.compactMap { $0 }
        guard !known.isEmpty else { return nil }
        return RunCost(usd: known.reduce(0) { $0 + $1.usd }, estimated: known.contains { $0.estimated })
    }
}
