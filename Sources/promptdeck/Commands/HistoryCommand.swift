import ArgumentParser
import PromptDeckCore

/// `promptdeck history ...` (filled in by the history work).
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Browse, search and replay past runs.")
}
