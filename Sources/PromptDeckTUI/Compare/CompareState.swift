import PromptDeckCore

/// Compare mode: the columns (variants) of one prompt, their live results, and what the screen shows.
/// Columns outlive leaving compare mode, so `c` twice comes back to the same comparison.
public struct CompareState: Equatable, Sendable {
    /// Where the comparison run stands.
    public enum Phase: Equatable, Sendable {
        case idle
        /// Asked for; the runtime has not said which group it started.
        case starting
        case running
        case finished
    }

    public var columns: [CompareColumn]
    /// The focused column (the selected row in the grid).
    public var focused = 0
    public var phase = Phase.idle
    /// The history group id of the comparison shown (set once it started, or when reopened).
    public var groupID: String?
    /// Word diff against column 1 instead of plain text.
    public var showsDiff = false
    /// What takes the keys on the columns' screen.
    public enum Activity: Equatable, Sendable {
        /// The columns (or the grid).
        case columns
        /// The focused column's parameters panel over the columns, with a value edited in place.
        case editing(InlineEdit?)
        /// One variant read whole.
        case reading(Int)
    }

    public var activity = Activity.columns
    /// How far the reader is scrolled.
    public var readScroll = 0
    /// The columns came from a sweep and were not changed by hand since (a new sweep replaces them
    /// without asking).
    public var madeBySweep = false
    /// The playground's parameter row while the column editor borrows the panel (the editor starts at
    /// the top, not where the playground's panel was).
    public var playgroundParameterCursor = 0
    /// Cancels asked for before the runtime said the comparison started.
    public var pendingCancels: Set<Int> = []
    public var cancelAllRequested = false
    /// The clock (monotonic seconds): the latest tick or update, and when the last frame of results came.
    public var now = 0.0
    public var frameAt = 0.0
    /// When diffs were last recomputed (they are throttled while streaming).
    public var diffedAt = -Double.infinity
    /// The width output is wrapped at (from `CompareLayout`).
    public private(set) var textWidth: Int
    /// Template variables to put in the form once the reopened comparison's prompt has loaded.
    public var pendingVariables: [String: JSONValue]?

    /// Recomputing every diff more often than this while streaming buys nothing the eye can see.
    public static let diffInterval = 0.2
    /// How many columns a comparison may have (the grid scrolls).
    public static let maximumColumns = VariantSpecParser.maximumRuns

    /// Columns for `variants`, wrapped at `textWidth`.
    public init(variants: [ComparisonVariant], textWidth: Int) {
        self.textWidth = max(1, textWidth)
        columns = variants.map { CompareColumn(variant: $0, width: max(1, textWidth)) }
    }

    public var isRunning: Bool { phase == .starting || phase == .running }

    /// Whether the focused column's parameters are open for editing.
    public var isEditing: Bool {
        get {
            if case .editing = activity { return true }
            return false
        }
        set {
            if newValue {
                if !isEditing { activity = .editing(nil) }
            } else if isEditing {
                activity = .columns
            }
        }
    }

    /// The variant open to read whole.
    public var reading: Int? {
        get {
            if case .reading(let index) = activity { return index }
            return nil
        }
        set {
            if let newValue {
                activity = .reading(newValue)
            } else if reading != nil {
                activity = .columns
            }
        }
    }

    /// The results so far, in column order (columns not run yet left out).
    public var results: [VariantState] { columns.compactMap(\.result) }

    /// Whether a sweep would throw away settings made by hand.
    public var hasHandMadeColumns: Bool {
        !madeBySweep
            && columns.contains { column in
                !column.variant.overrides.isEmpty || column.variant.model != nil || column.variant.profileName != nil
            }
    }

    /// `]` / `[`: the focused column's (or the reader's) next or previous choice.
    public mutating func selectChoice(_ step: Int) {
        let index = reading ?? focused
        guard columns.indices.contains(index) else { return }
        let count = columns[index].choiceCount
        columns[index].show(choice: (columns[index].choice + step + count) % count)
        readScroll = 0
        diffedAt = -.infinity
    }

    /// Re-wraps every column at `width`.
    public mutating func rewrap(width: Int) {
        let width = max(1, width)
        guard width != textWidth else { return }
        textWidth = width
        for index in columns.indices {
            columns[index].text.rewrap(width: width)
            columns[index].diff = nil
        }
        diffedAt = -.infinity
    }

    /// Numbers the columns 1...n in order (after adding, duplicating, removing or moving one); repeats
    /// made by a sweep keep their numbering until the columns change.
    public mutating func renumber() {
        for index in columns.indices {
            columns[index].variant.position = index
            columns[index].variant.number = index + 1
            columns[index].variant.repetition = 1
            columns[index].variant.repeatCount = 1
        }
    }
}

/// One column: the variant's overrides, its result (live, then final) and its wrapped output.
public struct CompareColumn: Equatable, Sendable {
    public var variant: ComparisonVariant
    public var result: VariantState?
    /// Milliseconds since the request went out, as of the last frame of results.
    public var elapsedMs: Int?
    /// Choice 0's output, made terminal-safe and wrapped at the comparison's text width.
    public var text: WrappedText
    /// How many UTF-8 bytes of the raw output `text` holds (the output only grows while streaming).
    public var consumed = 0
    public var scroll = 0
    public var follows = true
    /// Edited since its last run: its header shows the new settings, not the ones it ran with.
    public var isEdited = false
    public var diff: DiffCache?
    /// The choice shown (n > 1: `]` and `[` switch).
    public var choice = 0

    /// An empty column for `variant`.
    public init(variant: ComparisonVariant, width: Int) {
        self.variant = variant
        text = WrappedText(width: width)
    }

    /// Takes in the variant's latest state; only new output is wrapped.
    public mutating func receive(_ state: VariantState, elapsedMs: Int?) {
        result = state
        self.elapsedMs = elapsedMs
        let raw = state.outputs[choice] ?? ""
        let count = raw.utf8.count
        // Output only grows while a run streams; shorter means another run's text replaced it.
        if count < consumed { clearText() }
        guard count > consumed else { return }
        let start = raw.utf8.index(raw.utf8.startIndex, offsetBy: consumed)
        text.append(TerminalSafeText.make(String(raw[start...])))
        consumed = count
    }

    /// Forgets the output (a new run is starting).
    public mutating func clearText() {
        text = WrappedText(width: text.width)
        consumed = 0
        scroll = 0
        follows = true
        diff = nil
    }

    /// The raw output of the shown choice so far.
    public var output: String { result?.outputs[choice] ?? "" }

    /// How many choices the run has (at least 1).
    public var choiceCount: Int { max(1, (result?.outputs.keys.max() ?? 0) + 1) }

    /// Shows choice `index` (wrapped again from the start).
    public mutating func show(choice index: Int) {
        guard index != choice, (0..<choiceCount).contains(index) else { return }
        choice = index
        clearText()
        if let result { receive(result, elapsedMs: elapsedMs) }
    }
}

/// A column's word diff against column 1, kept until either output grows or the width changes.
public struct DiffCache: Equatable, Sendable {
    public var baseLength: Int
    public var length: Int
    public var width: Int
    /// The diff as styled runs (unwrapped), and wrapped at `width`.
    public var spans: [StyledSpan]
    public var lines: [[StyledSpan]]
    public var added: Int
    public var removed: Int
}

/// A run of text in one style role.
public struct StyledSpan: Equatable, Sendable {
    public var text: String
    public var role: StyleRole

    /// Creates a span.
    public init(_ text: String, _ role: StyleRole) {
        self.text = text
        self.role = role
    }
}
