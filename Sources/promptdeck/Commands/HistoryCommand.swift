import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck history ...`: browse, search, show, replay, export and tidy past runs.
struct HistoryCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "history", abstract: "Browse, search and replay past runs.",
        subcommands: [
            HistoryListCommand.self, HistorySearchCommand.self, HistoryShowCommand.self, HistoryReplayCommand.self,
            HistoryRerunCommand.self, HistoryExportCommand.self, HistoryStatsCommand.self, HistoryDeleteCommand.self,
            HistoryPruneCommand.self,
        ],
        defaultSubcommand: HistoryListCommand.self)
}

/// Filters shared by `history list` and `history search`.
struct HistoryFilterOptions: ParsableArguments {
    @Option(name: .customLong("prompt"), help: "Only runs of this prompt id.") var promptID: String?
    @Option(help: "Only runs with this model.") var model: String?
    @Option(help: "Only runs through this profile.") var profile: String?
    @Option(help: "Only runs with this status (running, ok, error, cancelled, interrupted).") var status: String?
    @Option(help: "Only runs since this date: YYYY-MM-DD, ISO 8601, or 30m / 2h / 3d / 1w ago.") var since: String?
    @Option(name: .customLong("version"), help: "Only runs of this prompt version: ID@N, ID@LABEL or ID@latest.")
    var version: String?
    @Option(help: "Only runs whose checks all passed, or that failed one: passed or failed.") var checks: String?

    /// The filter, or exit code 2 with a message naming the bad value.
    func filter() throws -> HistoryFilter {
        var filter = HistoryFilter(promptID: promptID, model: model, profileName: profile)
        if let status {
            guard let value = RunStatus(rawValue: status.lowercased()) else {
                throw HistoryCLI.invalidInput(
                    "--status '\(status)' is not a status (use one of: "
                        + RunStatus.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            filter.status = value
        }
        if let since { filter.since = try HistoryCLI.date(since, option: "--since") }
        if let checks {
            guard let value = CheckFilter(rawValue: checks.lowercased()) else {
                throw HistoryCLI.invalidInput("--checks '\(checks)' is not failed or passed")
            }
            filter.checks = value
        }
        return filter
    }

    /// Narrows `filter` to the runs of `--version ID@N` (labels are looked up in `store`).
    func applyVersion(to filter: inout HistoryFilter, store: HistoryStore) throws {
        guard let version else { return }
        let reference = try PromptVersionCLI.reference(version)
        guard reference.selector != nil else {
            throw HistoryCLI.invalidInput("--version '\(version)' names no version (use ID@N, ID@LABEL or ID@latest)")
        }
        let found = try HistoryCLI.run { () throws(HistoryError) in try store.version(reference) }
        if let promptID, promptID != found.promptID {
            throw HistoryCLI.invalidInput(
                "--version '\(version)' is a version of \(found.promptID), not of \(promptID)")
        }
        filter.promptID = found.promptID
        filter.versionNumber = found.number
    }
}

/// What every history subcommand shares: opening the store, exit codes, terminal-aware output.
enum HistoryCLI {
    /// Opens the store, or exits 1 with the database problem on stderr.
    static func open(_ location: LocationOptions) throws -> HistoryStore {
        do {
            return try HistoryStore.open(path: location.paths.historyFile)
        } catch {
            throw fail(error)
        }
    }

    /// Opens the store read-only, creating and writing nothing; nil when there is no history file yet.
    static func openForReading(_ location: LocationOptions) throws -> HistoryStore? {
        do {
            return try HistoryStore.openForReading(path: location.paths.historyFile)
        } catch .noHistoryYet {
            return nil
        } catch {
            throw fail(error)
        }
    }

    /// Opens the store read-only for a command about one run: a missing file means no such run (exit 2).
    static func openForReading(_ location: LocationOptions, runID: String) throws -> HistoryStore {
        guard let store = try openForReading(location) else {
            throw invalidInput(
                "no run with id '\(runID)': "
                    + HistoryError.noHistoryYet(path: location.paths.historyFile).localizedDescription)
        }
        return store
    }

    /// Says that a listing is empty: on stdout when it is a terminal, else on stderr so pipes stay clean;
    /// `--json` gets an empty array.
    static func reportEmpty(_ message: String, json: Bool) {
        if json {
            StandardOutput.write("[]\n")
        } else if StandardOutput.isTerminal {
            StandardOutput.write(message + "\n")
        } else {
            StandardError.write(message + "\n")
        }
    }

    /// Runs `body`, turning history errors into a message and exit code 2 (bad input) or 1 (database).
    static func run<T>(_ body: () throws(HistoryError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw fail(error)
        }
    }

    static func fail(_ error: HistoryError) -> ExitCode {
        printError(error.localizedDescription)
        return ExitCode(error.isInvalidInput ? 2 : 1)
    }

    static func invalidInput(_ message: String) -> ExitCode {
        printError(message)
        return ExitCode(2)
    }

    static func printError(_ message: String) {
        StandardError.write("error: " + message + "\n")
    }

    static func date(_ text: String, option: String) throws -> Date {
        guard let date = HistoryDate.parse(text) else {
            throw invalidInput(
                "\(option) '\(text)' is not a date (use YYYY-MM-DD, ISO 8601 such as 2024-05-01T14:00:00Z, "
                    + "or a span ago such as 30m, 2h, 3d, 1w)")
        }
        return date
    }

    /// Untrusted text made safe for the terminal (unless `raw`, or stdout is not a terminal).
    static func safe(_ text: String, raw: Bool) -> String {
        raw || !StandardOutput.isTerminal ? text : TerminalSafeText.make(text)
    }
}
