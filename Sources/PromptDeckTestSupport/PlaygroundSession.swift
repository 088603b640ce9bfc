import Foundation
import PromptDeckCore
import Testing

/// The sandbox every tmux end-to-end suite runs the playground in: a temporary folder with its own
/// config (profiles at the local test server), history file, prompts folder, HOME and XDG folders, a
/// private tmux server, and the key sequences the suites share. Nothing touches the user's files.
///
/// The pane runs `promptdeck ARGUMENTS`, then prints `RESTORED <exit code>` and a `TTY:` line with the
/// shell's echo/icanon state (see `saneTerminal`), then sleeps so the screen stays readable.
public final class PlaygroundSession: @unchecked Sendable {
    /// A profile in the sandbox's config: an `openai` profile at one test-server scenario.
    public struct Profile: Sendable {
        public var name: String
        public var scenario: String
        public var model: String

        /// A profile named `name` at `scenario` (`slow-100`, `500`, ...) asking for `model`.
        public init(_ name: String, scenario: String, model: String = "test-model") {
            self.name = name
            self.scenario = scenario
            self.model = model
        }
    }

    /// `local` (default; 100 ms between events) and `slower` (1 s between events, model `slow-model`).
    public static let standardProfiles = [
        Profile("local", scenario: "slow-100"), Profile("slower", scenario: "slow-1000", model: "slow-model"),
    ]

    /// The sandbox folder (removed when the session is released).
    public let folder: String
    public let configPath: String
    public let historyPath: String
    /// The prompt library (created by `addPrompt`; the bundled examples are there regardless).
    public let promptsPath: String
    /// Where user themes go (`$XDG_CONFIG_HOME/promptdeck/themes`).
    public let themesPath: String
    /// Where `--dump-screen` writes when `start(dumpingScreen: true)`.
    public let screenDumpPath: String
    /// The built `promptdeck`.
    public let binary: String
    /// The tmux server of the current run, nil before `start` and after `stop`.
    public private(set) var tmux: Tmux?

