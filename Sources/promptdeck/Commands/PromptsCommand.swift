import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck prompts list|show`.
struct PromptsCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "prompts", abstract: "List and inspect saved prompts, their versions and labels.",
        subcommands: [List.self, Show.self, Versions.self, Label.self, Diff.self, Pull.self, Push.self, Publish.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the prompts in the library and the bundled examples.")
        @OptionGroup var location: LocationOptions
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "List Portkey's prompts (a portkey-hosted profile's) instead.") var portkey = false
        @Option(help: "With --portkey: the portkey-hosted profile.") var profile: String?
        @Option(help: "With --portkey: only prompts whose name matches.") var search: String?

        func run() throws {
            let context = try CommandContext(location: location)
            if portkey {
                return try PromptsCommand.listPortkey(context: context, profile: profile, search: search, json: json)
            }
            let listing = context.library.list()
            if json {
                let items: [JSONValue] = listing.prompts.map {
                    [
                        "id": .string($0.id), "name": .string($0.name), "kind": .string($0.kind.rawValue),
                        "description": $0.description.map(JSONValue.string) ?? .null,
                        "model": $0.model.map(JSONValue.string) ?? .null, "file": .string($0.sourcePath),
                    ]
                }
                StandardOutput.write(JSONValue.array(items).serialized(pretty: true) + "\n")
            } else {
                let width = max(12, listing.prompts.map(\.id.count).max() ?? 0)
                for summary in listing.prompts {
                    let id = summary.id.padding(toLength: width, withPad: " ", startingAt: 0)
                    let kind = summary.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                    // The README's promise: the list shows `name:`, then the description when there is one.
                    let about = summary.name + (summary.description.map { " — " + $0 } ?? "")
                    StandardOutput.write(TerminalSafeText.make("\(id)  \(kind)  \(about)") + "\n")
                }
            }
            DiagnosticPrinter.print(listing.warnings + listing.diagnostics)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a prompt's template, variables and defaults.")
        @Argument(help: "The prompt id; ID@N, ID@LABEL or ID@latest shows a recorded version.") var prompt: String
        @OptionGroup var location: LocationOptions

        func run() throws {
            let context = try CommandContext(location: location)
            let loaded: RunPlanner.LoadedSource
            let variables: [DiscoveredVariable]
            do {
                let reference = try PromptReference.parse(prompt)
                loaded = try context.planner.loadPrompt(
                    for: RunInputs(promptID: reference.promptID, version: reference.selector))
                variables = try context.library.variables(of: loaded.prompt, partials: loaded.source?.partials)
            } catch let error as any DiagnosticReport {
                throw DiagnosticPrinter.fail(error.diagnostics)
            }
            DiagnosticPrinter.print(loaded.warnings)
            let p = loaded.prompt
            var text = "\(p.id) — \(p.name)\n"
            if let description = p.description { text += description + "\n" }
            if let number = loaded.source?.versionNumber, let reference = try? PromptReference.parse(prompt),
                let version = try? context.planner.versions?.version(reference)
            {
                text += "version: \(number) (\(version.shortHash), first seen \(HistoryDate.minute(version.firstSeen)))"
                text += version.labels.isEmpty ? "\n" : "   labels: \(version.labels.joined(separator: ", "))\n"
            }
            if PortkeyPromptID.isPortkey(p.id), let label = loaded.source?.label { text += "version: \(label)\n" }
            text +=
                "kind: \(p.kind.rawValue)   model: \(p.model ?? "-")   profile: \(p.profile ?? "(default)")   file: \(p.sourcePath)\n"
            if let hosted = p.portkeyPromptID { text += "portkey prompt: \(hosted)\n" }
            text += "\nTemplate:\n"
            if let template = p.template { text += indent(template) }
            for message in p.messages { text += "  [\(message.role)]\n" + indent(message.content, by: 4) }
            text += "\nVariables:\n"
            if variables.isEmpty { text += "  (none)\n" }
            for variable in variables {
                var line = "  \(variable.name)"
                line += "  " + variable.type.rawValue
                line += variable.isRequired ? "  required" : "  optional"
                if let value = variable.spec?.defaultValue {
                    line += "  default: \(value.stringValue ?? value.serialized())"
                }
                if let description = variable.spec?.description { line += "  — \(description)" }
                text += line + "\n"
            }
            text += "\nParameters:\n"
            if p.parameters.isEmpty { text += "  (API defaults)\n" }
            for (name, value) in p.parameters.sorted(by: { $0.key < $1.key }) {
                text += "  \(name): \(value.serialized())\n"
            }
            StandardOutput.write(StandardOutput.isTerminal ? TerminalSafeText.make(text) : text)
        }

        private func indent(_ text: String, by spaces: Int = 2) -> String {
            let pad = String(repeating: " ", count: spaces)
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(
                separator: "\n")
                + (text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
