import ArgumentParser
import Foundation
import PromptDeckCore

extension PromptsCommand {
    /// `prompts pull ID[@N|@LABEL] [--as LOCAL_ID]`: a Portkey prompt as a local file, linked back.
    struct Pull: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pull",
            abstract: "Copy a Portkey prompt (and the partials it uses) into the local library, linked back to it.")
        @Argument(help: "portkey:ID, portkey:ID@N or portkey:ID@LABEL (the portkey: prefix is optional).")
        var prompt: String
        @Option(name: .customLong("as"), help: "The local prompt id (default: the Portkey slug).") var localID: String?
        @Option(help: "The portkey-hosted profile.") var profile: String?
        @Flag(help: "Overwrite local files that are not linked to this prompt.") var force = false
        @OptionGroup var location: LocationOptions

        func run() throws {
            let context = try CommandContext(location: location)
            let reference = try PortkeyCLI.reference(prompt)
            let library = PortkeyCLI.library(context)
            let loaded: PortkeyLoadedPrompt
            do { loaded = try library.load(reference, profileName: profile) } catch {
                StandardError.write(
                    error.diagnostics.map { "error: " + TerminalSafeText.make($0.description) + "\n" }.joined())
                throw ExitCode(ExitStatus.requestFailed)
            }
            let slug = loaded.detail.slug
            let local = localID ?? slug
            let number = loaded.versionNumber
            let text = PortkeyPromptFile.fileText(
                loaded.detail, linked: slug, version: number, profile: nil,
                header:
                    "Pulled from Portkey: \(PortkeyPromptID.make(slug: slug)) version \(number.map(String.init) ?? "?"). "
                    + "Edit it, then `promptdeck prompts push \(local)`.")
            let directory = context.paths.promptsDirectory
            var writes: [(path: String, text: String)] = [("\(directory)/\(local).yaml", text)]
            for (name, partial) in loaded.partials.sorted(by: { $0.key < $1.key }) {
                writes.append(("\(directory)/partials/\(name).mustache", partial))
            }
            // Check every file before writing any: a refused pull writes nothing.
            for write in writes {
                guard let existing = FileManager.default.contents(atPath: write.path) else { continue }
                let old = String(decoding: existing, as: UTF8.self)
                let linked =
                    old.contains("portkey_prompt_id: \"\(slug)\"") || old.contains("portkey_prompt_id: \(slug)")
                if old != write.text, !linked, !force {
                    throw DiagnosticPrinter.fail([
                        Diagnostic(
                            file: write.path,
                            message: "exists and is not linked to \(reference.promptID); pass --force to overwrite it")
                    ])
                }
            }
            do {
                for write in writes {
                    let folder = (write.path as NSString).deletingLastPathComponent
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try Data(write.text.utf8).write(to: URL(fileURLWithPath: write.path), options: .atomic)
                }
            } catch {
                StandardError.write("error: cannot write the prompt file: \(error.localizedDescription)\n")
                throw ExitCode(ExitStatus.invalidInput)
            }
            let labels = loaded.labels.isEmpty ? "" : " (\(loaded.labels.joined(separator: ", ")))"
            var out =
                "pulled \(PortkeyPromptID.make(slug: slug)) version \(number.map(String.init) ?? "?")\(labels) into \(writes[0].path)\n"
            for write in writes.dropFirst() { out += "  partial \(write.path)\n" }
            StandardOutput.write(TerminalSafeText.make(out))
        }
    }

    /// `prompts push LOCAL_ID`: the local template as a new Portkey version (or a new prompt).
    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push",
            abstract: "Send a local prompt to Portkey as a new version (PUT /prompts/{id}), or create it there.",
            discussion: """
                Refuses when Portkey's latest version is newer than the one pulled (showing the difference); \
                --force overrides. A prompt with no portkey_prompt_id is created in the profile's collection: \
                with its virtual_key.
                """)
        @Argument(help: "The local prompt id.") var prompt: String
        @Option(help: "The new version's description.") var description: String?
        @Option(help: "The portkey-hosted profile.") var profile: String?
        @Flag(help: "Push even when Portkey has a newer version than the one pulled.") var force = false
        @Flag(help: "Print the exact request (key masked) and send nothing.") var dryRun = false
        @OptionGroup var location: LocationOptions

        func run() throws {
            let context = try CommandContext(location: location)
            let file: LoadedPrompt
            do { file = try context.library.load(prompt) } catch { throw DiagnosticPrinter.fail(error.diagnostics) }
            let library = PortkeyCLI.library(context)
            let hosted = try PortkeyCLI.profile(library, profile)
            let client = library.client(for: hosted)
            var body = PortkeyPromptFile.pushBody(for: file.prompt, description: description)
            guard let slug = PortkeyLibrary.linkedSlug(of: file.prompt) else {
                return try create(file: file, body: &body, profile: hosted, client: client)
            }
            let id = PortkeyPromptID.make(slug: slug)
            let path = "/prompts/" + slug
            if dryRun { return try printDryRun(client, "PUT", path, body) }
            let outcome = try PortkeyCLI.run(id: id) { () throws(PortkeyAdminError) in
                try library.pushVersion(
                    of: file.prompt, slug: slug, localName: prompt, description: description, force: force,
                    client: client)
            }
            let number: Int
            switch outcome {
            case .conflict(let latest, let pulled, let diff):
                StandardError.write(
                    "error: \(id): Portkey's latest version is \(latest), newer than the one \(prompt) was "
                        + "pulled from (\(pulled.map(String.init) ?? "none")); pull it again, or pass --force to push anyway\n"
                        + TerminalSafeText.make(diff))
                throw ExitCode(ExitStatus.invalidInput)
            case .pushed(let pushed, let relinked):
                number = pushed
                relink(file: file, text: relinked, version: pushed)
            }
            StandardOutput.write("pushed \(prompt) as \(id) version \(number)\n")
        }

        private func create(
            file: LoadedPrompt, body: inout [String: JSONValue], profile: Profile, client: PortkeyAdminClient
        ) throws {
            guard let collection = profile.collection else {
                throw DiagnosticPrinter.fail([
                    Diagnostic(
                        file: profile.origin, field: "profiles.\(profile.name).collection",
                        message:
                            "\(prompt) has no portkey_prompt_id, and a new Portkey prompt needs a collection: set collection: on the profile"
                    )
                ])
            }
            guard let virtualKey = profile.virtualKey else {
                throw DiagnosticPrinter.fail([
                    Diagnostic(
                        file: profile.origin, field: "profiles.\(profile.name).virtual_key",
                        message: "a new Portkey prompt needs a virtual_key: set virtual_key: on the profile")
                ])
            }
            body["name"] = .string(file.prompt.name)
            body["collection_id"] = .string(collection)
            body["virtual_key"] = .string(virtualKey)
            if file.prompt.kind == .chat { body["template_metadata"] = ["type": "chat"] }
            if dryRun { return try printDryRun(client, "POST", "/prompts", body) }
            let result = try PortkeyCLI.run(id: prompt) { () throws(PortkeyAdminError) in
                try client.createPrompt(body: body)
            }
            guard let slug = result.slug ?? result.id else {
                StandardError.write("error: POST /prompts answered without the new prompt's slug or id\n")
                throw ExitCode(ExitStatus.requestFailed)
            }
            relink(
                file: file, text: PortkeyPromptFile.settingVersion(1, in: file.prompt.sourceText, portkeyID: slug),
                version: 1)
            StandardOutput.write("created \(PortkeyPromptID.make(slug: slug)) version 1 from \(prompt)\n")
        }

        private func printDryRun(
            _ client: PortkeyAdminClient, _ method: String, _ path: String, _ body: [String: JSONValue]
        )
            throws
        {
            let spec: HTTPRequestSpec
            do { spec = try client.request(method, path, body: .object(body), requireKey: false) } catch {
                throw PortkeyCLI.fail(error, id: prompt)
            }
            var text = "\(spec.method) \(spec.url)\n"
            for header in spec.maskedHeaders { text += "\(header.name): \(header.value)\n" }
            text += "\n" + JSONValue.object(body).serialized(pretty: true) + "\n"
            StandardOutput.write(TerminalSafeText.make(text))
        }

        /// Records the new link in the file (`portkey_prompt_id`, `portkey_version`), touching no other line.
        private func relink(file: LoadedPrompt, text: String, version: Int) {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: file.prompt.sourcePath), options: .atomic)
            } catch {
                StandardError.write(
                    "warning: pushed, but could not record portkey_version: \(version) in \(file.prompt.sourcePath): "
                        + "\(error.localizedDescription)\n")
            }
        }
    }

    /// `prompts publish ID@N`: makes version N Portkey's default (makeDefault).
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Make a Portkey version the default one (PUT /prompts/{id}/makeDefault).")
        @Argument(help: "portkey:ID@N, portkey:ID@LABEL, or a pulled prompt's LOCAL_ID@N.") var version: String
        @Option(help: "The portkey-hosted profile.") var profile: String?
        @OptionGroup var location: LocationOptions

        func run() throws {
            let context = try CommandContext(location: location)
            let (slug, selector) = try PromptsCommand.portkeyTarget(version, context: context)
            let library = PortkeyCLI.library(context)
            let hosted = try PortkeyCLI.profile(library, profile)
            let row = try PortkeyCLI.version(selector, slug: slug, library: library, profile: hosted)
            let id = PortkeyPromptID.make(slug: slug)
            try PortkeyCLI.run(id: id) { () throws(PortkeyAdminError) in
                try library.client(for: hosted).makeDefault(slug, version: row.version.number)
            }
            StandardOutput.write("\(id)@\(row.version.number) is now the default version\n")
        }
    }

    /// `prompts label ID@N NAME --portkey`: the label id looked up by name, then assigned.
    static func labelPortkey(version: String, name: String, profile: String?, context: CommandContext) throws {
        let (slug, selector) = try portkeyTarget(version, context: context)
        let library = PortkeyCLI.library(context)
        let hosted = try PortkeyCLI.profile(library, profile)
        let row = try PortkeyCLI.version(selector, slug: slug, library: library, profile: hosted)
        let client = library.client(for: hosted)
        let id = PortkeyPromptID.make(slug: slug)
        let labels = try PortkeyCLI.run(id: id) { () throws(PortkeyAdminError) in try client.labels() }
        guard
            let label = labels.first(where: { $0.name == name })
                ?? labels.first(where: { $0.name.lowercased() == name.lowercased() })
        else {
            throw DiagnosticPrinter.fail([
                Diagnostic(
                    file: id,
                    message: "Portkey has no label '\(name)' (labels: \(labels.map(\.name).joined(separator: ", ")))")
            ])
        }
        try PortkeyCLI.run(id: id) { () throws(PortkeyAdminError) in
            try client.setLabel(label.id, promptID: slug, versionID: row.version.id)
        }
        StandardOutput.write("\(id)@\(row.version.number) is now \(label.name)\n")
    }

    /// `portkey:slug@N`, or a pulled prompt's `LOCAL@N` (through its `portkey_prompt_id`).
    static func portkeyTarget(_ text: String, context: CommandContext) throws -> (String, PromptVersionSelector?) {
        let reference = try PromptVersionCLI.reference(text)
        if let slug = PortkeyPromptID.slug(of: reference.promptID) { return (slug, reference.selector) }
        if let file = try? context.library.load(reference.promptID),
            let slug = PortkeyLibrary.linkedSlug(of: file.prompt)
        {
            return (slug, reference.selector)
        }
        return (reference.promptID, reference.selector)
    }
}
