import ArgumentParser
import Foundation
import PromptDeckCore

extension PromptsCommand {
    /// `prompts versions ID`: every recorded version of a prompt, and which one the file is now.
    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "versions",
            abstract: "List a prompt's versions: number, hash, first seen, runs, labels, and the file's current one.")
        @Argument(help: "The prompt id.") var prompt: String
        @OptionGroup var location: LocationOptions
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "List Portkey's versions (implied by a portkey: id).") var portkey = false

        func run() throws {
            let context = try CommandContext(location: location)
            if portkey || PortkeyPromptID.isPortkey(prompt) {
                return try PromptsCommand.versionsPortkey(context: context, prompt: prompt, json: json)
            }
            let reference = try PromptVersionCLI.reference(prompt)
            let id = reference.promptID
            let current = try? context.library.currentContent(of: id)
            let store = try HistoryCLI.openForReading(location)
            let versions = try HistoryCLI.run { () throws(HistoryError) in try store?.versions(promptID: id) ?? [] }
            if versions.isEmpty, current == nil {
                // Neither a file nor any history: the library's usual unknown-prompt message.
                do { _ = try context.library.load(id) } catch { throw DiagnosticPrinter.fail(error.diagnostics) }
            }
            let currentHash = current.map { PromptVersion.contentHash(source: $0.source, partials: $0.partials) }
            if json {
                let items: [JSONValue] = versions.map { version in
                    [
                        "number": .int(version.number), "hash": .string(version.hash),
                        "short_hash": .string(version.shortHash),
                        "first_seen": .string(HistoryFormat.iso(version.firstSeen)), "runs": .int(version.runCount),
                        "labels": .array(version.labels.map(JSONValue.string)),
                        "current": .bool(version.hash == currentHash),
                    ]
                }
                StandardOutput.write(JSONValue.array(items).serialized(pretty: true) + "\n")
                return
            }
            guard !versions.isEmpty else {
                return HistoryCLI.reportEmpty(
                    "\(id) has no versions yet: a run (or a save from the playground) makes one", json: false)
            }
            var out = "VERSION  HASH      FIRST SEEN        RUNS  LABELS\n"
            for version in versions {
                let labels = version.labels.isEmpty ? "-" : version.labels.joined(separator: ", ")
                out +=
                    HistoryFormat.padded(String(version.number), 7, right: true) + "  " + version.shortHash + "  "
                    + HistoryDate.minute(version.firstSeen) + "  "
                    + HistoryFormat.padded(String(version.runCount), 4, right: true) + "  "
                    + HistoryCLI.safe(labels, raw: false) + (version.hash == currentHash ? "  (current file)" : "")
                    + "\n"
            }
            if currentHash != nil, !versions.contains(where: { $0.hash == currentHash }) {
                out += "the file's current content is not a version yet (its next run makes it one)\n"
            }
            StandardOutput.write(out)
        }
    }

    /// `prompts label ID@N NAME [--remove]`: names a version (one version per label per prompt).
    struct Label: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "label",
            abstract: "Put a label (production, staging, any name) on a version, or take it off with --remove.",
            discussion: """
                The label moves from whichever version had it. Without @N, the prompt file's current content is \
                labelled (and recorded as a version if it is new). `ID@LABEL` then works wherever a prompt id does.
                """)
        @Argument(help: "The version: ID@N, ID@LABEL, ID@latest, or ID for the file's current content.")
        var version: String
        @Argument(help: "The label.") var name: String
        @Flag(help: "Take the label off instead.") var remove = false
        @Flag(help: "Label a Portkey version (implied by a portkey: id).") var portkey = false
        @Option(help: "With --portkey: the portkey-hosted profile.") var profile: String?
        @OptionGroup var location: LocationOptions

        func run() throws {
            if portkey || PortkeyPromptID.isPortkey(version) {
                let context = try CommandContext(location: location)
                return try PromptsCommand.labelPortkey(version: version, name: name, profile: profile, context: context)
            }
            let reference = try PromptVersionCLI.reference(version)
            guard HistoryStore.isValidLabel(name) else { throw HistoryCLI.fail(.invalidLabel(name)) }
            let context = try CommandContext(location: location)
            let store = try HistoryCLI.open(location)
            let id = reference.promptID
            if remove {
                let number = try reference.selector.map { selector in
                    try HistoryCLI.run { () throws(HistoryError) in
                        try store.version(PromptReference(promptID: id, selector: selector)).number
                    }
                }
                let was = try HistoryCLI.run { () throws(HistoryError) in
                    try store.removeLabel(name, promptID: id, number: number)
                }
                StandardOutput.write("removed \(name) from \(id)@\(was)\n")
                return
            }
            let target: PromptVersion
            if reference.selector == nil {
                let current: (prompt: Prompt, source: String, partials: [String: String])
                do { current = try context.library.currentContent(of: id) } catch {
                    throw DiagnosticPrinter.fail(error.diagnostics)
                }
                target = try HistoryCLI.run { () throws(HistoryError) in
                    try store.recordVersion(promptID: id, source: current.source, partials: current.partials)
                }
            } else {
                target = try HistoryCLI.run { () throws(HistoryError) in try store.version(reference) }
            }
            let moved = try HistoryCLI.run { () throws(HistoryError) in
                try store.setLabel(name, promptID: id, number: target.number)
            }
            StandardOutput.write(
                "\(target.reference) is now \(name)" + (moved.map { " (moved from version \($0))" } ?? "") + "\n")
        }
    }

    /// `prompts diff ID@A [ID@B]`: a unified line diff of two versions, or of a version and the file.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Show what changed between two versions of a prompt (or a version and the file).",
            discussion: """
                Each side is ID@N, ID@LABEL, ID@latest, or ID for the prompt file as it is now; with one side, \
                the other is the file. Partials that differ follow, each with its own header.
                """)
        @Argument(help: "The old side, e.g. tagline@1.") var old: String
        @Argument(help: "The new side (default: the prompt file as it is now).") var new: String?
        @Option(name: .customLong("context"), help: "Unchanged lines around each change.") var contextLines = 3
        @OptionGroup var location: LocationOptions

        func run() throws {
            let context = try CommandContext(location: location)
            let oldReference = try PromptVersionCLI.reference(old)
            let newReference =
                try new.map(PromptVersionCLI.reference) ?? PromptReference(promptID: oldReference.promptID)
            let a = try PromptVersionCLI.content(oldReference, context: context)
            let b = try PromptVersionCLI.content(newReference, context: context)
            var out = UnifiedDiff.text(
                old: a.source, new: b.source, oldName: a.name, newName: b.name, context: max(0, contextLines))
            for partial in Set(a.partials.keys).union(b.partials.keys).sorted() {
                out += UnifiedDiff.text(
                    old: a.partials[partial] ?? "", new: b.partials[partial] ?? "",
                    oldName: "\(a.name) partials/\(partial).mustache",
                    newName: "\(b.name) partials/\(partial).mustache",
                    context: max(0, contextLines))
            }
            StandardOutput.write(HistoryCLI.safe(out, raw: false))
        }
    }
}

/// What the version commands share: reading `ID@N` and finding a side's text.
enum PromptVersionCLI {
    static func reference(_ text: String) throws -> PromptReference {
        do { return try PromptReference.parse(text) } catch { throw DiagnosticPrinter.fail([error]) }
    }

    /// A side of a diff: a recorded version's text, or the file's as it is now.
    static func content(_ reference: PromptReference, context: CommandContext) throws -> (
        name: String, source: String, partials: [String: String]
    ) {
        guard reference.selector != nil else {
            do {
                let current = try context.library.currentContent(of: reference.promptID)
                return ("\(reference.promptID) (file)", current.source, current.partials)
            } catch {
                throw DiagnosticPrinter.fail(error.diagnostics)
            }
        }
        let version: PromptVersion
        do {
            version = try HistoryFileVersions(path: context.paths.historyFile).version(reference)
        } catch {
            throw HistoryCLI.fail(error)
        }
        let name: String
        switch reference.selector {
        case .label(let label): name = "\(version.reference) (\(label))"
        case .latest: name = "\(version.reference) (latest)"
        default: name = version.reference
        }
        return (name, version.source, version.partials)
    }
}
