import PromptDeckCore

/// Everything the playground shows, in one value. Only `update` changes it; only the runtime owns it.
public struct AppState: Equatable, Sendable {
    public var size: TerminalSize
    /// What the screen shows, and what in it takes the keys.
    public var mode: Mode = .playground(.panes)
    /// What is drawn over the screen and takes the keys while open.
    public var overlay: Overlay?
    public var focus: Pane = .prompts
    public var zoomed = false

    // Prompt list
    public var prompts: [PromptSummary] = []
    public var promptProblems: [String] = []
    public var filter = TextField()
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

    // Output and status
    public var output: OutputState
    public var run: RunProgress?
    /// What just happened, newest last (the status bar shows the newest; `!` shows them all in full).
    public internal(set) var messages: [StatusMessage] = []
    /// Whether the newest message still shows in the status bar (Esc dismisses it).
    public var showsMessage = false
    public var themeName: String
    public var themeNames: [String]

    // Kept while their mode is not on screen
    /// The comparison while the playground shows: `c` comes back to the same columns.
    public internal(set) var keptComparison: CompareState?
    /// The browser as it was when closed: reopening keeps the search, filters, marks and position.
    public internal(set) var keptHistory: HistoryBrowser?

    /// A recorded stream playing into the output pane.
    public var replay: ReplayState?
    /// The run the next run forks from (Edit and resend): it records this as its parent.
    public var forkParentID: String?
    /// A fork waiting for its prompt to load.
    public var pendingFork: PendingFork?
    /// Prompts of Portkey's library (`portkey:slug`) per `portkey-hosted` profile, listed after the local ones.
    public var hostedPrompts: [String: [PromptSummary]] = [:]
    /// A prompt written by "save as" or made new: the list points at it once it is listed.
    public var pendingOpen: String?
    /// Run, save or compare asked for while the draft's newest edit was still being spliced: done when
    /// its analysis arrives, so nothing ever sends or saves an older text than the one on screen.
    public var waitingForDraft: Command?
    /// A prompt reloaded because its file changed on disk: the status bar says so when it arrives.
    public var reloadAnnouncement: String?
    /// The run whose failed checks the output pane lists instead of its output (`F`; nil: the output).
    public var checkFailuresShownFor: String?
    /// The conversation's last turn (see `conversationHead`), kept in an array so the state stays small.
    var conversationStorage: [RunRecord] = []
    /// A conversation resumed from history, waiting for its prompt to load.
    var pendingResume: RunRecord? {
        get { pendingResumeStorage.first }
        set { pendingResumeStorage = newValue.map { [$0] } ?? [] }
    }
    private var pendingResumeStorage: [RunRecord] = []
    /// The next turn typed after `C` (a user message, or tool results), sent by F5.
    public var stagedTurn: [ConversationMessage] = []
    /// The conversation message selected in the Template pane: an index into `transcript` (nil: the
    /// prompt's own messages are selected, as `draft.cursor` says).
    public var transcriptCursor: Int?
    /// An earlier message edited: the fork F5 runs. Kept in an array so the state stays small to copy.
    var forkStorage: [ConversationFork] = []
    /// The prompt's own messages as the conversation's last turn sent them (variables filled): the
    /// Template pane shows them above the turns, marked as the prompt's. Read once a turn.
    public internal(set) var conversationPrompt: [ConversationMessage] = []
    /// The last turn's replies asked for again (`A`), in order, when there are any: `]`/`[` step between
    /// them as between choices. Kept in an array so the state stays small to copy.
    var siblingStorage: [RunRecord] = []
    /// Which of `siblingStorage` is the conversation's last turn now.
    public internal(set) var siblingIndex = 0
    /// `A` was pressed: the run that ends next is a sibling of the last turn.
    var regenerating = false
    /// The conversation's turns read from history for a fork (see `conversationChain`).
    var chainStorage: [Conversation] = []
    /// The current run's reasoning and tool calls, kept in an array so the state stays small to copy.
    private var extrasStorage: [RunExtras] = []
    /// The current run's reasoning and tool calls (empty for most runs).
    public var runExtras: RunExtras {
        get { extrasStorage.first ?? RunExtras() }
        set { extrasStorage = newValue.isEmpty && !newValue.reasoningUnfolded ? [] : [newValue] }
    }
    /// The open prompt's unsaved edit, kept in an array so the state stays small to copy.
    private var draftStorage: [PromptDraft] = []
    /// The open prompt's unsaved edit (nil: the prompt as its file says).
    public var draft: PromptDraft? {
        get { draftStorage.first }
        set { draftStorage = newValue.map { [$0] } ?? [] }
    }

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

    // MARK: Views of the mode

    /// The history browser while it is on screen. Setting it changes the browser in place; opening and
    /// closing go through `openHistory` and `closeHistory`.
    public var history: HistoryBrowser? {
        get {
            if case .history(let browser) = mode { return browser }
            return nil
        }
        set {
            guard case .history = mode, let newValue else { return }
            mode = .history(newValue)
        }
    }

