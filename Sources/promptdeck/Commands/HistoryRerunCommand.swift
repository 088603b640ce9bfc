import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck history rerun ID`: the same request again, as a new run whose parent is ID.
struct HistoryRerunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun", abstract: "Send a past run's request again (overrides change only what they name).")

    @Argument(help: "The run id, or a unique prefix of it.") var id: String
    @Option(
        name: .customLong("var"),
        help: ArgumentHelp("Change a variable, key=value (repeatable).", valueName: "key=value"))
    var variables: [String] = []
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Change a parameter, key=value (repeatable).", valueName: "key=value"))
    var settings: [String] = []
    @Option(help: "Send through another profile.") var profile: String?
    @Option(help: "Use another model.") var model: String?
    @Flag(help: "Print the final response object as JSON.") var json = false
    @Option(help: ArgumentHelp("More checks for this run: a YAML list (or checks: in a mapping).", valueName: "file"))
    var checks: String?
    @OptionGroup var delivery: DeliveryOptions
    @OptionGroup var location: LocationOptions

    func run() throws {
        let context = try CommandContext(location: location)
        let store = try HistoryCLI.open(location)
        let original = try HistoryCLI.run { () throws(HistoryError) in try store.run(prefix: id) }
        var overrides = RunPlanner.RerunOverrides(profileName: profile, model: model)
        let prepared: PreparedRun
        do {
            for argument in variables {
                let (key, value) = try KeyValueArgument.split(argument, flag: "--var")
                overrides.variables[key] = .string(value)
            }
            for argument in settings {
                let (key, value) = try KeyValueArgument.split(argument, flag: "--set")
                overrides.parameters[key] = KeyValueArgument.parameterValue(value)
            }
            prepared = try context.planner.prepareRerun(of: original, overrides: overrides)
        } catch let error as any DiagnosticReport {
            throw DiagnosticPrinter.fail(error.diagnostics)
        }
        if let problem = delivery.problem { throw DiagnosticPrinter.fail([problem]) }
        DiagnosticPrinter.print(prepared.warnings)
        if StandardError.isTerminal { StandardError.write("re-running \(original.id) as \(prepared.record.id)\n") }
        // The prompt's checks as recorded run again (its command checks do not: history is not the user's file).
        var extraChecks: [CheckSpec] = []
        if let checks {
            do { extraChecks = try CheckParser.load(file: checks) } catch {
                throw DiagnosticPrinter.fail(error.diagnostics)
            }
        }
        let recorder = CheckingRecorder(wrapping: store, prices: context.configuration.priceTable)
        recorder.expect(
            runID: prepared.record.id, checks: prepared.checks + extraChecks,
            variables: prepared.record.variables.objectValue ?? [:])
        let outcome = RunExecution.perform(
            prepared, recorder: recorder, transports: TransportRegistry(), options: delivery.transferOptions,
            printer: StreamPrinter(choiceCount: prepared.parameters.choiceCount, raw: delivery.raw, quiet: json))
        throw RunExecution.conclude(outcome, json: json)
    }
}
