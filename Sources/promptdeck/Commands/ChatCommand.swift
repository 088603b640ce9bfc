import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck chat PROMPT`: a plain line REPL for SSH and pipes. Each line is a user turn (a line of `"""`
/// starts and ends a multi-line one); each reply streams to stdout and is recorded as a run whose parent is
/// the turn before. After a reply that calls tools, the next lines are the calls' results, one per call (an
/// empty line takes the prompt's `mock:` result). Ctrl-D ends it.
struct ChatCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with a prompt line by line: one user turn per line, each reply streamed and recorded.")

    @Argument(help: "A chat prompt id (see `promptdeck prompts list`).")
    var prompt: String

    @OptionGroup var runOptions: RunOptions

    @Option(
        name: .customLong("continue"),
        help: ArgumentHelp("Go on with the conversation of this run.", valueName: "run-id"))
    var continueFrom: String?

    @Flag(help: "Write the model's reasoning to stdout before each answer (default: to stderr when it is a terminal).")
    var showReasoning = false

    @OptionGroup var location: LocationOptions
    @OptionGroup var delivery: DeliveryOptions

    @Flag(help: "Do not record the turns in history.")
    var noHistory = false

    func run() throws {
        let context = try CommandContext(location: location)
        let planner = context.planner
        let base: RunInputs
        do {
            base = try runOptions.inputs(promptID: prompt)
        } catch {
            throw DiagnosticPrinter.fail(error.diagnostics)
        }
        if let problem = delivery.problem { throw DiagnosticPrinter.fail([problem]) }
        let mocks: [String: String]
        do {
            mocks = try planner.loadPrompt(for: base).prompt.mocks
        } catch {
            throw DiagnosticPrinter.fail(error.diagnostics)
        }
        var parent = try continueFrom.map { id in
            try HistoryCLI.run { () throws(HistoryError) in
                try HistoryStore.openForReading(path: context.paths.historyFile).run(prefix: id)
            }
        }
        // Every turn is checked (the prompt's checks:) and priced as it ends.
        let recorder = CheckingRecorder(
            wrapping: HistoryAccess.recorder(path: context.paths.historyFile, disabled: noHistory),
            prices: context.configuration.priceTable)
        var reader = TurnReader()
        var status = ExitStatus.ok
        while true {
            let messages: [ConversationMessage]
            if let previous = parent, previous.calledTools {
                guard let results = Self.readToolResults(for: previous, mocks: mocks, reader: &reader) else { break }
                do {
                    messages = try ConversationChain.toolResults(for: previous, results: results, mocks: mocks)
                } catch {
                    StandardError.write("error: \(error.localizedDescription)\n")
                    continue
                }
            } else {
                reader.ask("you> ")
                guard let line = reader.next() else { break }
                if line.allSatisfy(\.isWhitespace) { continue }
                messages = [.user(line)]
            }
            var inputs = base
            if let previous = parent {
                do {
                    inputs = try ConversationChain.continuing(previous, with: messages, inputs: base)
                } catch {
                    throw DiagnosticPrinter.fail([Diagnostic(file: "--continue", message: error.localizedDescription)])
                }
            } else {
                inputs.conversation = messages
            }
            let prepared: PreparedRun
            do {
                prepared = try planner.prepare(inputs)
            } catch {
                throw DiagnosticPrinter.fail(error.diagnostics)
            }
            DiagnosticPrinter.print(prepared.warnings)
            recorder.expect(
                runID: prepared.record.id, checks: prepared.checks,
                variables: prepared.record.variables.objectValue ?? [:])
            defer { recorder.forget(runID: prepared.record.id) }
            let outcome = RunExecution.perform(
                prepared, recorder: recorder, transports: TransportRegistry(), options: delivery.transferOptions,
                printer: StreamPrinter(
                    choiceCount: prepared.parameters.choiceCount, raw: delivery.raw,
                    reasoning: .choose(showReasoning: showReasoning)))
            if let error = outcome.recordingError {
                StandardError.write(HistoryAccess.notRecorded(outcome.record.id, because: error))
            }
            status = RunExecution.exitStatus(for: outcome.record)
            // A failed or cancelled turn is not part of the conversation: the next line goes on from the last good one.
            if outcome.record.status == .ok { parent = outcome.record }
        }
        if status != ExitStatus.ok { throw ExitCode(status) }
    }

    /// One line per call; nil at the end of input. An empty line leaves the call to its `mock:` result.
    private static func readToolResults(
        for run: RunRecord, mocks: [String: String], reader: inout TurnReader
    ) -> [String: String]? {
        var results: [String: String] = [:]
        for call in run.toolCalls[0] ?? [] {
            let hint = mocks[call.name] == nil ? "" : " (empty line: the mock result)"
            reader.ask("result of \(call.id) \(call.name)\(hint)> ")
            guard let line = reader.next() else { return nil }
            if !line.allSatisfy(\.isWhitespace) { results[call.id] = line }
        }
        return results
    }
}

/// Reads turns from stdin: one line, or the lines between two lines of `"""`. Asks on stderr, and only when
/// stdin is a terminal, so pipes get nothing but replies.
struct TurnReader {
    private let interactive = isatty(STDIN_FILENO) == 1

    func ask(_ prompt: String) {
        if interactive { StandardError.write(prompt) }
    }

    /// The next turn, or nil at the end of input.
    mutating func next() -> String? {
        StandardOutput.flush()
        guard let line = readLine(strippingNewline: true) else { return nil }
        guard line.trimmingCharacters(in: .whitespaces) == "\"\"\"" else { return line }
        var lines: [String] = []
        while let more = readLine(strippingNewline: true), more.trimmingCharacters(in: .whitespaces) != "\"\"\"" {
            lines.append(more)
        }
        return lines.joined(separator: "\n")
    }
}
