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

extension AppState {
    /// Keys in the sweep overlay: Tab/↑/↓ between fields, Enter makes the columns, Esc closes.
    mutating func handleSweepKey(_ key: Key, form: inout SweepForm) -> [Effect] {
        switch key {
        case .tab, .down:
            form.focused = (form.focused + 1) % form.fields.count
        case .backTab, .up:
            form.focused = (form.focused + form.fields.count - 1) % form.fields.count
        default:
            if let command = Keymap.command(for: key, in: [.textField]) {
                switch command {
                case .commit: return applySweep(form)
                case .abandon:
                    overlay = nil
                    return []
                default:
                    form.fields[form.focused].apply(command)
                    form.error = nil
                }
            } else if case .char(let c) = key {
                form.fields[form.focused].insert(String(c))
                form.error = nil
            }
        }
        overlay = .sweep(form)
        return []
    }

    /// Replaces the columns with the sweep's variants and shows them (compare mode).
    mutating func applySweep(_ form: SweepForm) -> [Effect] {
        var form = form
        if compare?.isRunning ?? false {
            form.error = "the comparison is running: X cancels it first"
            overlay = .sweep(form)
            return []
        }
        let variants: [ComparisonVariant]
        do {
            variants = try form.variants()
        } catch {
            form.error = TerminalSafeText.make(error.description)
            overlay = .sweep(form)
            return []
        }
        overlay = nil
        let layout = CompareLayout(size: size, count: variants.count)
        var swept = CompareState(variants: variants, textWidth: layout.textWidth)
        swept.showsDiff = compare?.showsDiff ?? false
        compare = swept
        isComparing = true
        zoomed = false
        relayout()
        statusMessage = StatusMessage(.info, "\(variants.count) variants: F5 runs them all")
        return []
    }
}
