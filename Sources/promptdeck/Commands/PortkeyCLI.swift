import ArgumentParser
import Foundation
import PromptDeckCore

/// What the Portkey library commands share: the library, id handling, printing errors.
enum PortkeyCLI {
    static func library(_ context: CommandContext) -> PortkeyLibrary {
        PortkeyLibrary(
            configuration: context.configuration, transport: CurlTransport(),
            cache: PortkeyListCache(directory: PortkeyListCache.defaultDirectory()))
    }

    /// `portkey:slug@2`, `slug@2` (with --portkey): the reference with its `portkey:` prefix.
    static func reference(_ text: String) throws -> PromptReference {
        var reference = try PromptVersionCLI.reference(text)
        if !PortkeyPromptID.isPortkey(reference.promptID) {
            reference.promptID = PortkeyPromptID.make(slug: reference.promptID)
        }
        return reference
    }

    static func profile(_ library: PortkeyLibrary, _ name: String?) throws -> Profile {
        do { return try library.hostedProfile(named: name) } catch { throw DiagnosticPrinter.fail(error.diagnostics) }
    }

    /// Prints a Portkey error and exits 1 (request failed), or 2 when nothing was sent (no key, bad id).
    static func fail(_ error: PortkeyAdminError, id: String) -> ExitCode {
        StandardError.write("error: " + TerminalSafeText.make(error.diagnostic(file: id).description) + "\n")
        switch error {
        case .missingKey, .unresolved: return ExitCode(ExitStatus.invalidInput)
        default: return ExitCode(ExitStatus.requestFailed)
        }
    }

    static func run<T>(id: String, _ body: () throws(PortkeyAdminError) -> T) throws -> T {
        do { return try body() } catch { throw fail(error, id: id) }
    }

    /// A version number for `@N`, `@latest` or `@LABEL`, and that version's id.
    static func version(
        _ selector: PromptVersionSelector?, slug: String, library: PortkeyLibrary, profile: Profile
    ) throws -> PortkeyVersionRow {
        let id = PortkeyPromptID.make(slug: slug)
        let rows: [PortkeyVersionRow]
        do { rows = try library.versions(of: id, profileName: profile.name) } catch {
            StandardError.write(error.diagnostics.map { "error: \($0.description)\n" }.joined())
            throw ExitCode(ExitStatus.requestFailed)
        }
        let row: PortkeyVersionRow?
        switch selector {
        case .number(let n)?: row = rows.first { $0.version.number == n }
        case .label(let name)?: row = rows.first { $0.labels.contains(name) }
        case .latest?: row = rows.last
        case nil:
            throw DiagnosticPrinter.fail([Diagnostic(file: id, message: "name a version: \(id)@N")])
        }
        guard let row else {
            let have = rows.map { String($0.version.number) }.joined(separator: ", ")
            throw DiagnosticPrinter.fail([
                Diagnostic(
                    file: "\(id)@\(selector?.description ?? "")",
                    message: "Portkey has no such version (versions: \(have))")
            ])
        }
        return row
    }

    static func listText(_ list: PortkeyPromptList, json: Bool) -> String {
        if json {
            let items: [JSONValue] = list.prompts.map {
                [
                    "id": .string($0.promptID), "portkey_id": .string($0.id), "slug": .string($0.slug),
                    "name": .string($0.name), "model": $0.model.map(JSONValue.string) ?? .null,
                    "collection_id": $0.collectionID.map(JSONValue.string) ?? .null, "source": "portkey",
                ]
            }
            return JSONValue.array(items).serialized(pretty: true) + "\n"
        }
        let width = max(12, list.prompts.map(\.promptID.count).max() ?? 0)
        return list.prompts.map { summary in
            let id = summary.promptID.padding(toLength: width, withPad: " ", startingAt: 0)
            return TerminalSafeText.make(
                "\(id)  portkey     \(summary.name)" + (summary.model.map { "  (\($0))" } ?? ""))
                + "\n"
        }.joined()
    }
}

extension PromptsCommand {
    /// `prompts list --portkey`: the profile's Portkey prompts (live, or the cached list with its age).
    static func listPortkey(context: CommandContext, profile name: String?, search: String?, json: Bool) throws {
        let library = PortkeyCLI.library(context)
        let profile = try PortkeyCLI.profile(library, name)
        let list = library.list(profile: profile, search: search)
        StandardOutput.write(PortkeyCLI.listText(list, json: json))
        if let error = list.error {
            let age = list.ageDescription().map { "the cached list from \($0)" } ?? "no cached list"
            StandardError.write(
                "warning: Portkey could not be asked; showing \(age): "
                    + TerminalSafeText.make(error.errorDescription ?? "\(error)") + "\n")
            if list.fetchedAt == nil { throw ExitCode(ExitStatus.requestFailed) }
        }
    }

    /// `prompts versions portkey:ID`: Portkey's versions with description, labels and the default.
    static func versionsPortkey(context: CommandContext, prompt: String, json: Bool) throws {
        // A pulled prompt's local id works too: its portkey_prompt_id names the Portkey prompt.
        let (slug, _) = try PromptsCommand.portkeyTarget(prompt, context: context)
        let library = PortkeyCLI.library(context)
        let rows: [PortkeyVersionRow]
        do { rows = try library.versions(of: PortkeyPromptID.make(slug: slug)) } catch {
            StandardError.write(
                error.diagnostics.map { "error: " + TerminalSafeText.make($0.description) + "\n" }.joined())
            throw ExitCode(ExitStatus.requestFailed)
        }
        if json {
            let items: [JSONValue] = rows.map {
                [
                    "number": .int($0.version.number), "id": .string($0.version.id),
                    "description": $0.version.description.map(JSONValue.string) ?? .null,
                    "labels": .array($0.labels.map(JSONValue.string)), "default": .bool($0.isDefault),
                    "created_at": $0.version.createdAt.map(JSONValue.string) ?? .null,
                ]
            }
            StandardOutput.write(JSONValue.array(items).serialized(pretty: true) + "\n")
            return
        }
        var out = "VERSION  DEFAULT  LABELS               DESCRIPTION\n"
        for row in rows {
            out +=
                HistoryFormat.padded(String(row.version.number), 7, right: true) + "  "
                + (row.isDefault ? "yes    " : "       ") + "  "
                + HistoryFormat.padded(row.labels.isEmpty ? "-" : row.labels.joined(separator: ", "), 19) + "  "
                + (row.version.description ?? "") + "\n"
        }
        StandardOutput.write(TerminalSafeText.make(out))
    }
}
