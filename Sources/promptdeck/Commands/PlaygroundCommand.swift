import ArgumentParser
import Foundation
import PromptDeckCore
import PromptDeckRuntime
import PromptDeckTUI
import PromptDeckTerminal

/// `promptdeck` with no subcommand: the interactive playground (TUI).
struct PlaygroundCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "playground", abstract: "Open the interactive playground (the default).")

    @OptionGroup var location: LocationOptions

    @Option(help: "The profile runs go to, instead of the prompt's or the default.")
    var profile: String?

    @Option(help: "The colour theme: default, light, high-contrast, solarized-dark, mono, or one of yours.")
    var theme: String?

    @Flag(
        name: .customLong("no-mouse"),
        help:
            "Leave the mouse to the terminal (its own selection) instead of clicks and the wheel; config: mouse: false."
    )
    var noMouse = false

    @Option(name: .customLong("dump-screen"), help: .hidden)
    var dumpScreen: String?

    /// Until the history browser exists: open a comparison from history in compare mode.
    @Option(name: .customLong("compare-group"), help: .hidden)
    var compareGroup: String?

    func run() throws {
        HistoryStore.announceLongSteps(nil)  // stderr would draw over the screen
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            StandardError.write(
                "promptdeck: the playground needs a terminal (stdin and stdout are not both terminals);"
                    + " use `promptdeck run PROMPT` in scripts\n")
            throw ExitCode(ExitStatus.invalidInput)
        }
        let term = ProcessEnvironment.current["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else {
            // ncurses starts on a terminal that cannot move the cursor and draws every row on the last line.
            StandardError.write(
                "promptdeck: the playground needs a terminal that can move the cursor; TERM=\(term.isEmpty ? "(unset)" : term)"
                    + " cannot move the cursor. Set TERM (for example TERM=xterm-256color), or use `promptdeck run PROMPT`\n"
            )
            throw ExitCode(ExitStatus.invalidInput)
        }
        let context = try CommandContext(location: location)
        if let profile, context.configuration.profile(named: profile) == nil {
            do {
                _ = try context.configuration.resolveProfile(profile)
            } catch {
                throw DiagnosticPrinter.fail([error])
            }
        }
        let environment = ProcessEnvironment.current
        // The theme: --theme, else the one last picked in the playground, else config's `theme:`.
        let preferences = PreferenceStore(paths: context.paths)
        let remembered = preferences.load()
        let themeName = PreferenceStore.themeName(
            flag: theme, lastChosen: remembered.preferences.themeName, configured: context.configuration.themeName,
            fallback: "default")
        var options = PlaygroundOptions(
            paths: context.paths, configuration: context.configuration, profileName: profile, themeName: themeName,
            dumpScreenPath: dumpScreen, tracePath: environment["PROMPTDECK_TUI_TRACE"], environment: environment,
            compareGroupID: compareGroup)
        // The mouse: --no-mouse turns it off whatever config.yaml says; else config's `mouse:`, else on.
        options.mouse = !noMouse && (context.configuration.mouse ?? true)
        options.startupWarnings = remembered.warning.map { [$0] } ?? []
        options.rememberTheme = { name in
            var chosen = preferences.load().preferences
            chosen.themeName = name
            try preferences.save(chosen)
        }
        do {
            try PlaygroundRuntime(options: options).run()
        } catch RuntimeError.unknownTerminal(let term) {
            StandardError.write("promptdeck: \(RuntimeError.unknownTerminal(term).localizedDescription)\n")
            throw ExitCode(ExitStatus.invalidInput)
        } catch {
            StandardError.write("promptdeck: \(error.localizedDescription)\n")
            throw ExitCode(ExitStatus.requestFailed)
        }
    }
}

/// `promptdeck keys --markdown`: the key table the README shows, generated from the keymap (hidden).
struct KeysCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "keys", abstract: "Print the playground's key bindings.")

    @Flag(help: "As the README's markdown table.")
    var markdown = false

    func run() throws {
        if markdown {
            StandardOutput.write(Keymap.markdownTable())
        } else {
            for binding in Keymap.bindings {
                StandardOutput.write("\(binding.keyLabel)\t\(binding.context.rawValue)\t\(binding.help)\n")
            }
        }
    }
}
