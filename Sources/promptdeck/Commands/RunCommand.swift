import ArgumentParser
import Dispatch
import Foundation
import PromptDeckCore

/// `promptdeck run PROMPT`: render, send and stream one prompt; the run lands in history.
struct RunCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "run", abstract: "Run a prompt and stream its completion to stdout.",
        discussion: """
            Exit status: 0 done, 1 the request failed or a check of the prompt's checks: (or --checks) failed, \
            2 invalid input, 130 cancelled. A structured-output (response_format json_schema / json_object) \
            validation failure is a finding, reported on stderr and in --json and history: it does not change \
            the exit status.
            """)

    @Argument(help: "The prompt id (see `promptdeck prompts list`), e.g. examples/tagline.")
    var prompt: String

    @OptionGroup var runOptions: RunOptions
    @OptionGroup var conversation: ConversationOptions
    @OptionGroup var location: LocationOptions

    @OptionGroup var delivery: DeliveryOptions

    @Flag(help: "Print the final response object (OpenAI shape) with timings and headers, instead of the text.")
    var json = false

    @Flag(help: "Do not record this run in history.")
    var noHistory = false

    @Option(help: ArgumentHelp("More checks for this run: a YAML list (or checks: in a mapping).", valueName: "file"))
    var checks: String?

    func run() throws {
        let context = try CommandContext(location: location)
        let prepared: PreparedRun
        let planner = context.planner
        let inputs: RunInputs
        var extraChecks: [CheckSpec] = []
        do {
            if let checks { extraChecks = try CheckParser.load(file: checks) }
            inputs = try runOptions.inputs(promptID: prompt)
        } catch {
            throw DiagnosticPrinter.fail((delivery.problem.map { [$0] } ?? []) + error.diagnostics)
        }
        let turn = try conversation.apply(to: inputs, planner: planner, historyPath: context.paths.historyFile)
        do {
            prepared = try planner.prepare(turn)
        } catch {
            throw DiagnosticPrinter.fail((delivery.problem.map { [$0] } ?? []) + error.diagnostics)
        }
        if let problem = delivery.problem { throw DiagnosticPrinter.fail([problem]) }
        DiagnosticPrinter.print(prepared.warnings)
        let recorder = CheckingRecorder(
            wrapping: HistoryAccess.recorder(path: context.paths.historyFile, disabled: noHistory),
            prices: context.configuration.priceTable)
        recorder.expect(
            runID: prepared.record.id, checks: prepared.checks + extraChecks,
            variables: prepared.record.variables.objectValue ?? [:])
        let outcome = RunExecution.perform(
            prepared, recorder: recorder, transports: TransportRegistry(), options: delivery.transferOptions,
            printer: StreamPrinter(
                choiceCount: prepared.parameters.choiceCount, raw: delivery.raw, quiet: json,
                reasoning: .choose(showReasoning: conversation.showReasoning)))
        throw RunExecution.conclude(outcome, json: json)
    }
}

/// Runs a prepared run to the end in the foreground, with Ctrl-C and SIGTERM cancelling it cleanly.
enum RunExecution {
    struct Outcome {
        var record: RunRecord
        var recordingError: Error?
    }

    static func perform(
        _ prepared: PreparedRun, recorder: RunRecorder, transports: TransportRegistry, options: TransferOptions,
        printer: StreamPrinter
    ) -> Outcome {
        let counter = EventCounter(printer: printer)
        let session = RunSession(
            record: prepared.record, request: prepared.request.spec,
            transport: transports.transport(for: prepared.profile),
            options: options, retry: prepared.profile.retry, recorder: recorder, observer: counter,
            choiceCount: prepared.parameters.choiceCount)
        let signals = SignalCancellation { session.cancel() }
        session.start()
        // A checking recorder has the run as it wrote it at the end: checked and priced.
        let finished = session.waitUntilFinished()
        let record = (recorder as? CheckingRecorder)?.finishedRecord(runID: finished.id) ?? finished
        counter.waitUntilFinished()
        signals.stop()
        if record.status == .cancelled {
            // Core's message for a cancel is just "cancelled": say it once, and whether output was kept.
            StandardError.write("cancelled" + (record.outputs.isEmpty ? "" : " (partial output kept)") + "\n")
        } else if let message = record.errorMessage, record.status != .ok {
            var text = "error: \(message)"
            // A cut stream's message already says so (Core's words, also shown by the playground).
            if !record.outputs.isEmpty, !message.hasSuffix("(partial output kept)") { text += " (partial output kept)" }
            StandardError.write(TerminalSafeText.make(text) + "\n")
        }
        for result in record.checkResults where result.status == .failed {
            let choice = record.outputs.count > 1 ? " (choice \(result.choice + 1))" : ""
            StandardError.write(
                TerminalSafeText.make("check failed\(choice): \(result.name): \(result.message ?? "failed")") + "\n")
        }
        if StandardError.isTerminal {
            StandardError.write("── " + RunReport.line(for: record, eventCount: counter.deltaCount) + "\n")
        }
        return Outcome(record: record, recordingError: session.recordingError)
    }

    /// After a run: the `--json` report, a word if history could not record it, and the exit code.
    static func conclude(_ outcome: Outcome, json: Bool) -> ExitCode {
        if json { StandardOutput.write(RunReport.json(for: outcome.record).serialized(pretty: true) + "\n") }
        if let error = outcome.recordingError {
            StandardError.write(HistoryAccess.notRecorded(outcome.record.id, because: error))
        }
        return ExitCode(exitStatus(for: outcome.record))
    }

    static func exitStatus(for record: RunRecord) -> Int32 {
        switch record.status {
        case .ok: return CheckTally(gating: record.checkResults).allPassed ? ExitStatus.ok : ExitStatus.requestFailed
        case .cancelled: return ExitStatus.cancelled
        case .error, .interrupted, .running: return ExitStatus.requestFailed
        }
    }
}

/// Passes events to the printer and counts deltas (a token estimate when the server sends no usage).
final class EventCounter: RunObserver, @unchecked Sendable {
    private let printer: StreamPrinter
    private(set) var deltaCount = 0
    private let done = DispatchSemaphore(value: 0)

    init(printer: StreamPrinter) { self.printer = printer }

    func run(_ run: RunSession, didReceive batch: StreamBatch) {
        deltaCount += batch.textDeltas
        printer.run(run, didReceive: batch)
    }

    func runWillRetry(_ run: RunSession, attempt: RunAttempt, retries: Int) {
        // On stderr whatever it is: a wait of seconds with nothing said would look like a hang.
        StandardError.write(TerminalSafeText.make("\(attempt.retryLabel(retries: retries)): \(attempt.message)") + "\n")
    }

    func runDidFinish(_ run: RunSession, record: RunRecord) {
        printer.runDidFinish(run, record: record)
        done.signal()
    }

    func waitUntilFinished() { done.wait() }
}

/// Turns SIGINT and SIGTERM into a cancel while a run is going; restores default handling after.
final class SignalCancellation: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(_ cancel: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: cancel)
            source.resume()
            sources.append(source)
        }
    }

    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
