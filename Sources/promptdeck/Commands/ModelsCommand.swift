import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck models`: what the profile's server serves (`GET {base_url}/models`), one id per line.
struct ModelsCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "models", abstract: "List the models a profile's server serves (GET {base_url}/models).")

    @Option(help: "The profile to ask (default: the default profile).")
    var profile: String?

    @OptionGroup var location: LocationOptions
    @Flag(help: "Print a JSON array of model ids.") var json = false

    func run() throws {
        let context = try CommandContext(location: location)
        let resolved: Profile
        do {
            resolved = try context.configuration.resolveProfile(profile)
        } catch {
            throw DiagnosticPrinter.fail([error])
        }
        let models: [String]
        do {
            models = try ModelDiscovery(transports: TransportRegistry()).models(for: resolved)
        } catch {
            StandardError.write(
                "error: profile '\(resolved.name)': " + TerminalSafeText.make(error.errorDescription ?? "\(error)")
                    + "\n")
            throw ExitCode(ExitStatus.requestFailed)
        }
        if json {
            StandardOutput.write(JSONValue.array(models.map(JSONValue.string)).serialized() + "\n")
        } else {
            StandardOutput.write(models.map { $0 + "\n" }.joined())
        }
        StandardOutput.flush()
    }
}
