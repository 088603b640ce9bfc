import PromptDeckCore

/// The sweep overlay: a parameter and its values (`temperature=0,0.5,1`, `seed=1..4`, `model=a,b`), an
/// optional second sweep for a grid, and a repeat count (identical runs, to see how much output varies).
public struct SweepForm: Equatable, Sendable {
    public static let labels = ["Sweep", "Then sweep", "Repeat"]
    public var fields = [TextField(), TextField(), TextField("1")]
    public var focused = 0
    /// Why Enter refused the form.
    public var error: String?

    /// An empty form (repeat 1).
    public init() {}

    /// A form filled in (tests, and reopening the last sweep).
    public init(sweep: String, then: String = "", repeatCount: Int = 1) {
        fields = [TextField(sweep), TextField(then), TextField(String(repeatCount))]
    }

    /// The variants the form describes, checked as `promptdeck compare --sweep ... --repeat` checks them.
    public func variants() throws(Diagnostic) -> [ComparisonVariant] {
        var axes: [SweepAxis] = []
        for (index, field) in fields.prefix(2).enumerated() {
            let text = field.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            axes.append(try VariantSpecParser.parseSweep(text, origin: Self.labels[index].lowercased()))
        }
        let repeatText = fields[2].text.trimmingCharacters(in: .whitespaces)
        guard let repeatCount = repeatText.isEmpty ? 1 : Int(repeatText), repeatCount >= 1 else {
            throw Diagnostic(file: "repeat", message: "'\(repeatText)' is not a whole number of runs (1 or more)")
        }
        guard !axes.isEmpty || repeatCount > 1 else {
            throw Diagnostic(file: "sweep", message: "type a sweep like temperature=0,0.5,1, or a repeat count above 1")
        }
        return try VariantSpecParser.expand(variants: [], sweeps: axes, repeatCount: repeatCount)
    }
}

extension SweepForm {
    /// What a key did to the form.
    public enum Outcome: Equatable, Sendable {
        case editing
        case closed
        /// Enter on a valid form: these columns.
        case made([ComparisonVariant])
    }

    /// Keys in the sweep overlay: Tab/↑/↓ between fields, Enter checks and makes the columns, Esc closes.
    /// `check` validates each variant's parameters as a run would, so a bad value is refused here
    /// (naming the field), not at F5.
    public mutating func handle(_ key: Key, check: (ComparisonVariant) -> String?) -> Outcome {
        switch Keymap.command(for: key, in: [.sweepForm]) {
        case .nextField?:
            focused = (focused + 1) % fields.count
            return .editing
        case .previousField?:
            focused = (focused + fields.count - 1) % fields.count
            return .editing
        case .abandon?:
            return .closed
        case .commit?:
            do {
                let made = try variants()
                if let problem = made.lazy.compactMap(check).first {
                    error = TerminalSafeText.make(problem)
                    return .editing
                }
                return .made(made)
            } catch {
                self.error = TerminalSafeText.make(error.description)
                return .editing
            }
        default:
            if fields[focused].handle(key) == .edited { error = nil }
            return .editing
        }
    }
}

extension AppState {
    /// Keys in the sweep overlay.
    mutating func handleSweepKey(_ key: Key, form: inout SweepForm) -> [Effect] {
        if compare?.isRunning ?? false, Keymap.command(for: key, in: [.sweepForm]) == .commit {
            form.error = "the comparison is running: X cancels it first"
            overlay = .sweep(form)
            return []
        }
        switch form.handle(key, check: { self.variantProblem($0) }) {
        case .editing:
            overlay = .sweep(form)
        case .closed:
            overlay = nil
        case .made(let variants):
            if let compare, compare.hasHandMadeColumns {
                overlay = .confirmSweep(variants)
            } else {
                applySweep(variants, adding: false)
            }
        }
        return []
    }

    /// y, a or n to a sweep over hand-edited columns.
    mutating func answerSweepQuestion(_ key: Key, variants: [ComparisonVariant]) -> [Effect] {
        switch Keymap.command(for: key, in: [.sweepQuestion]) {
        case .confirm?: applySweep(variants, adding: false)
        case .addColumn?: applySweep(variants, adding: true)
        case .deny?:
            overlay = nil
            statusMessage = StatusMessage(.info, "sweep dropped: the columns are as they were")
        default: break
        }
        return []
    }

    /// The problem with a variant's parameters (nil: it would run), named by the value that is wrong.
    func variantProblem(_ variant: ComparisonVariant) -> String? {
        for (name, value) in variant.overrides.sorted(by: { $0.key < $1.key }) {
            if let problem = parameterProblem(name, text: value.stringValue ?? value.serialized()) {
                return "\(name)=\(value.stringValue ?? value.serialized()): \(problem)"
            }
        }
        return nil
    }

    /// Makes the sweep's variants the columns (or adds them after the columns there are) and shows them.
    mutating func applySweep(_ variants: [ComparisonVariant], adding: Bool) {
        overlay = nil
        var columns = adding ? (compare?.columns.map(\.variant) ?? []) : []
        columns += variants
        if columns.count > CompareState.maximumColumns {
            statusMessage = StatusMessage(.warning, "at most \(CompareState.maximumColumns) columns: kept the first")
            columns = Array(columns.prefix(CompareState.maximumColumns))
        }
        let layout = CompareLayout(size: size, count: columns.count)
        var swept = CompareState(variants: columns, textWidth: layout.textWidth)
        if adding { swept.renumber() }
        swept.madeBySweep = !adding
        swept.showsDiff = compare?.showsDiff ?? false
        showComparison(swept)
        zoomed = false
        relayout()
        statusMessage = StatusMessage(.info, "\(columns.count) variants: F5 runs them all")
    }
}
