import ArgumentParser
import Foundation
import PromptDeckCore

/// `history export`: a run as JSON, a runnable curl command, or a Markdown report.
struct HistoryExportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case json, curl, markdown }

    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a run as JSON, curl or Markdown.")
    @OptionGroup var location: LocationOptions
    @Argument(help: "Run id or a unique prefix of it.") var id: String
    @Option(help: "json, curl or markdown.") var format: Format = .json
    @Option(name: .short, help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let store = try HistoryCLI.openForReading(location, runID: id)
        let text = try HistoryCLI.run { () throws(HistoryError) -> String in
            let record = try store.run(prefix: id)
            switch format {
            case .json: return RunExporter.json(record, events: try store.events(runID: record.id))
            case .curl: return RunExporter.curl(record, secretEnvironment: keyVariables(for: record))
            case .markdown: return RunExporter.markdown(record)
            }
        }
        guard let output else {
            StandardOutput.write(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            HistoryCLI.printError("cannot write \(output): \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }

    /// Which environment variable each secret header of the run's profile reads, so the curl command
    /// refers to `$OPENAI_API_KEY` (say) instead of a value. Falls back to the conventional names.
    private func keyVariables(for record: RunRecord) -> [String: String] {
        var variables = ["x-portkey-api-key": "PORTKEY_API_KEY"]
        let configuration = try? Configuration.load(paths: location.paths)
        if let profile = configuration?.profile(named: record.profileName) {
            if let env = profile.apiKeyEnv { variables["authorization"] = env }
            if let env = profile.portkeyAPIKeyEnv { variables["x-portkey-api-key"] = env }
        } else if record.profileName == "openai" {
            variables["authorization"] = "OPENAI_API_KEY"
        }
        return variables
    }
}

/// `history delete`: removes one run with its events.
struct HistoryDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete one run.")
    @OptionGroup var location: LocationOptions
    @Argument(help: "Run id or a unique prefix of it.") var id: String

    func run() throws {
        let store = try HistoryCLI.open(location)
        let deleted = try HistoryCLI.run { () throws(HistoryError) in try store.delete(id: id) }
        StandardOutput.write("deleted \(deleted)\n")
    }
}

/// `history prune`: removes every run older than a date.
struct HistoryPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete runs created before a date.")
    @OptionGroup var location: LocationOptions
    @Option(help: "Delete runs created before this: YYYY-MM-DD, ISO 8601, or 30d / 1w ago.") var before: String

    func run() throws {
        let date = try HistoryCLI.date(before, option: "--before")
        let store = try HistoryCLI.open(location)
        let count = try HistoryCLI.run { () throws(HistoryError) in try store.prune(before: date) }
        StandardOutput.write("deleted \(count) run\(count == 1 ? "" : "s")\n")
    }
}
