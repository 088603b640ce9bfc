import PromptDeckCore

/// Work `update` asks the runtime to do. Values, never closures, so tests assert on them.
public enum Effect: Equatable, Sendable {
    case loadPrompts
    case loadPrompt(id: String)
    /// Newest run of the prompt in history -> `historyLoaded`.
    case loadHistory(promptID: String)
    case startRun(RunInputs)
    case cancelRun(id: String)
    /// Prepare (but do not send) the run -> `previewReady` / `previewFailed`.
    case preparePreview(RunInputs)
    case saveOutput(path: String, text: String)
    /// Suspend the screen and edit `text` in `$EDITOR` -> `externalEditFinished`.
    case editExternally(variable: String, text: String)
    case useTheme(String)
    /// Run every variant at once over the shared transport -> `comparisonStarted`, `comparisonUpdated`...
    case startComparison(base: RunInputs, variants: [ComparisonVariant])
    /// Cancel one variant of the running comparison (partial output kept).
    case cancelVariant(position: Int)
    /// Cancel every variant of the running comparison.
    case cancelComparison
    /// The newest comparisons in history, for the reopen overlay -> `comparisonsListed`.
    case listComparisons
    /// Read a comparison from history by group id or run id prefix -> `comparisonReopened`.
    case reopenComparison(String)
    /// List or search history -> `historyListed(sequence:)` (performed off the key loop).
    case queryHistory(HistoryQuery, sequence: Int)
    /// Read a schema file typed as `@path` for `response_format` -> `responseFormatRead` (or `warning`).
    case readResponseFormat(promptID: String, reference: String, promptPath: String)
    /// Read one run whole -> `historyRunLoaded`.
    case loadHistoryRun(id: String)
    /// The conversation that ends with run `runID`, every turn of it -> `conversationChainLoaded` (or
    /// `conversationChainFailed`).
    case loadConversation(runID: String)
    /// The replies that answer the same messages as run `runID` (regenerated ones) -> `siblingsLoaded`.
    case loadSiblings(runID: String)
    /// The same request again from the recorded template, as a child run -> `runStarted`...
    case rerun(id: String)
    /// Open these runs as compare columns -> `comparisonReopened`.
    case compareRuns([String])
    /// Run the prompt over a dataset × variants -> `evaluationStarted`, `evaluationCellFinished`...
    case startEvaluation(EvaluationRequest)
    /// Cancel every cell of the running evaluation still going or waiting.
    case cancelEvaluation
    /// Write the run as JSON, curl or markdown -> `runExported`.
    case exportRun(id: String, format: ExportFormat, path: String)
    /// Delete the run from history -> `historyRunDeleted`.
    case deleteRun(id: String)
    /// Ask the profile's server which models it serves (`GET /models`) -> `modelsDiscovered` / `modelsUnavailable`.
    case discoverModels(profileName: String)
    /// Put text on the clipboard through the terminal (OSC 52: works over SSH and in tmux).
    case copyToClipboard(String)
    /// Ctrl-Z: give the terminal back and stop until `fg` (runs keep going when the process resumes).
    case suspend
    /// Remember the theme picked, for the next start.
    case saveThemeChoice(String)
    /// Leave: the runtime lets runs end as cancelled (and recorded) first.
    case quit
    /// Splice the draft into its file's text and check it, off the key loop (debounced: only the newest
    /// generation is worked on) -> `draftAnalyzed`. Also keeps a copy of the draft for a crash.
    case analyzeDraft(DraftSnapshot)
    /// Suspend the screen and edit a part of the draft in `$EDITOR` -> `externalDraftEditFinished`.
    case editDraftExternally(part: DraftPart, text: String)
    /// Write the draft (or values, or parameters) into a prompt file -> `draftSaved` / `draftSaveFailed`.
    case saveDraft(DraftSave)
    /// Drop the crash copy of a prompt's draft (reverted or saved).
    case discardDraftCopy(promptID: String)
    /// Write a new prompt file from a skeleton -> `draftSaved` (and the list reloads) / `draftSaveFailed`.
    case createPrompt(id: String, kind: PromptKind)
    /// Watch this prompt file (and its partials) for changes made outside -> `promptFileChanged`.
    case watchPrompt(id: String, path: String)
    /// The prompt's versions from history, each with its diff against the file (a `portkey:` prompt: Portkey's
    /// versions) -> `versionsListed`.
    case listVersions(promptID: String)
    /// Send a pulled prompt's text (the draft, or the file) to Portkey as a new version, and write the file
    /// with `portkey_version` moved to it -> `draftSaved` / `draftSaveFailed` (a newer version on Portkey refuses).
    case pushToPortkey(promptID: String, path: String, text: String)
    /// Publish a Portkey version (`makeDefault`) -> `warning` with what happened, then the list again.
    case publishHostedVersion(promptID: String, number: Int)
}

/// What `Effect.saveDraft` writes.
public enum DraftSave: Equatable, Sendable {
    /// The draft's text back to its own file.
    case file(promptID: String, path: String, text: String)
    /// The draft's text to a new prompt file beside it, as prompt `newID`.
    case asNew(newID: String, besides: String, text: String)
    /// `text` (the draft, or the file) with these variable values as defaults.
    case defaults(promptID: String, path: String, text: String, values: [String: JSONValue])
    /// `text` with these parameters in its `parameters:`.
    case parameters(promptID: String, path: String, text: String, values: [String: JSONValue])
}
