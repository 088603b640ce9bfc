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
    /// Read a comparison from history by group id or run id prefix -> `comparisonReopened`.
    case reopenComparison(String)
    /// Leave: the runtime lets runs end as cancelled (and recorded) first.
    case quit
}