    /// The comparison: the one on screen in compare mode, else the one kept for `c`. Setting it changes
    /// it wherever it lives (nil drops it, and leaves compare mode).
    public var compare: CompareState? {
        get {
            if case .compare(let comparison) = mode { return comparison }
            return keptComparison
        }
        set {
            if case .compare = mode {
                if let newValue {
                    mode = .compare(newValue)
                } else {
                    mode = .playground(.panes)
                }
            } else {
                keptComparison = newValue
            }
        }
    }

    /// Whether the screen shows the comparison.
    public var isComparing: Bool {
        if case .compare = mode { return true }
        return false
    }

    /// The template editor open in the Template pane. Setting nil closes it; setting a value opens it
    /// (in the playground only).
    public var templateEditor: TemplateEditor? {
        get {
            if case .playground(.editingTemplate(let editor)) = mode { return editor }
            return nil
        }
        set {
            guard case .playground = mode else { return }
            mode = .playground(newValue.map { .editingTemplate($0) } ?? .panes)
        }
    }

    /// The field being edited in place: in the playground, or in the compare column's editor.
    public var inlineEdit: InlineEdit? {
        get {
            switch mode {
            case .playground(.editing(let edit)): return edit
            case .compare(let comparison):
                if case .editing(let edit?) = comparison.activity { return edit }
                return nil
            default: return nil
            }
        }
        set {
            switch mode {
            case .playground:
                mode = .playground(newValue.map { .editing($0) } ?? .panes)
            case .compare(var comparison) where comparison.isEditing:
                comparison.activity = .editing(newValue)
                mode = .compare(comparison)
            default:
                break
            }
        }
    }

    /// Whether keys go to the prompt filter.
    public var isFiltering: Bool {
        get { mode == .playground(.filtering) }
        set {
            guard case .playground = mode else { return }
            mode = .playground(newValue ? .filtering : .panes)
        }
    }

    /// The token under the logprob cursor (`L`), in the selected choice.
    public var tokenCursor: Int? {
        get {
            if case .playground(.tokenCursor(let token)) = mode { return token }
            return nil
        }
        set {
            guard case .playground = mode else { return }
            mode = .playground(newValue.map { .tokenCursor($0) } ?? .panes)
        }
    }

    /// The newest message while it shows in the status bar.
    public var statusMessage: StatusMessage? {
        get { showsMessage ? messages.last : nil }
        set {
            guard let newValue else {
                showsMessage = false
                return
            }
            if messages.last != newValue { log(newValue) }
            showsMessage = true
        }
    }

    /// Keeps a message for `!` without showing it in the status bar.
    public mutating func log(_ message: StatusMessage) {
        messages.append(message)
        if messages.count > Self.keptMessages { messages.removeFirst(messages.count - Self.keptMessages) }
    }

    /// How many messages `!` can show.
    public static let keptMessages = 50

    /// Puts the comparison on screen (compare mode).
    mutating func showComparison(_ comparison: CompareState) {
        keptComparison = nil
        mode = .compare(comparison)
    }

    /// Back to the playground's panes, keeping the comparison for `c`.
    mutating func leaveComparison() {
        guard case .compare(var comparison) = mode else { return }
        comparison.activity = .columns
        keptComparison = comparison
        mode = .playground(.panes)
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

    /// The model a server chose for runs that named none (its only one), per profile: shown where the
    /// model goes, marked as the server's.
    public var servedModels: [String: String] = [:]

    /// What the screen shows as the model: the one runs use, else the one the server chose last time.
    public var shownModel: String? {
        activeModel ?? servedModels[activeProfileName].map { $0 + " (served)" }
    }

    /// Whether a run or a comparison is going.
    public var isRunning: Bool {
        (run?.isActive ?? false) || (compare?.isRunning ?? false) || (evaluation?.isRunning ?? false)
    }

    /// Start-up is over once the prompt list and the first prompt (or why it failed to load) are in. Until
    /// then the runtime holds typed keys, so `s` or F5 typed at once is not lost on a half-loaded screen.
    public var isStartupSettled: Bool {
        promptsLoaded && (detail != nil || detailError != nil || visiblePrompts.isEmpty)
    }

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
    /// The form field the message is about: it goes from the status bar once that field is fixed.
    public var field: String?
    /// About the run going ("cancelling…", "a run is going"): it goes when the run ends well. Any other
    /// message (an export, a save) stays.
    public var aboutTheRun = false

    /// Creates a message.
    public init(_ kind: Kind, _ text: String, field: String? = nil) {
        self.kind = kind
        self.text = text
        self.field = field
    }
}

extension StatusMessage {
    /// A second run asked for while one goes.
    static var runGoing: StatusMessage {
        var message = StatusMessage(.warning, "a run is going: Esc cancels it")
        message.aboutTheRun = true
        return message
    }
}