    /// A fresh sandbox whose config holds `profiles`, the first one the default.
    public init(profiles: [Profile] = standardProfiles) throws {
        let server = try TestServer.shared()
        let manager = FileManager.default
        folder = manager.temporaryDirectory.appendingPathComponent("pd-play-\(UUID().uuidString.prefix(8))").path
        configPath = folder + "/config.yaml"
        historyPath = folder + "/history.sqlite"
        promptsPath = folder + "/prompts"
        themesPath = folder + "/xdg/promptdeck/themes"
        screenDumpPath = folder + "/screen.txt"
        try manager.createDirectory(atPath: folder + "/xdg/promptdeck", withIntermediateDirectories: true)
        var config = profiles.first.map { "default_profile: \($0.name)\n" } ?? ""
        config += "profiles:\n"
        for profile in profiles {
            config +=
                "  \(profile.name):\n    type: openai\n    base_url: \(server.baseURL(scenario: profile.scenario))\n"
                + "    model: \(profile.model)\n"
        }
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        guard let executable = PackageRoot.builtExecutable() else {
            throw SpawnError.spawnFailed(executable: "promptdeck (build it first: swift build)", errno: ENOENT)
        }
        binary = executable.path
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: Files

    /// Adds `prompts/<id>.yaml`.
    public func addPrompt(_ id: String, _ yaml: String) throws {
        let path = promptsPath + "/\(id).yaml"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Adds a user theme file, `themes/<name>.yaml`.
    public func addTheme(_ name: String, _ yaml: String) throws {
        try FileManager.default.createDirectory(atPath: themesPath, withIntermediateDirectories: true)
        try yaml.write(toFile: themesPath + "/\(name).yaml", atomically: true, encoding: .utf8)
    }

    /// The sandbox's history.
    public func history() throws -> HistoryStore { try HistoryStore.open(path: historyPath) }

    // MARK: Command line

    /// What the pane exports: `PROMPTDECK_*` paths into the sandbox, HOME and XDG inside it, no NO_COLOR.
    /// Where the playground remembers its choices (the theme picked).
    public var statePath: String { folder + "/state/promptdeck/state.yaml" }

    public var environment: [String: String] {
        [
            "HOME": folder, "XDG_CONFIG_HOME": folder + "/xdg", "XDG_DATA_HOME": folder + "/data",
            "XDG_STATE_HOME": folder + "/state", "PROMPTDECK_STATE": statePath,
            "PROMPTDECK_CONFIG": configPath, "PROMPTDECK_HISTORY": historyPath, "PROMPTDECK_PROMPTS": promptsPath,
            "NO_COLOR": "",
        ]
    }

    /// Variables the pane unsets, so a developer's keys and proxies never reach a test.
    public static let removedVariables = [
        "OPENAI_API_KEY", "OPENAI_BASE_URL", "PORTKEY_API_KEY", "PROMPTDECK_TUI_TRACE", "http_proxy", "https_proxy",
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
    ]

    /// The pane's shell command: the playground with `arguments`, then the `RESTORED`/`TTY:` report.
    public func commandLine(_ arguments: [String] = []) -> String {
        let program = ([binary] + arguments).map(Tmux.quote).joined(separator: " ")
        return "unset \(Self.removedVariables.joined(separator: " ")); \(program); echo RESTORED $?; printf 'TTY: ';"
            + " stty -a | grep -oE '(^| )-?(echo|icanon)( |$)' | tr -d ' ' | tr '\\n' ' '; echo; sleep 600"
    }

    /// Runs the playground without a terminal (stdin and stdout are pipes), to completion.
    public func runWithoutTerminal(_ arguments: [String] = []) throws -> ProcessResult {
        var overrides: [String: String?] = environment
        for name in Self.removedVariables { overrides[name] = .some(nil) }
        return try ProcessRunner.run(binary, arguments: arguments, environment: overrides)
    }

    // MARK: tmux

    /// Starts the playground with `arguments` in a `columns` × `rows` tmux pane on a private socket,
    /// stopping any earlier run first. `environment` adds to (or replaces) the sandbox's variables;
    /// `dumpingScreen` adds `--dump-screen screenDumpPath`.
    public func start(
        _ arguments: [String] = [], columns: Int = 100, rows: Int = 30, environment extra: [String: String] = [:],
        dumpingScreen: Bool = false
    ) throws {
        stop()
        try? FileManager.default.removeItem(atPath: screenDumpPath)
        let environment = self.environment.merging(extra) { $1 }
        let arguments = dumpingScreen ? ["--dump-screen", screenDumpPath] + arguments : arguments
        tmux = try Tmux(command: commandLine(arguments), columns: columns, rows: rows, environment: environment)
    }

    /// Kills the tmux server (and with it the playground); safe to call more than once.
    public func stop() {
        tmux?.kill()
        tmux = nil
    }

    /// Sends tmux key names (`Enter`, `Escape`, `F5`, `C-r`, `Tab`).
    public func send(_ keys: String...) {
        for key in keys { tmux?.send(key) }
    }

    /// Types text literally.
    public func type(_ text: String) { tmux?.type(text) }

    /// Pastes text as a bracketed paste.
    public func paste(_ text: String) { tmux?.paste(text) }

    /// Resizes the pane (the playground gets SIGWINCH).
    public func resize(columns: Int, rows: Int) { tmux?.resize(columns: columns, rows: rows) }

    /// The visible screen as text; with `attributes`, with its SGR escapes (`capture-pane -e`).
    public func capture(attributes: Bool = false) -> String {
        guard let tmux else { return "" }
        guard attributes else { return tmux.screen() }
        return (try? tmux.tmux(["capture-pane", "-p", "-e", "-t", "pd"]))?.stdoutText ?? ""
    }

    /// Polls the screen until `predicate` holds or `timeout` seconds pass; the last screen and whether it held.
    @discardableResult
    public func waitFor(timeout: Double = 10, _ predicate: (String) -> Bool) -> (screen: String, ok: Bool) {
        guard let tmux else { return ("", false) }
        return tmux.waitFor(timeout: timeout, predicate)
    }

    /// Polls until the screen contains `text`.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 10) -> (screen: String, ok: Bool) {
        waitFor(timeout: timeout) { $0.contains(text) }
    }

    /// Polls the `--dump-screen` file until `predicate` holds; the last dump and whether it held.
    @discardableResult
    public func waitForDump(timeout: Double = 10, _ predicate: (String) -> Bool) -> (screen: String, ok: Bool) {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var last = ""
        repeat {
            last = (try? String(contentsOfFile: screenDumpPath, encoding: .utf8)) ?? ""
            if predicate(last) { return (last, true) }
            usleep(20_000)
        } while ContinuousClock.now < deadline
        return (last, false)
    }

    /// Waits until the `--dump-screen` file satisfies `predicate` and then stays the same for `quiet` seconds
    /// (no frame drawn in between): the screen a golden test compares.
    @discardableResult
    public func waitForSettledDump(
        timeout: Double = 15, quiet: Double = 0.5, _ predicate: (String) -> Bool
    ) -> (screen: String, ok: Bool) {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var candidate = waitForDump(timeout: timeout, predicate)
        while candidate.ok {
            usleep(useconds_t(quiet * 1_000_000))
            let again = (try? String(contentsOfFile: screenDumpPath, encoding: .utf8)) ?? ""
            if again == candidate.screen { return candidate }
            guard ContinuousClock.now < deadline else { return (again, false) }
            candidate = (again, predicate(again))
        }
        return candidate
    }

    /// The pid of the playground itself (the pane shell's child), once it runs.
    public func playgroundPID() throws -> pid_t? {
        guard let shell = tmux?.panePID() else { return nil }
        let children = try ProcessRunner.run("ps", arguments: ["-o", "pid=", "--ppid", "\(shell)"]).stdoutText
        return children.split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }.first
    }
}
