/// Pass/fail per row and variant of an evaluation, from a result or from the runs history kept, so two
/// evaluations can be compared (`eval --against GROUP`). Rows are matched by their variables, variants
/// by number.
public struct EvaluationScore: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// The row's variables as sorted JSON: what matches it across evaluations.
        public var rowKey: String
        public var rowLabel: String
        public var variant: Int
        public var passed: Bool
    }

    public var groupID: String
    public var cells: [Cell]

    public init(groupID: String, cells: [Cell]) {
        self.groupID = groupID
        self.cells = cells
    }

    public init(_ result: EvaluationResult) {
        groupID = result.groupID
        cells = zip(result.plan.cells, result.cells).map { planned, cell in
            let variables = JSONValue.object(planned.variables)
            return Cell(
                rowKey: variables.serialized(), rowLabel: Self.label(of: variables.objectValue ?? [:]),
                variant: cell.variant.number, passed: cell.passed)
        }
    }

    /// The score of an evaluation as history recorded it (runs without checks pass when they ended ok).
    /// A cell run again in the playground (`F` in evaluation mode) is a child of the run it replaces: only
    /// the newest run of a cell counts.
    public init(groupID: String, records: [RunRecord]) {
        self.groupID = groupID
        let replaced = Set(records.compactMap(\.parentID))
        cells = records.filter { !replaced.contains($0.id) }.map { record in
            Cell(
                rowKey: record.variables.serialized(), rowLabel: Self.label(of: record.variables.objectValue ?? [:]),
                variant: Self.variantNumber(record.variantLabel) ?? 1,
                passed: record.status == .ok && CheckTally(record.checkResults).allPassed)
        }
    }

    /// `#3` and `#3.2` are variant 3.
    static func variantNumber(_ label: String?) -> Int? {
        guard let label, label.hasPrefix("#") else { return nil }
        return Int(label.dropFirst().split(separator: ".").first ?? "")
    }

    public var variantNumbers: [Int] { Array(Set(cells.map(\.variant))).sorted() }

    /// Passed and total runs of a variant.
    public func tally(variant: Int) -> (passed: Int, total: Int) {
        let mine = cells.filter { $0.variant == variant }
        return (mine.count(where: \.passed), mine.count)
    }

    /// Whether every run of a row with a variant passed; nil when the row did not run with it.
    public func rowPassed(_ rowKey: String, variant: Int) -> Bool? {
        let mine = cells.filter { $0.rowKey == rowKey && $0.variant == variant }
        return mine.isEmpty ? nil : mine.allSatisfy(\.passed)
    }

    /// `city=Paris tone=dry`, values cut at 30 characters.
    public static func label(of values: [String: JSONValue]) -> String {
        values.keys.sorted().map { key in
            let value = values[key].map { $0.stringValue ?? $0.serialized() } ?? ""
            let flat = value.split(whereSeparator: \.isNewline).joined(separator: " ")
            return "\(key)=" + (flat.count > 30 ? String(flat.prefix(29)) + "…" : flat)
        }.joined(separator: " ")
    }
}

/// How an evaluation moved against an earlier one.
public struct EvaluationDelta: Sendable, Equatable {
    public struct VariantChange: Sendable, Equatable {
        public var variant: Int
        public var before: (passed: Int, total: Int)
        public var after: (passed: Int, total: Int)

        public static func == (a: VariantChange, b: VariantChange) -> Bool {
            a.variant == b.variant && a.before == b.before && a.after == b.after
        }

        static func rate(_ t: (passed: Int, total: Int)) -> Double? {
            t.total == 0 ? nil : Double(t.passed) / Double(t.total)
        }

        /// `75% → 100% (+25)`, or `– → 50%` for a variant the earlier evaluation did not have.
        public var text: String {
            func percent(_ r: Double?) -> String { r.map { "\(Int(($0 * 100).rounded()))%" } ?? "–" }
            let (b, a) = (Self.rate(before), Self.rate(after))
            var text = "\(percent(b)) → \(percent(a))"
            if let b, let a {
                let change = Int(((a - b) * 100).rounded())
                text += change == 0 ? " (=)" : " (\(change > 0 ? "+" : "")\(change))"
            }
            return text
        }
    }

    public struct Flip: Sendable, Equatable {
        public var rowLabel: String
        public var variant: Int
        /// True: failed before, passes now.
        public var nowPasses: Bool
    }

    public var before: String
    public var after: String
    public var variants: [VariantChange]
    public var flips: [Flip]

    public init(before: EvaluationScore, after: EvaluationScore) {
        self.before = before.groupID
        self.after = after.groupID
        let numbers = Array(Set(before.variantNumbers + after.variantNumbers)).sorted()
        variants = numbers.map {
            VariantChange(variant: $0, before: before.tally(variant: $0), after: after.tally(variant: $0))
        }
        var flips: [Flip] = []
        var seen: Set<String> = []
        for cell in after.cells where seen.insert("\(cell.variant)\u{0}\(cell.rowKey)").inserted {
            guard let was = before.rowPassed(cell.rowKey, variant: cell.variant),
                let now = after.rowPassed(cell.rowKey, variant: cell.variant), was != now
            else { continue }
            flips.append(Flip(rowLabel: cell.rowLabel, variant: cell.variant, nowPasses: now))
        }
        self.flips = flips
    }
}
