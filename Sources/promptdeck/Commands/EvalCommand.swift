import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck eval PROMPT`: every dataset row with every variant, each run checked; a matrix and a
/// summary per variant. Exit 0 when every check passes, 1 when one fails, 2 for invalid input (bad rows too).
struct EvalCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run a prompt over a dataset's rows (× variants) and check every run.",
        discussion: """
            Rows come from the prompt's `dataset:` or --dataset (CSV with a header, JSONL, or a YAML list); \
            a row's `__expected` column is an `equals` check and `__checks` a JSON list of checks. Checks \
            come from the prompt's `checks:`, --checks FILE and the rows. Variants are --variant / --sweep as \
            for `compare`. The whole evaluation is one history group: --against GROUP compares with an earlier \
            one; `eval --against OLD --group NEW` compares two stored evaluations and runs nothing. Exit status: \
            0 every check passed, 1 some failed, 2 invalid input (a bad row included).
            """)

    @Argument(help: "The prompt id (see `promptdeck prompts list`); not needed with --group.")
    var prompt: String?

    @Option(
        help: ArgumentHelp(
            "The rows: a .csv, .jsonl, .yaml or .json file (default: the prompt's dataset:).", valueName: "file"))
    var dataset: String?

    @Option(help: ArgumentHelp("More checks for every run: a YAML list (or checks: in a mapping).", valueName: "file"))
    var checks: String?

    @OptionGroup var runOptions: RunOptions
    @OptionGroup var location: LocationOptions

    @OptionGroup var variantOptions: VariantOptions

    @Option(
        name: .customLong("repeat"),
        help: "Run each row with each variant this many times (identical outputs are grouped).")
    var repeatCount: Int = 1

    @Option(
        help:
            "At most this many requests at once (default: \(Evaluation.defaultConcurrency), under each profile's max_concurrency)."
    )
    var concurrency: Int?

    @Option(help: "table, markdown, csv or json.")
    var format: EvaluationFormat = .table

    @Option(
        help: ArgumentHelp("Compare with an earlier evaluation: its group id (or a unique prefix).", valueName: "group")
    )
    var against: String?

    @Option(
        help: ArgumentHelp(
            "With --against: compare this stored evaluation with it instead of running one (nothing is sent).",
            valueName: "group"))
    var group: String?

    @Option(
        name: .customLong("export"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Write a promptfoo config instead of running: --export promptfoo FILE.", valueName: "promptfoo file"))
    var export: [String] = []

    @Flag(name: .shortAndLong, help: "No progress bar on stderr.")
    var quiet = false

    @OptionGroup var delivery: DeliveryOptions

    @Flag(help: "Do not record these runs in history.")
    var noHistory = false

    func run() throws {
        let context = try CommandContext(location: location)
        if let group { return try compareStored(group, context: context) }
        let (plan, loadedPrompt) = try makePlan(context: context)
        DiagnosticPrinter.print(plan.warnings)
        if !export.isEmpty {
            let text = PromptfooExport.yaml(for: plan, prompt: loadedPrompt)
            do {
                try text.write(toFile: export[1], atomically: true, encoding: .utf8)
            } catch {
                throw DiagnosticPrinter.fail([
                    Diagnostic(file: export[1], message: "cannot write: \(error.localizedDescription)")
                ])
            }
            let tests = plan.dataset.rows.count - plan.rowProblems.count
            StandardError.write("wrote \(export[1]): \(tests) tests, \(plan.variantNumbers.count) providers\n")
            for problem in plan.rowProblems.sorted(by: { $0.key < $1.key }) {
                StandardError.write(TerminalSafeText.make(problem.value.description) + "\n")
            }
            throw ExitCode(plan.rowProblems.isEmpty ? ExitStatus.ok : ExitStatus.invalidInput)
        }
        for problem in plan.rowProblems.sorted(by: { $0.key < $1.key }) {
            StandardError.write(TerminalSafeText.make(problem.value.description) + "\n")
        }
        let recorder = HistoryAccess.recorder(path: context.paths.historyFile, disabled: noHistory)
        let progress = quiet ? nil : EvalProgress(total: plan.cells.count, inPlace: StandardError.isTerminal)
        let evaluation = Evaluation(
            plan: plan, transports: TransportRegistry(), recorder: recorder, prices: context.configuration.priceTable,
            options: delivery.transferOptions, concurrency: concurrency, observer: progress)
        let interrupted = InterruptFlag()
        let signals = SignalCancellation {
            interrupted.set()
            evaluation.cancelAll()
        }
        evaluation.start()
        let result = evaluation.waitUntilFinished()
        signals.stop()
        progress?.finish(evaluation.progress)
        var text = EvaluationReport(result: result, safe: !delivery.raw).render(format)
        if let against {
            let delta = try compare(result, against: against, history: context.paths.historyFile)
            switch format {
            case .json:
                if case .object(var object) = EvaluationReport(result: result, safe: false).json() {
                    object["against"] = EvalAgainst.json(delta)
                    text = JSONValue.object(object).serialized(pretty: true) + "\n"
                }
            case .csv: StandardError.write(EvalAgainst.text(delta, markdown: false))
            case .table: text += EvalAgainst.text(delta, markdown: false)
            case .markdown: text += EvalAgainst.text(delta, markdown: true)
            }
        }
        StandardOutput.write(text)
        StandardOutput.flush()
        for (runID, error) in evaluation.recordingErrors.prefix(3) {
            StandardError.write(HistoryAccess.notRecorded(runID, because: error))
        }
        if interrupted.isSet { throw ExitCode(ExitStatus.cancelled) }
        if !plan.rowProblems.isEmpty { throw ExitCode(ExitStatus.invalidInput) }
        throw ExitCode(result.allPassed ? ExitStatus.ok : ExitStatus.requestFailed)
    }

    /// `--against OLD --group NEW`: two evaluations as history kept them, nothing run. Exits 0 when every
    /// run of NEW passed, 1 when one failed, 2 when a group cannot be read.
    private func compareStored(_ group: String, context: CommandContext) throws {
        guard let against else {
            throw DiagnosticPrinter.fail([Diagnostic(file: "--group", message: "needs --against GROUP to compare with")]
            )
        }
        let after = try score(ofGroup: group, option: "--group", history: context.paths.historyFile)
        let delta = EvaluationDelta(
            before: try score(ofGroup: against, option: "--against", history: context.paths.historyFile), after: after)
        switch format {
        case .json:
            var object: [String: JSONValue] = ["group_id": .string(after.groupID), "against": EvalAgainst.json(delta)]
            object["all_passed"] = .bool(after.cells.allSatisfy(\.passed))
            StandardOutput.write(JSONValue.object(object).serialized(pretty: true) + "\n")
        case .markdown: StandardOutput.write("**\(after.groupID)**\n" + EvalAgainst.text(delta, markdown: true))
        case .table, .csv: StandardOutput.write(after.groupID + "\n" + EvalAgainst.text(delta, markdown: false))
        }
        StandardOutput.flush()
        throw ExitCode(after.cells.allSatisfy(\.passed) ? ExitStatus.ok : ExitStatus.requestFailed)
    }

    /// Everything is read and validated before anything is sent; a problem that is not one row's exits 2.
    private func makePlan(context: CommandContext) throws -> (EvaluationPlan, Prompt) {
        var problems: [Diagnostic] = []
        guard let prompt else {
            throw DiagnosticPrinter.fail([
                Diagnostic(file: "eval", message: "name the prompt to evaluate (or --against OLD --group NEW)")
            ])
        }
        if repeatCount < 1 { problems.append(Diagnostic(file: "--repeat", message: "must be at least 1")) }
        if let concurrency, concurrency < 1 {
            problems.append(Diagnostic(file: "--concurrency", message: "must be at least 1"))
        }
        if let problem = delivery.problem { problems.append(problem) }
        if !export.isEmpty && (export.count != 2 || export[0] != "promptfoo") {
            problems.append(Diagnostic(file: "--export", message: "expected --export promptfoo FILE"))
        }
        let (specs, axes) = variantOptions.parse(problems: &problems)
        var extraChecks: [CheckSpec] = []
        if let checks {
            do { extraChecks = try CheckParser.load(file: checks) } catch { problems += error.diagnostics }
        }
        var base: RunInputs?
        do { base = try runOptions.inputs(promptID: prompt) } catch { problems += error.diagnostics }
        var loaded: Prompt?
        if let base {
            do { loaded = try context.planner.loadPrompt(for: base).prompt } catch { problems += error.diagnostics }
        }
        var data: Dataset?
        if let loaded {
            do { data = try Dataset.load(for: loaded, given: dataset) } catch { problems.append(error) }
        }
        guard problems.isEmpty, let base, let loaded, let data else { throw DiagnosticPrinter.fail(problems) }
        do {
            let expanded = try VariantSpecParser.expand(variants: specs, sweeps: axes, repeatCount: repeatCount)
            let plan = try EvaluationPlan.prepare(
                base: base, dataset: data, variants: expanded, checks: extraChecks, planner: context.planner,
                requireKeys: export.isEmpty)
            if plan.cells.isEmpty && export.isEmpty {
                throw DiagnosticPrinter.fail(
                    plan.rowProblems.sorted { $0.key < $1.key }.map(\.value)
                        + [Diagnostic(file: data.file, message: "no row can run")])
            }
            return (plan, loaded)
        } catch let error as any DiagnosticReport {
            throw DiagnosticPrinter.fail(error.diagnostics)
        }
    }

    private func compare(_ result: EvaluationResult, against group: String, history: String) throws -> EvaluationDelta {
        EvaluationDelta(
            before: try score(ofGroup: group, option: "--against", history: history), after: EvaluationScore(result))
    }

    /// A stored evaluation's score (a group id or a unique prefix); `option` names where it was given.
    private func score(ofGroup group: String, option: String, history: String) throws -> EvaluationScore {
        do {
            return try HistoryStore.openForReading(path: history).evaluationScore(ofGroup: group)
        } catch {
            throw DiagnosticPrinter.fail([Diagnostic(file: option, message: "\(group): \(error.localizedDescription)")])
        }
    }
}

/// `--format`
extension EvaluationFormat: ExpressibleByArgument {}

/// What `--against` prints.
enum EvalAgainst {
    static func text(_ delta: EvaluationDelta, markdown: Bool) -> String {
        var out = markdown ? "\n**Against \(delta.before)**\n\n" : "\nagainst \(delta.before)\n"
        for change in delta.variants {
            out += (markdown ? "- " : "  ") + "#\(change.variant)  \(change.text)\n"
        }
        if delta.flips.isEmpty {
            out += (markdown ? "\nNo row changed.\n" : "  no row changed\n")
        } else {
            out += markdown ? "\n" : ""
            for flip in delta.flips {
                let mark = flip.nowPasses ? "✖→✔" : "✔→✖"
                out +=
                    (markdown ? "- " : "  ") + "\(mark) #\(flip.variant) " + TerminalSafeText.make(flip.rowLabel) + "\n"
            }
        }
        return out
    }

    static func json(_ delta: EvaluationDelta) -> JSONValue {
        [
            "group_id": .string(delta.before),
            "variants": .array(
                delta.variants.map {
                    [
                        "variant": .int($0.variant), "before_passed": .int($0.before.passed),
                        "before_runs": .int($0.before.total), "after_passed": .int($0.after.passed),
                        "after_runs": .int($0.after.total),
                    ]
                }),
            "flipped": .array(
                delta.flips.map {
                    ["row": .string($0.rowLabel), "variant": .int($0.variant), "now_passes": .bool($0.nowPasses)]
                }),
        ]
    }
}

/// The progress bar on stderr: `[######----] 37/400 · 2 failed · 12.3 s · ETA 20 s`, redrawn in place on
/// a terminal (at most 10 times a second), a plain line every tenth of the way otherwise.
final class EvalProgress: EvaluationObserver, @unchecked Sendable {
    private let total: Int
    private let inPlace: Bool
    private let lock = NSLock()
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var lastStep = 0
    private var shown = false

    init(total: Int, inPlace: Bool) {
        self.total = total
        self.inPlace = inPlace
        if inPlace {
            StandardError.write(Self.line(EvaluationProgress(total: total, done: 0, failed: 0, elapsed: .zero)))
            shown = true
        }
    }

    func evaluation(_ evaluation: Evaluation, didFinish cell: EvaluationCellResult, progress: EvaluationProgress) {
        lock.withLock {
            if inPlace {
                let now = ContinuousClock.now
                guard now - lastDraw >= .milliseconds(100) || progress.done == total else { return }
                lastDraw = now
                StandardError.write("\r\u{1B}[2K" + Self.line(progress))
                shown = true
            } else {
                let step = progress.done * 10 / max(1, total)
                guard step > lastStep || progress.done == total else { return }
                lastStep = step
                StandardError.write(Self.line(progress) + "\n")
            }
        }
    }

    /// The last state; the bar is erased on a terminal, so the report starts on a clean line.
    func finish(_ progress: EvaluationProgress) {
        lock.withLock {
            if inPlace && shown {
                StandardError.write("\r\u{1B}[2K" + Self.line(progress) + "\n")
            }
        }
    }

    static func line(_ p: EvaluationProgress) -> String {
        let width = 20
        let filled = p.total == 0 ? width : p.done * width / p.total
        var text = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
        text += "\(p.done)/\(p.total)"
        if p.failed > 0 { text += " · \(p.failed) failed" }
        text += " · " + seconds(p.elapsed)
        if let eta = p.estimatedRemaining, p.done < p.total { text += " · ETA " + seconds(eta) }
        return text
    }

    static func seconds(_ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return s < 60 ? String(format: "%.1f s", s) : String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60)
    }
}
