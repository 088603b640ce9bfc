import PromptDeckCore

/// Everything that can happen to the playground: input, time, and answers to effects.
public enum Msg: Sendable {
    /// The terminal is up: its size, the theme in use and the ones to pick from, and every start-up
    /// warning (each one is kept for `!`).
    case started(Startup)
    /// The theme in use changed (picked, or a fallback when a theme could not be used).
    case themeApplied(String)
    case key(Key)
    /// A bracketed paste, whole.
    case paste(String)
    /// A click or a wheel notch (only while the mouse is on).
    case mouse(MouseEvent)
    case resize(TerminalSize)
    /// The clock (monotonic seconds), sent while a run is going so the status bar counts.
    case tick(Double)
    case promptsLoaded(PromptListing)
    /// A `portkey-hosted` profile's prompts (`portkey:slug`), listed beside the local ones; `note` says why
    /// the list is a cached one (or missing).
    case hostedPromptsListed(profile: String, prompts: [PromptSummary], note: String?)
    case promptLoaded(PromptDetail)
    case promptFailedToLoad(id: String, message: String)
    /// The variables of the newest run of a prompt in history, and models used with it.
    case historyLoaded(promptID: String, variables: [String: JSONValue], models: [String])
    /// The runtime prepared and started the run asked for.
    case runStarted(RunStart)
    /// Preparing the run failed (messages name file, line and field).
    case runFailedToStart(String)
    case runResponse(id: String, status: Int, headers: [HTTPHeader])
    /// The run waits for a slot: `profile`'s `max_concurrency:` (`limit`) is taken by other runs here.
    case runQueued(id: String, profile: String, limit: Int)
    /// The server turned the run's request away; it is sent again after `attempt.delayMs` (`at`: now).
    case runRetrying(id: String, attempt: RunAttempt, retries: Int, at: Double)
    /// `textDeltas`: how many deltas the server sent for `events` (a run's observer joins each read's text
    /// deltas); nil counts each non-empty `.delta` of `events` as one.
    case runEvents(id: String, events: [StreamEvent], textDeltas: Int? = nil, at: Double)
    case runFinished(id: String, record: RunRecord, historyWarning: String?)
    case previewReady(PreviewContent)
    case previewFailed(String)
    case outputSaved(path: String)
    case externalEditFinished(variable: String, text: String)
    /// Something went wrong outside `update` that the user should see.
    case warning(String)
    /// The runtime prepared every variant and started the comparison.
    case comparisonStarted(groupID: String, at: Double, warnings: [String])
    /// Preparing the comparison failed (every variant's problems, each naming its column).
    case comparisonFailedToStart(String)
    /// Variants streamed, started or finished (coalesced: one frame per batch of events).
    case comparisonUpdated(ComparisonFrame)
    /// Every variant is over and recorded.
    case comparisonFinished(ComparisonFrame, historyWarning: String?)
    /// A comparison read back from history.
    case comparisonReopened(ReopenedComparison)
    case comparisonFailedToReopen(String)
    /// The models a profile's server lists (the model picker shows them beside recent ones).
    case modelsDiscovered(profile: String, models: [String])
    /// The server could not say (shown in the picker, never fatal).
    case modelsUnavailable(profile: String, reason: String)
    /// The newest comparisons in history (the reopen overlay lists them).
    case comparisonsListed([ComparisonListing])
    /// Rows for the history list; answers to queries older than the newest `sequence` are dropped.
    case historyListed(sequence: Int, rows: [HistoryRow])
    case historyListFailed(sequence: Int, message: String)
    /// The selected run, its events, parent, children and the prompt file as it is now.
    case historyRunLoaded(HistoryDetail)
    /// A schema file typed for `response_format`, read and checked: the value to send.
    case responseFormatRead(promptID: String, reference: String, value: JSONValue)
    /// The replies that answer the same messages as run `runID`, itself among them, oldest first.
    case siblingsLoaded(runID: String, records: [RunRecord])
    /// The turns of a conversation, read for a fork at an edited message.
    case conversationChainLoaded(Conversation)
    /// The conversation ending with `runID` could not be read (no history, or the file failed).
    case conversationChainFailed(runID: String, reason: String)
    case historyRunDeleted(id: String)
    case runExported(path: String)
    /// SIGTERM, SIGHUP, or the terminal went away: cancel any run and quit.
    case terminate
    /// The runtime spliced and checked a draft.
    case draftAnalyzed(DraftAnalysis)
    /// `$EDITOR` came back with this text for a part of the draft.
    case externalDraftEditFinished(part: DraftPart, text: String)
    /// A prompt file was written: its new text, and the version history gave it.
    case draftSaved(DraftSaved)
    case draftSaveFailed(String)
    /// The open prompt's file (or a partial it uses) changed on disk.
    case promptFileChanged(id: String)
    /// An unsaved draft of this prompt was kept from an earlier session.
    case draftRecovered(promptID: String, text: String, detail: PromptDetail)
    /// The prompt's versions (or why they could not be read).
    case versionsListed(promptID: String, versions: [VersionRow])
    case versionsFailed(promptID: String, message: String)
    /// The evaluation's plan: its group, rows and cells (nothing finished yet).
    case evaluationStarted(EvaluationStart)
    case evaluationFailedToStart(String)
    /// The plan positions whose request is out now (coalesced).
    case evaluationRunning(groupID: String, positions: [Int])
    /// A cell is over, checked, priced and in history.
    case evaluationCellFinished(groupID: String, position: Int, result: EvaluationCellResult)
    /// Every cell is over; `previous` compares with the prompt's evaluation before it, when there is one.
    case evaluationFinished(groupID: String, previous: EvaluationDelta?, historyWarning: String?)
}

/// What the terminal reports once it is up.
public struct Startup: Equatable, Sendable {
    public var size: TerminalSize
    public var themeName: String
    public var themeNames: [String]
    public var warnings: [String]
    /// No configuration file: runs go to the built-in offline echo provider.
    public var usesBuiltInEcho: Bool

    /// Creates a start-up report.
    public init(
        size: TerminalSize, themeName: String, themeNames: [String], warnings: [String] = [],
        usesBuiltInEcho: Bool = false
    ) {
        self.size = size
        self.themeName = themeName
        self.themeNames = themeNames
        self.warnings = warnings
        self.usesBuiltInEcho = usesBuiltInEcho
    }
}

/// What the runtime tells `update` about a run it started.
public struct RunStart: Equatable, Sendable {
    public var id: String
    public var model: String
    public var profileName: String
    public var choiceCount: Int
    public var streamed: Bool
    /// Monotonic seconds at start.
    public var at: Double
    public var warnings: [String]

    /// Creates a run start.
    public init(
        id: String, model: String, profileName: String, choiceCount: Int, streamed: Bool, at: Double,
        warnings: [String] = []
    ) {
        self.id = id
        self.model = model
        self.profileName = profileName
        self.choiceCount = choiceCount
        self.streamed = streamed
        self.at = at
        self.warnings = warnings
    }
}
