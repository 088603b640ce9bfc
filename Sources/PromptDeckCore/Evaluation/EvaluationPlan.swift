import Foundation

/// One cell of an evaluation: a dataset row run with one variant (one repeat of it), prepared.
public struct EvaluationCell: Sendable {
    /// The row's number (`DatasetRow.number`).
    public var row: Int
    /// The variant, with its repeat.
    public var variant: ComparisonVariant
    public var prepared: PreparedRun
    /// The prompt's checks, the `--checks` file's and the row's own.
    public var checks: [CheckSpec]
    /// The variables the run used (the row's over `--var`), which fill `{{name}}` in checks.
    public var variables: [String: JSONValue]
}

/// A validated evaluation: every good row × every variant prepared, sharing one history group. Bad rows
/// are kept with their problem; nothing has been sent.
public struct EvaluationPlan: Sendable {
    public var groupID: String
    public var promptID: String
    public var dataset: Dataset
    /// The variants as expanded (repeats included): `#1`, `#1.2`...
    public var variants: [ComparisonVariant]
    /// Row-major: every variant of row 1, then of row 2...
    public var cells: [EvaluationCell]
    /// Why a row cannot run, by row number, naming its line and column in the dataset.
    public var rowProblems: [Int: Diagnostic]
    public var warnings: [Diagnostic]

    /// Distinct variant numbers, in order.
    public var variantNumbers: [Int] {
        var seen: [Int] = []
        for variant in variants where !seen.contains(variant.number) { seen.append(variant.number) }
        return seen
    }

    /// How many times each variant runs on each row.
    public var repeatCount: Int { variants.first?.repeatCount ?? 1 }

    /// Prepares every row with every variant. A problem every row has with a variant (a bad parameter)
    /// is the variant's and fails the whole plan; a problem of one row's values stays that row's.
    public static func prepare(
        base: RunInputs, dataset: Dataset, variants given: [ComparisonVariant], checks: [CheckSpec] = [],
        planner: RunPlanner, requireKeys: Bool = true, groupID: String = HistoryStore.newRunID(),
        startDate: Date = Date()
    ) throws(DiagnosticList) -> EvaluationPlan {
        let variants = given.isEmpty ? [ComparisonVariant(position: 0, number: 1)] : given
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var rowProblems: [Int: Diagnostic] = [:]
        for row in dataset.rows { if let problem = row.problem { rowProblems[row.number] = problem } }
        let goodRows = dataset.rows.filter { $0.problem == nil }
        guard !dataset.rows.isEmpty else {
            throw DiagnosticList([Diagnostic(file: dataset.file, message: "the dataset has no rows")])
        }
        var cells: [EvaluationCell] = []
        var promptID = base.promptID
        var byVariant: [Int: [(row: Int, cell: EvaluationCell)]] = [:]
        for variant in variants {
            var inputs = variant.apply(to: base)
            inputs.groupID = groupID
            let loaded: RunPlanner.LoadedSource
            do {
                loaded = try planner.loadPrompt(for: inputs)
            } catch {
                appendUnique(error.diagnostics.map { ComparisonPlan.attribute($0, to: variant) }, to: &problems)
                continue
            }
            promptID = loaded.prompt.id
            appendUnique(loaded.warnings, to: &warnings)
            var failures: [(row: DatasetRow, diagnostics: [Diagnostic])] = []
            for row in goodRows {
                var rowInputs = inputs
                rowInputs.variables.merge(row.values) { _, fromRow in fromRow }
                do {
                    let prepared = try planner.prepare(
                        rowInputs, prompt: loaded.prompt, warnings: [], partials: loaded.source?.partials,
                        requireKeys: requireKeys)
                    let cell = EvaluationCell(
                        row: row.number, variant: variant, prepared: prepared,
                        checks: prepared.checks + checks + row.checks,
                        variables: prepared.record.variables.objectValue ?? rowInputs.variables)
                    byVariant[variant.position, default: []].append((row.number, cell))
                    appendUnique(prepared.warnings, to: &warnings)
                } catch {
                    failures.append((row, error.diagnostics))
                }
            }
            if !goodRows.isEmpty, failures.count == goodRows.count, Set(failures.map(\.diagnostics)).count == 1 {
                // The same problem on every row: the variant's (or the prompt's), not the data's.
                appendUnique(failures[0].diagnostics.map { ComparisonPlan.attribute($0, to: variant) }, to: &problems)
                continue
            }
            for failure in failures where rowProblems[failure.row.number] == nil {
                rowProblems[failure.row.number] = rowDiagnostic(
                    failure.diagnostics, row: failure.row, file: dataset.file)
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        // Row-major, and a row that failed with one variant runs with none (its results would not line up).
        for row in goodRows where rowProblems[row.number] == nil {
            for variant in variants {
                if let cell = byVariant[variant.position]?.first(where: { $0.row == row.number })?.cell {
                    cells.append(cell)
                }
            }
        }
        // Ids sort by time: a millisecond apart, history lists the cells in order.
        for index in cells.indices {
            cells[index].prepared.record.id = HistoryStore.newRunID(
                date: startDate.addingTimeInterval(Double(index) / 1000))
            cells[index].prepared.record.variantLabel = cells[index].variant.label
            cells[index].prepared.record.groupID = groupID
        }
        return EvaluationPlan(
            groupID: groupID, promptID: promptID, dataset: dataset, variants: variants, cells: cells,
            rowProblems: rowProblems, warnings: warnings)
    }

    /// A row's problem in the dataset's terms: `data.csv:4:7: row 3: …`, at the column of the variable
    /// concerned when the row has it.
    static func rowDiagnostic(_ diagnostics: [Diagnostic], row: DatasetRow, file: String) -> Diagnostic {
        let first = diagnostics.first { $0.severity == .error } ?? diagnostics.first
        var message = first?.message ?? "cannot run"
        var field = first?.field
        if let range = message.range(of: "; pass --var ") {
            // `variable 'city' has no value; pass --var city=...`: a dataset has no --var to pass.
            message =
                String(message[..<range.lowerBound]) + " (the row has no '\(Self.quotedName(in: message) ?? "?")')"
            field = Self.quotedName(in: message)
        }
        let inTemplate = first.map { d in d.line.map { " (\(d.file):\($0))" } ?? "" } ?? ""
        return Diagnostic(
            file: file, line: row.line, column: field.flatMap { row.columns[$0] } ?? 1,
            message: "row \(row.number): \(message)\(inTemplate)")
    }

    private static func quotedName(in message: String) -> String? {
        guard let open = message.firstIndex(of: "'") else { return nil }
        let rest = message[message.index(after: open)...]
        guard let close = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<close])
    }

    private static func appendUnique(_ diagnostics: [Diagnostic], to list: inout [Diagnostic]) {
        for diagnostic in diagnostics where !list.contains(diagnostic) { list.append(diagnostic) }
    }
}
