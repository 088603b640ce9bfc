import ArgumentParser
import Foundation
import PromptDeckCore

/// The flags of a conversation turn (`run` and `chat`): which run to continue and what to send after it.
struct ConversationOptions: ParsableArguments {
    @Option(
        name: .customLong("continue"),
        help: ArgumentHelp(
            "Continue the conversation of this run: send its messages, its reply and the new turn.",
            valueName: "run-id"))
    var continueFrom: String?

    @Flag(name: .customShort("c"), help: "Continue the latest run in history (like --continue with its id).")
    var continueLatest = false

    @Option(help: ArgumentHelp("The next user message (with --continue or -c).", valueName: "text"))
    var say: String?

    @Option(
        name: .customLong("tool-result"),
        help: ArgumentHelp(
            "The result of one of the continued run's tool calls, CALL_ID=JSON (repeatable; with --continue); "
                + "calls without one take the prompt's mock: result.",
            valueName: "call-id=json"))
    var toolResults: [String] = []

    @Option(
        help: ArgumentHelp(
            "Send the same messages as this run again: a new reply, as its sibling in the conversation.",
            valueName: "run-id"))
    var regenerate: String?

    @Flag(help: "Write the model's reasoning to stdout before the answer (default: to stderr when it is a terminal).")
    var showReasoning = false

    var continues: Bool { continueFrom != nil || continueLatest }

    /// What is wrong with the combination of flags, if anything.
    var problem: Diagnostic? {
        if continueFrom != nil && continueLatest {
            return Diagnostic(file: "-c", message: "give either --continue RUN_ID or -c, not both")
        }
        if regenerate != nil && (continues || say != nil || !toolResults.isEmpty) {
            return Diagnostic(
                file: "--regenerate",
                message: "sends the run's own messages: it takes no --continue, --say or --tool-result")
        }
        if !continues && (say != nil || !toolResults.isEmpty) {
            let flag = say != nil ? "--say" : "--tool-result"
            return Diagnostic(file: flag, message: "goes together with --continue RUN_ID (or -c)")
        }
        return nil
    }

    /// The parsed `--tool-result` values by call id.
    func parsedToolResults() throws(DiagnosticList) -> [String: String] {
        var results: [String: String] = [:]
        var problems: [Diagnostic] = []
        for argument in toolResults {
            do {
                let (callID, value) = try KeyValueArgument.split(argument, flag: "--tool-result")
                results[callID] = value
            } catch {
                problems.append(error)
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return results
    }

    /// `inputs` as a conversation turn, when the flags ask for one; reads the parent from history.
    func apply(to inputs: RunInputs, planner: RunPlanner, historyPath: String) throws(ExitCode) -> RunInputs {
        if let problem { throw DiagnosticPrinter.fail([problem]) }
        guard continues || regenerate != nil else { return inputs }
        do {
            let store = try HistoryStore.openForReading(path: historyPath)
            if let regenerate {
                return ConversationChain.regenerating(try store.run(prefix: regenerate), inputs: inputs)
            }
            let parent: RunRecord
            if let continueFrom {
                parent = try store.run(prefix: continueFrom)
            } else if let latest = try store.latestRun() {
                parent = latest
            } else {
                throw DiagnosticPrinter.fail([Diagnostic(file: "-c", message: "history has no runs to continue")])
            }
            var messages: [ConversationMessage] = []
            let results = try parsedToolResults()
            if parent.calledTools || !results.isEmpty {
                let mocks = (try? planner.loadPrompt(for: inputs).prompt.mocks) ?? [:]
                messages += try ConversationChain.toolResults(for: parent, results: results, mocks: mocks)
            }
            if let say { messages.append(.user(say)) }
            return try ConversationChain.continuing(parent, with: messages, inputs: inputs)
        } catch let error as ExitCode {
            throw error
        } catch let error as HistoryError {
            throw HistoryCLI.fail(error)
        } catch let error as DiagnosticList {
            throw DiagnosticPrinter.fail(error.diagnostics)
        } catch {
            throw DiagnosticPrinter.fail([Diagnostic(file: "--continue", message: error.localizedDescription)])
        }
    }
}
