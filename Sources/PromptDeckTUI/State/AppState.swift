import PromptDeckCore

/// Everything the playground shows, in one value. Only `update` changes it; only the runtime owns it.
public struct AppState: Equatable, Sendable {
    public var size: TerminalSize
    public var focus: Pane = .prompts
    public var zoomed = false
    public var overlay: Overlay?

    // Prompt list
    public var prompts: [PromptSummary] = []
    public var promptProblems: [String] = []
    public var filter = TextField()
    public var isFiltering = false
    public var promptCursor = 0
    public var promptsLoaded = false

    // The chosen prompt
    public var detail: PromptDetail?
    public var detailError: String?
    public var templateScroll = 0
    public var fields: [FormField] = []
    public var fieldCursor = 0
    /// Form values per prompt id, so moving between prompts keeps what was typed.
    public var savedFields: [String: [FormField]] = [:]

    // Parameters
    public var parameterCursor = 0
    /// Typed parameter values per prompt id (the `--set` layer).
    public var overrides: [String: [String: JSONValue]] = [:]
    public var parameterError: String?
    public var profiles: [Profile]
    public var defaultProfileName: String
    public var profileOverride: String?
    public var modelOverride: String?
    public var recentModels: [String] = []

    /// The field being edited inline (a variable, a parameter, or the filter).
    public var inlineEdit: InlineEdit?

    // Output and status
    public var output: OutputState
    public var run: RunProgress?
    public var statusMessage: StatusMessage?
    public var themeName: String
    public var themeNames: [String]

    // Compare mode
    /// The comparison's columns and results; kept when compare mode is left.
    public var compare: CompareState?
    /// Whether the screen shows the comparison (`c` toggles).
    public var isComparing = false

    // History
    /// The history browser while open (`h`).
    public var history: HistoryBrowser?
    /// The browser as it was when closed: reopening keeps the search, filters, marks and position.
    public var closedHistory: HistoryBrowser?
    /// A recorded stream playing into the output pane.
    public var replay: ReplayState?
    /// The run the next run forks from (Edit and resend): it records this as its parent.
    public var forkParentID: String?
    /// A fork waiting for its prompt to load.
    public var pendingFork: PendingFork?
    /// The token under the logprob cursor (`L`), in the selected choice.
    public var tokenCursor: Int?

    /// A state at `size` with the profiles from configuration.
    public init(
        size: TerminalSize, profiles: [Profile], defaultProfileName: String, profileOverride: String? = nil,
        themeName: String = "default", themeNames: [String] = ["default"]
    ) {
        self.size = size
        self.profiles = profiles
        self.defaultProfileName = defaultProfileName
        self.profileOverride = profileOverride
        self.themeName = themeName
        self.themeNames = themeNames
        let layout = Layout(size: size, zoomed: nil)
        output = OutputState(width: layout.outputText.width)
        output.height = max(1, layout.outputText.height)
    }

    /// Prompts matching the filter (case-insensitive, on id and name).
    public var visiblePrompts: [PromptSummary] {
        let needle = filter.text.lowercased()
        guard !needle.isEmpty else { return prompts }
        return prompts.filter { $0.id.lowercased().contains(needle) || $0.name.lowercased().contains(needle) }
    }

    /// The profile runs go to now.
    public var activeProfile: Profile? {
        let name = activeProfileName
        return profiles.first { $0.name == name } ?? profiles.first { $0.name == defaultProfileName }
    }

    /// The profile's name (in compare mode, the focused column's).
    public var activeProfileName: String {
        editedColumn?.variant.profileName ?? profileOverride ?? detail?.prompt.profile ?? defaultProfileName
    }

    /// The model runs use now: the picked one, the prompt's, the profile's (in compare mode, the focused column's).
    public var activeModel: String? {
        editedColumn?.variant.model ?? modelOverride ?? detail?.prompt.model ?? activeProfile?.model
    }

    /// Whether a run or a comparison is going.
    public var isRunning: Bool { (run?.isActive ?? false) || (compare?.isRunning ?? false) }

    /// Whether the runtime should send clock ticks (a run, a comparison or a replay is going).
    public var needsClock: Bool { isRunning || (replay?.isPlaying ?? false) }
}

/// A run's prompt, variables, parameters and profile, to load into the playground as a fork.
public struct PendingFork: Equatable, Sendable {
    public var parentID: String
    public var promptID: String
    public var variables: [String: JSONValue]
    public var parameters: [String: JSONValue]
    public var profileName: String
    public var model: String
}

/// A text field being edited in place.
public struct InlineEdit: Equatable, Sendable {
    public enum Target: Equatable, Sendable {
        case variable(String)
        case parameter(String)
    }

    public var target: Target
    public var field: TextField
    /// The problem with the text as typed (shown in the error style; Enter refuses while set).
    public var error: String?

    /// Creates an edit of `target` starting from `text`.
    public init(target: Target, text: String) {
        self.target = target
        field = TextField(text)
    }
}

/// A line for the status bar: what just happened, or a warning.
public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case info, warning, error }
    public var kind: Kind
    public var text: String

    /// Creates a message.
    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}
