import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck compare PROMPT --variant ... | --sweep ...`: run variants of one prompt side by side.
struct CompareCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run variants of one prompt at the same time and show them side by side.",
        discussion: """
            A variant is space-separated key=value overrides: parameters (values parse like --set), `model` \
            and `profile`, e.g. --variant 'temperature=1 model=gpt-4o-mini'. --sweep temperature=0,0.5,1 makes \
            one variant per value (integer ranges: seed=1..4); two sweeps make a grid. Shared --set, --model \
            and --profile apply to every variant; a variant's own values win. All runs share one history group.
            """)

    @Argument(help: "The prompt id (see `promptdeck prompts list`), e.g. examples/tagline.")
    var prompt: String

    @OptionGroup var runOptions: RunOptions
    @OptionGroup var location: LocationOptions

    @OptionGroup var variantOptions: VariantOptions

    @Option(name: .customLong("repeat"), help: "Run each variant this many times (to see variance).")
    var repeatCount: Int = 1

    @Option(help: "At most this many requests at once (default: all).")
    var concurrency: Int?

    @Option(help: "columns (side by side; a table beyond 4 variants) or markdown.")
    var format: CompareFormat = .columns

    @Flag(help: "Print the runs and the summary as JSON instead.")
    var json = false

    @OptionGroup var delivery: DeliveryOptions

    @Flag(help: "Do not record these runs in history.")
    var noHistory = false

    @Option(
        help: ArgumentHelp("More checks for every variant: a YAML list (or checks: in a mapping).", valueName: "file"))
    var checks: String?

    func run() throws {
        let context = try CommandContext(location: location)
        let plan = try makePlan(context: context)
        DiagnosticPrinter.print(plan.warnings)
        var extraChecks: [CheckSpec] = []
        if let checks {
            do { extraChecks = try CheckParser.load(file: checks) } catch {
                throw DiagnosticPrinter.fail(error.diagnostics)
            }
        }
        let recorder = CheckingRecorder(
            wrapping: HistoryAccess.recorder(path: context.paths.historyFile, disabled: noHistory),
            prices: context.configuration.priceTable)
        for planned in plan.variants {
            recorder.expect(
                runID: planned.prepared.record.id, checks: planned.prepared.checks + extraChecks,
                variables: planned.prepared.record.variables.objectValue ?? [:])
        }
        let progress = StandardError.isTerminal && !json ? CompareProgress(count: plan.variants.count) : nil
        let comparison = Comparison(
            plan: plan, transports: TransportRegistry(), recorder: recorder,
            options: delivery.transferOptions,
            concurrency: concurrency, observer: progress)
        let interrupted = InterruptFlag()
        let signals = SignalCancellation {
            interrupted.set()
            comparison.cancelAll()
        }
        comparison.start()
        let snapshot = comparison.waitUntilFinished()
        signals.stop()
        progress?.clear()
        var checked: [String: RunRecord] = [:]
        for planned in plan.variants {
            if let record = recorder.finishedRecord(runID: planned.prepared.record.id) { checked[record.id] = record }
        }
        report(snapshot, plan: plan, checked: checked)
        for (runID, error) in comparison.recordingErrors {
            StandardError.write(HistoryAccess.notRecorded(runID, because: error))
        }
        let checksFailed = checked.values.contains { !CheckTally(gating: $0.checkResults).allPassed }
        throw ExitCode(Self.exitStatus(for: snapshot, interrupted: interrupted.isSet, checksFailed: checksFailed))
    }

    /// Parses and validates everything; nothing is sent when any variant is wrong.
    private func makePlan(context: CommandContext) throws -> ComparisonPlan {
        var problems: [Diagnostic] = []
        if repeatCount < 1 { problems.append(Diagnostic(file: "--repeat", message: "must be at least 1")) }
        if let concurrency, concurrency < 1 {
            problems.append(Diagnostic(file: "--concurrency", message: "must be at least 1"))
        }
        if let problem = delivery.problem {
            problems.append(problem)
        }
        if variantOptions.isEmpty && repeatCount < 2 {
            problems.append(
                Diagnostic(file: "--variant", message: "nothing to compare: give --variant or --sweep (or --repeat N)"))
        }
        let (specs, axes) = variantOptions.parse(problems: &problems)
        var base: RunInputs?
        do {
            var inputs = try runOptions.inputs(promptID: prompt)
            // Time to first token is what a comparison is about: stream unless told otherwise.
            inputs.stream = runOptions.stream ?? true
            base = inputs
        } catch {
            problems += error.diagnostics
        }
        guard problems.isEmpty, let base else { throw DiagnosticPrinter.fail(problems) }
        do {
            let expanded = try VariantSpecParser.expand(variants: specs, sweeps: axes, repeatCount: repeatCount)
            return try ComparisonPlan.prepare(base: base, variants: expanded, planner: context.planner)
        } catch let error as any DiagnosticReport {
            throw DiagnosticPrinter.fail(error.diagnostics)
        }
    }

    private func report(_ snapshot: ComparisonSnapshot, plan: ComparisonPlan, checked: [String: RunRecord]) {
        for state in snapshot.variants where state.status == .error || state.status == .interrupted {
            let message = state.errorMessage ?? "failed"
            StandardError.write(
                TerminalSafeText.make("error: \(state.variant.label) \(state.variant.specText): \(message)") + "\n")
        }
        let text: String
        if json {
            text = CompareJSON.report(snapshot, plan: plan, checked: checked).serialized(pretty: true) + "\n"
        } else {
            let safe = !delivery.raw
            switch format {
            case .markdown: text = CompareMarkdown(plan: plan, safe: safe && StandardOutput.isTerminal).render(snapshot)
            case .columns: text = CompareColumns(plan: plan, width: OutputWidth.columns(), safe: safe).render(snapshot)
            }
        }
        StandardOutput.write(text)
        if !json { StandardOutput.write(Self.checksLine(snapshot, checked: checked)) }
        StandardOutput.flush()
    }

    /// `checks  #1 ✔ 3/3 · #2 ✖ 2/3 · cost $0.000120`, when any variant was checked or priced.
    static func checksLine(_ snapshot: ComparisonSnapshot, checked: [String: RunRecord]) -> String {
        let records = snapshot.variants.map { checked[$0.runID] }
        let badges = zip(snapshot.variants, records).compactMap { state, record in
            record.flatMap { CheckTally($0.checkResults).badge }.map { "\(state.variant.label) \($0)" }
        }
        let cost = RunCost.sum(records.map { $0?.cost })
        guard !badges.isEmpty || cost != nil else { return "" }
        var parts: [String] = []
        if !badges.isEmpty { parts.append("checks  " + badges.joined(separator: " · ")) }
        if let cost { parts.append("cost \(cost.text)") }
        return parts.joined(separator: " · ") + "\n"
    }

    static func exitStatus(for snapshot: ComparisonSnapshot, interrupted: Bool, checksFailed: Bool = false) -> Int32 {
        if interrupted { return ExitStatus.cancelled }
        let summary = snapshot.summary
        // A check that failed fails the comparison, as it does a run.
        if summary.failed > 0 || checksFailed { return ExitStatus.requestFailed }
        if summary.cancelled > 0 { return ExitStatus.cancelled }
        return ExitStatus.ok
    }
}

/// `--format`
enum CompareFormat: String, ExpressibleByArgument, CaseIterable {
    case columns, markdown
}

/// Set once by the signal handler.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
