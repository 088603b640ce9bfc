import PromptDeckCore

/// Evaluation mode: the open prompt over its dataset's rows × the variants (columns), filling live,
/// and the cell open to read. Esc goes back to where it was started from.
public struct EvaluationState: Equatable, Sendable {
    /// Where Esc goes back to.
    public enum Origin: Equatable, Sendable {
        case playground
        /// Compare mode, with its columns as they were.
        case compare(CompareState)
    }

    /// Where the evaluation stands.
    public enum Phase: Equatable, Sendable {
        /// The prompt has no `dataset:`: a text field asks for a file.
        case askingDataset(TextField)
        /// Asked for; the runtime has not said what the plan is.
        case starting
        case running
        case finished
        /// It could not start (a missing dataset, a bad variant): the reason.
        case failed(String)
    }

    public var origin: Origin
    public var phase: Phase
    /// The playground's inputs and the columns, as they were when it started (F5 and re-runs use them).
    public var base: RunInputs
    public var variants: [ComparisonVariant]
    /// A file given in the text field (nil: the prompt's `dataset:`).
    public var datasetPath: String?
    /// The history group every cell is recorded in.
    public var groupID: String?
    public var rows: [EvaluationGridRow] = []
    /// Row-major: every variant of the first row, then of the next.
    public var cells: [EvaluationGridCell] = []
    /// The plan position of the evaluation running now → the index in `cells`.
    public var positions: [Int] = []
    /// Rows that could not run (a missing variable...), each naming its line and column.
    public var rowProblems: [String] = []
    public var cursorRow = 0
    public var cursorColumn = 0
    /// The cell under the cursor is open to read.
    public var isReading = false
    /// How far the reader is scrolled.
    public var readScroll = 0
    /// An earlier evaluation of the same prompt, compared with this one once it is over.
    public var previous: EvaluationDelta?

    /// An evaluation of `base` with `variants`, started from `origin`.
    public init(origin: Origin, base: RunInputs, variants: [ComparisonVariant], phase: Phase = .starting) {
        self.origin = origin
        self.base = base
        self.variants = variants
        self.phase = phase
    }

    public var isRunning: Bool { phase == .starting || phase == .running }

    /// The cell at a row index and a column index.
    public func cell(row: Int, column: Int) -> EvaluationGridCell? {
        let index = row * variants.count + column
        return cells.indices.contains(index) && column < variants.count ? cells[index] : nil
    }

    /// The cell under the cursor.
    public var selectedCell: EvaluationGridCell? { cell(row: cursorRow, column: cursorColumn) }

    /// The cells of a column, finished ones only.
    public func finishedResults(column: Int) -> [EvaluationCellResult] {
        stride(from: column, to: cells.count, by: max(1, variants.count)).compactMap { cells[$0].result }
    }

    /// Cells that did not pass (a failed check, an error, cancelled), in grid order.
    public var failedCells: [EvaluationGridCell] { cells.filter { $0.status == .failed } }

    /// Done and failed counts.
    public var progress: (done: Int, failed: Int, total: Int) {
        (cells.count { $0.result != nil }, cells.count { $0.status == .failed }, cells.count)
    }
}

/// A dataset row as the grid shows it.
public struct EvaluationGridRow: Equatable, Sendable {
    /// `DatasetRow.number`, from 1.
    public var number: Int
    /// `city=Paris tone=dry`.
    public var label: String
    /// The row's own values, name and text, sorted by name.
    public var values: [EvaluationValue]

    /// Creates a row.
    public init(number: Int, label: String, values: [EvaluationValue]) {
        self.number = number
        self.label = label
        self.values = values
    }
}

/// A variable's name and its value as text.
public struct EvaluationValue: Equatable, Sendable {
    public var name: String
    public var text: String

    /// Creates a value.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// One cell of the grid: a row run with a variant.
public struct EvaluationGridCell: Equatable, Sendable {
    public enum Status: Equatable, Sendable {
        case pending, running, passed, failed
    }

    public var row: Int
    public var variant: Int
    public var status: Status = .pending
    /// The run as it ended, checked and priced.
    public var result: EvaluationCellResult?

    /// A pending cell.
    public init(row: Int, variant: Int) {
        self.row = row
        self.variant = variant
    }

    /// The run's id in history, once it ran.
    public var runID: String? { result?.record?.id }
}

/// What the runtime planned: the rows, the cells in plan order, and the rows that cannot run.
public struct EvaluationStart: Equatable, Sendable {
    public var groupID: String
    public var rows: [EvaluationGridRow]
    /// (row number, variant number) of each plan position.
    public var cells: [EvaluationCellKey]
    public var rowProblems: [String]
    public var warnings: [String]
    /// Only some cells run again (`F`): the grid keeps the others.
    public var isRerun: Bool

    /// Creates a start report.
    public init(
        groupID: String, rows: [EvaluationGridRow], cells: [EvaluationCellKey], rowProblems: [String] = [],
        warnings: [String] = [], isRerun: Bool = false
    ) {
        self.groupID = groupID
        self.rows = rows
        self.cells = cells
        self.rowProblems = rowProblems
        self.warnings = warnings
        self.isRerun = isRerun
    }
}

/// A cell by its row and variant numbers; `replacing` names the run a re-run replaces.
public struct EvaluationCellKey: Equatable, Hashable, Sendable {
    public var row: Int
    public var variant: Int
    public var replacing: String?

    /// Creates a key.
    public init(row: Int, variant: Int, replacing: String? = nil) {
        self.row = row
        self.variant = variant
        self.replacing = replacing
    }
}

/// What `startEvaluation` asks the runtime for.
public struct EvaluationRequest: Equatable, Sendable {
    public var base: RunInputs
    public var variants: [ComparisonVariant]
    /// A file typed in (nil: the prompt's `dataset:`).
    public var datasetPath: String?
    /// The group to add to (a re-run), and only these cells; nil: a new evaluation of every cell.
    public var groupID: String?
    public var only: [EvaluationCellKey]?

    /// Creates a request.
    public init(
        base: RunInputs, variants: [ComparisonVariant], datasetPath: String? = nil, groupID: String? = nil,
        only: [EvaluationCellKey]? = nil
    ) {
        self.base = base
        self.variants = variants
        self.datasetPath = datasetPath
        self.groupID = groupID
        self.only = only
    }
}
