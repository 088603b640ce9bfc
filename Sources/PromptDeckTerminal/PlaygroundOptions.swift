import PromptDeckCore

/// What the executable passes to the playground: where things are and how to start.
public struct PlaygroundOptions: Sendable {
    public var paths: PromptDeckPaths
    public var configuration: Configuration
    /// `--profile`: the profile runs go to, instead of the prompt's or the default.
    public var profileName: String?
    /// `--theme`.
    public var themeName: String?
    /// `--dump-screen FILE`: the screen as text after every frame (tests, bug reports).
    public var dumpScreenPath: String?
    /// `PROMPTDECK_TUI_TRACE`: timings (first frame, key-to-screen) written on exit, for benchmarks.
    public var tracePath: String?
    public var environment: [String: String]
    /// `--compare-group ID`: open in compare mode with this comparison from history (group or run id).
    public var compareGroupID: String?
    /// Mouse reports (clicks focus, the wheel scrolls); false (`--no-mouse`, `mouse: false`) leaves the
    /// mouse to the terminal's own selection.
    public var mouse = true
    /// Problems found before the playground started (shown with the others, each kept for `!`).
    public var startupWarnings: [String] = []
    /// Remembers the theme picked, for the next start (nil: not remembered).
    public var rememberTheme: (@Sendable (String) throws -> Void)?

    /// Creates options.
    public init(
        paths: PromptDeckPaths, configuration: Configuration, profileName: String? = nil, themeName: String? = nil,
        dumpScreenPath: String? = nil, tracePath: String? = nil, environment: [String: String],
        compareGroupID: String? = nil
    ) {
        self.compareGroupID = compareGroupID
        self.paths = paths
        self.configuration = configuration
        self.profileName = profileName
        self.themeName = themeName
        self.dumpScreenPath = dumpScreenPath
        self.tracePath = tracePath
        self.environment = environment
    }
}
