import ArgumentParser
import Foundation
import PromptDeckCore
import Yams

/// The flags that describe a run (shared by `run`, `render` and, later, `compare`).
struct RunOptions: ParsableArguments {
    @Option(
        name: .customLong("var"),
        help: ArgumentHelp("A template variable, key=value (repeatable).", valueName: "key=value"))
    var variables: [String] = []

    @Option(name: .customLong("vars"), help: ArgumentHelp("A JSON or YAML file of variables.", valueName: "file"))
    var variablesFile: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "A parameter, key=value; the value is JSON when it parses as JSON (repeatable). "
                + "response_format=@schema.json reads a JSON Schema file.", valueName: "key=value"))
    var settings: [String] = []

    @Option(
        name: .customLong("extra"),
        help: ArgumentHelp(
            "A provider-specific body field, key=json, sent unchecked (repeatable).", valueName: "key=json"))
    var extras: [String] = []

    @Option(help: "The profile to send to (see `promptdeck profiles`).")
    var profile: String?

    @Option(help: "The model, overriding the prompt's and the profile's.")
    var model: String?

    @Flag(inversion: .prefixedNo, help: "Stream tokens as they arrive (default: the prompt's `stream` parameter).")
    var stream: Bool?

    /// Turns the flags into `RunInputs`; every problem names the flag or file it came from.
    /// `promptID` may name a version: `tagline@2`, `tagline@production`, `tagline@latest`.
    func inputs(promptID: String) throws(DiagnosticList) -> RunInputs {
        var problems: [Diagnostic] = []
        var reference = PromptReference(promptID: promptID)
        do {
            reference = try PromptReference.parse(promptID)
        } catch {
            problems.append(error)
        }
        var variables: [String: JSONValue] = [:]
        if let variablesFile {
            do {
                variables = try VariablesFile.load(variablesFile)
            } catch {
                problems.append(error)
            }
        }
        for argument in self.variables {
            do {
                let (key, value) = try KeyValueArgument.split(argument, flag: "--var")
                variables[key] = .string(value)
            } catch {
                problems.append(error)
            }
        }
        var overrides: [String: JSONValue] = [:]
        for argument in settings {
            do {
                let (key, value) = try KeyValueArgument.split(argument, flag: "--set")
                overrides[key] =
                    key == "response_format" && ResponseFormatFile.isReference(value)
                    ? try ResponseFormatFile.load(value) : KeyValueArgument.parameterValue(value)
            } catch {
                problems.append(error)
            }
        }
        var extraFields: [String: JSONValue] = [:]
        for argument in extras {
            do {
                let (key, value) = try KeyValueArgument.split(argument, flag: "--extra")
                extraFields[key] = try KeyValueArgument.extraValue(value, key: key)
            } catch {
                problems.append(error)
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return RunInputs(
            promptID: reference.promptID, variables: variables, overrides: overrides, extras: extraFields,
            profileName: profile, model: model, stream: stream, version: reference.selector)
    }
}

/// `--vars FILE`: a JSON or YAML mapping of variable values.
enum VariablesFile {
    static func load(_ path: String) throws(Diagnostic) -> [String: JSONValue] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(file: path, message: "cannot read the variables file")
        }
        guard let text = String(validating: Array(data), as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8Offset(Array(data))
            throw Diagnostic(file: path, message: "is not valid UTF-8 (bad byte at offset \(offset))")
        }
        let value: JSONValue
        if path.lowercased().hasSuffix(".json") {
            do {
                value = try JSONValue.parse(text)
            } catch {
                throw Diagnostic(
                    file: path, line: error.line, column: error.column, message: "invalid JSON: \(error.message)")
            }
        } else {
            guard let node = try YAMLSupport.compose(text, file: path) else { return [:] }
            value = YAMLSupport.json(from: node)
        }
        guard let object = value.objectValue else {
            throw Diagnostic(file: path, message: "expected a mapping of variable name -> value")
        }
        return object
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }
}

/// Loads configuration and the prompt library for a command, turning problems into exit 2.
struct CommandContext {
    let paths: PromptDeckPaths
    let configuration: Configuration
    let library: PromptLibrary

    init(location: LocationOptions) throws(ExitCode) {
        paths = location.paths
        do {
            configuration = try Configuration.load(paths: paths)
        } catch {
            throw DiagnosticPrinter.fail(error.diagnostics)
        }
        DiagnosticPrinter.print(configuration.warnings)
        library = PromptLibrary(directory: paths.promptsDirectory)
    }

    /// Asks the server for its models when a run names none (one model: used with a warning).
    var planner: RunPlanner {
        var planner = RunPlanner(
            library: library, configuration: configuration,
            modelDiscovery: ModelDiscovery(transports: TransportRegistry()),
            versions: HistoryFileVersions(path: paths.historyFile))
        planner.portkey = PortkeyCLI.library(self)
        return planner
    }
}
