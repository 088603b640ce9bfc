import Foundation
import PromptDeckCore
import PromptDeckTUI
import Synchronization

/// Editing prompts off the key loop: splicing a draft into its file and checking it (debounced, newest
/// only), saving it byte for byte around the changed values, a crash copy of every draft, new prompts from
/// a skeleton, watching the open prompt's file for changes made elsewhere, and its versions.
extension EffectPerformer {
    /// How long typing must pause before a draft is spliced and checked.
    static let draftPause: DispatchTimeInterval = .milliseconds(60)

    func performDraft(_ effect: Effect) {
        switch effect {
        case .analyzeDraft(let snapshot):
            drafts.withLock { $0.pending = snapshot }
            files.asyncAfter(deadline: .now() + Self.draftPause) { [self] in
                guard
                    let newest = drafts.withLock({ state -> DraftSnapshot? in
                        defer { state.pending = nil }
                        return state.pending
                    })
                else { return }
                analyze(newest)
            }
        case .saveDraft(let save):
            files.async { [self] in self.save(save) }
        case .discardDraftCopy(let id):
            files.async { [self] in try? FileManager.default.removeItem(atPath: draftCopyPath(for: id)) }
        case .createPrompt(let id, let kind):
            files.async { [self] in create(id: id, kind: kind) }
        case .watchPrompt(let id, let path):
            watcher.watch(id: id, paths: [path] + partialPaths(of: id)) { [queue] in
                queue.post(.promptFileChanged(id: id))
            }
        case .listVersions(let id) where PortkeyPromptID.isPortkey(id):
            DispatchQueue.global().async { [self] in listHostedVersions(id) }
        case .listVersions(let id):
            database.async { [self] in listVersions(id) }
        case .pushToPortkey(let id, let path, let text):
            DispatchQueue.global().async { [self] in push(id, path: path, text: text) }
        case .publishHostedVersion(let id, let number):
            DispatchQueue.global().async { [self] in publish(id, number: number) }
        default: break
        }
    }

    // MARK: Analysis

    /// The draft spliced into its file's text: the template, or the messages.
    private func splice(_ snapshot: DraftSnapshot) throws -> String {
        let editor = try PromptFileEditor(text: snapshot.savedText, file: snapshot.path, id: snapshot.promptID)
        switch snapshot.kind {
        case .completion: return try editor.settingPrompt(snapshot.template)
        case .chat:
            return try editor.settingMessages(snapshot.messages.map { ChatMessage(role: $0.role, content: $0.content) })
        }
    }

    private func analyze(_ snapshot: DraftSnapshot) {
        pinStartingText(of: snapshot)
        let text: String
        do {
            text = try splice(snapshot)
        } catch {
            queue.post(
                .draftAnalyzed(
                    DraftAnalysis(
                        promptID: snapshot.promptID, generation: snapshot.generation, text: nil, detail: nil,
                        problem: Self.describe(error))))
            return
        }
        keepDraftCopy(text, of: snapshot.promptID, savedText: snapshot.savedText)
        var detail: PromptDetail?
        var problem: String?
        do {
            let prompt = try library.prompt(recordedSource: text, id: snapshot.promptID, file: snapshot.path)
            detail = PromptDetail(prompt: prompt, variables: try library.variables(of: prompt))
        } catch {
            problem = error.diagnostics.first.map(Self.position) ?? error.description
        }
        queue.post(
            .draftAnalyzed(
                DraftAnalysis(
                    promptID: snapshot.promptID, generation: snapshot.generation, text: text, detail: detail,
                    problem: problem)))
    }

    /// The text an edit started from becomes a version (once), so the draft can be compared with it and
    /// it can be had back even if it never ran: the first edit of `tagline` makes its file's text `@1`.
    private func pinStartingText(of snapshot: DraftSnapshot) {
        let key = snapshot.promptID + "\u{0}" + snapshot.savedText
        guard pinned.withLock({ $0.insert(key).inserted }) else { return }
        // Here, before the analysis is answered: a run of the draft cannot be numbered before it.
        guard
            let prompt = try? library.prompt(
                recordedSource: snapshot.savedText, id: snapshot.promptID, file: snapshot.path),
            let partials = try? library.partials(usedBy: prompt)
        else { return }
        _ = try? history.store().recordVersion(
            promptID: snapshot.promptID, source: snapshot.savedText, partials: partials)
    }

    /// `3:14 unclosed tag`: where in the file a problem is, without repeating the file's name.
    static func position(_ diagnostic: Diagnostic) -> String {
        guard let line = diagnostic.line else { return diagnostic.message }
        return "\(line):\(diagnostic.column ?? 1) \(diagnostic.message)"
    }

    static func describe(_ error: any Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? (error as? DiagnosticList)?.description ?? "\(error)"
    }

    // MARK: Crash copies

    /// Where a prompt's draft is kept between sessions (beside the state file).
    func draftCopyPath(for id: String) -> String {
        let folder = (stateFile as NSString).deletingLastPathComponent + "/drafts"
        let name = id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "~" }
        return folder + "/" + String(name) + ".yaml"
    }

    /// Keeps the draft where the next start finds it; an unchanged draft needs no copy.
    private func keepDraftCopy(_ text: String, of id: String, savedText: String) {
        let path = draftCopyPath(for: id)
        guard text != savedText else {
            try? FileManager.default.removeItem(atPath: path)
            return
        }
        try? Self.write(text, to: path)
    }

    /// A draft kept from an earlier session, when it differs from the file as it is now.
    func recoveredDraft(of prompt: Prompt) {
        let path = draftCopyPath(for: prompt.id)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text != prompt.sourceText else { return }
        // A draft kept with a broken tag comes back too (the playground checks it again and shows where).
        guard let recovered = try? library.prompt(recordedSource: text, id: prompt.id, file: prompt.sourcePath)
        else { return }
        let variables = (try? library.variables(of: recovered)) ?? (try? library.variables(of: prompt)) ?? []
        queue.post(
            .draftRecovered(
                promptID: prompt.id, text: text, detail: PromptDetail(prompt: recovered, variables: variables)))
    }

    // MARK: Saving

    private func save(_ save: DraftSave) {
        do {
            switch save {
            case .file(let id, let path, let text):
                try write(text, to: path, mustExist: true)
                queue.post(.draftSaved(saved(id, path, text, what: "saved the draft")))
            case .asNew(let newID, let besides, let text):
                let name = newID.hasSuffix(".yaml") ? String(newID.dropLast(5)) : newID
                guard Self.isPlainID(name) else {
                    throw SaveProblem("\(newID): an id is letters, digits, - and _ (and / for a folder)")
                }
                // Beside the prompt in the user's folder (a bundled example's copy goes to the folder's top).
                guard let directory = library.directory else {
                    throw SaveProblem("no prompts folder to save into: set PROMPTDECK_PROMPTS or --prompts")
                }
                let besidesFolder = (besides as NSString).deletingLastPathComponent
                let folder = besidesFolder.hasPrefix(directory) ? besidesFolder : directory
                let path = folder + "/" + name + ".yaml"
                let id = Self.id(ofFile: path, in: directory)
                guard !FileManager.default.fileExists(atPath: path) else {
                    throw SaveProblem("\(path) already exists: choose another id")
                }
                try write(text, to: path, mustExist: false)
                queue.post(.draftSaved(saved(id, path, text, what: "saved as \(id)")))
            case .defaults(let id, let path, let text, let values):
                let edited = try PromptFileEditor(text: text, file: path, id: id).settingVariableDefaults(values)
                try write(edited, to: path, mustExist: true)
                queue.post(.draftSaved(saved(id, path, edited, what: "saved the defaults")))
            case .parameters(let id, let path, let text, let values):
                let edited = try PromptFileEditor(text: text, file: path, id: id).settingParameters(values)
                try write(edited, to: path, mustExist: true)
                queue.post(.draftSaved(saved(id, path, edited, what: "saved the parameters")))
            }
        } catch {
            queue.post(.draftSaveFailed(Self.describe(error)))
        }
    }

    private func create(id: String, kind: PromptKind) {
        do {
            let name = id.hasSuffix(".yaml") ? String(id.dropLast(5)) : id
            guard Self.isPlainID(name) else {
                throw SaveProblem("\(id): an id is letters, digits, - and _ (and / for a folder)")
            }
            guard let folder = library.directory else {
                throw SaveProblem("no prompts folder: set PROMPTDECK_PROMPTS or --prompts")
            }
            let path = folder + "/" + name + ".yaml"
            guard !FileManager.default.fileExists(atPath: path) else {
                throw SaveProblem("\(path) already exists: choose another id")
            }
            let text = PromptFileEditor.skeleton(
                kind: kind, name: name.split(separator: "/").last.map(String.init) ?? name)
            try write(text, to: path, mustExist: false)
            queue.post(.draftSaved(saved(name, path, text, what: "made a new \(kind.rawValue) prompt")))
        } catch {
            queue.post(.draftSaveFailed(Self.describe(error)))
        }
    }

    /// The saved prompt, with the version history records for its text at once (before any run).
    private func saved(_ id: String, _ path: String, _ text: String, what: String) -> DraftSaved {
        var number: Int?
        if let prompt = try? library.prompt(recordedSource: text, id: id, file: path),
            let partials = try? library.partials(usedBy: prompt)
        {
            number = try? history.store().recordVersion(promptID: id, source: text, partials: partials).number
        }
        watcher.ignoreNextChange(of: path)
        return DraftSaved(promptID: id, path: path, text: text, version: number, what: what)
    }

    /// Writes a prompt file (see `EffectPerformer.write`); `mustExist` refuses to make one that is not there.
    private func write(_ text: String, to path: String, mustExist: Bool) throws {
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw SaveProblem(
                "\(path) is not a file here (a bundled example, or it was removed): W then a saves it under a new id")
        }
        try Self.write(text, to: path, replacing: true)
    }

    /// The partials files a user prompt uses (watched with it).
    private func partialPaths(of id: String) -> [String] {
        guard let directory = library.directory, let loaded = try? library.load(id),
            let partials = try? library.partials(usedBy: loaded.prompt)
        else { return [] }
        return partials.keys.map { directory + "/partials/" + $0 + ".mustache" }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// `team/summary` for `<folder>/team/summary.yaml`.
    static func id(ofFile path: String, in directory: String) -> String {
        var relative = path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
        if relative.hasSuffix(".yaml") { relative.removeLast(5) }
        return relative
    }

    /// Letters, digits, `-`, `_`, and `/` between folder names: an id that is a safe file name.
    static func isPlainID(_ id: String) -> Bool {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { part in
                !part.isEmpty && part != "." && part != ".."
                    && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
            }
    }

    // MARK: Versions

    /// A `portkey:` prompt's versions, from Portkey.
    private func listHostedVersions(_ id: String) {
        let base = id.split(separator: "@").first.map(String.init) ?? id
        do {
            let rows = try portkey.versions(of: base).reversed().map { row in
                VersionRow(
                    number: row.version.number, shortHash: "",
                    firstSeen: String((row.version.createdAt ?? "").prefix(16)),
                    runs: 0, labels: row.labels, isCurrent: row.isDefault, source: "", diff: "", isHosted: true,
                    note: row.version.description.map { TerminalSafeText.make($0) })
            }
            queue.post(.versionsListed(promptID: id, versions: Array(rows)))
        } catch {
            queue.post(.versionsFailed(promptID: id, message: error.description))
        }
    }

    /// A pulled prompt's text to Portkey as a new version; the file then records it (`portkey_version`).
    private func push(_ id: String, path: String, text: String) {
        do {
            let prompt = try library.prompt(recordedSource: text, id: id, file: path)
            guard let slug = PortkeyLibrary.linkedSlug(of: prompt) else {
                throw SaveProblem(
                    "\(id) is not linked to a Portkey prompt: `promptdeck prompts push \(id)` creates it there once")
            }
            let profile = try portkey.hostedProfile(named: nil)
            let outcome: PortkeyPushOutcome
            do {
                outcome = try portkey.pushVersion(
                    of: prompt, slug: slug, localName: id, description: nil, force: false,
                    client: portkey.client(for: profile))
            } catch {
                throw SaveProblem(error.diagnostic(file: PortkeyPromptID.make(slug: slug)).message)
            }
            switch outcome {
            case .conflict(let latest, let pulled, _):
                throw SaveProblem(
                    "Portkey's latest version of \(slug) is \(latest), newer than the one pulled "
                        + "(\(pulled.map(String.init) ?? "none")): pull it again (`promptdeck prompts push --force` overrides)"
                )
            case .pushed(let number, let relinked):
                try write(relinked, to: path, mustExist: true)
                queue.post(
                    .draftSaved(
                        saved(id, path, relinked, what: "pushed \(PortkeyPromptID.make(slug: slug))@\(number), saved")))
            }
        } catch {
            queue.post(.draftSaveFailed(Self.describe(error)))
        }
    }

    private func publish(_ id: String, number: Int) {
        let base = id.split(separator: "@").first.map(String.init) ?? id
        do {
            let profile = try portkey.hostedProfile(named: nil)
            guard let slug = PortkeyPromptID.slug(of: base) else { return }
            do {
                try portkey.client(for: profile).makeDefault(slug, version: number)
            } catch {
                queue.post(.warning("not published: " + error.diagnostic(file: base).message))
                return
            }
            queue.post(.warning("\(base)@\(number) is now Portkey's default version"))
            listHostedVersions(id)
        } catch {
            queue.post(.warning("not published: \(error.description)"))
        }
    }

    private func listVersions(_ id: String) {
        do {
            let versions = try history.reader().versions(promptID: id)
            let current = try? library.currentContent(of: id)
            let rows = versions.reversed().map { version in
                VersionRow(
                    number: version.number, shortHash: version.shortHash,
                    firstSeen: HistoryDate.minute(version.firstSeen),
                    runs: version.runCount, labels: version.labels,
                    isCurrent: current.map { $0.source == version.source && $0.partials == version.partials } ?? false,
                    source: version.source,
                    diff: current.map {
                        UnifiedDiff.text(
                            old: version.source, new: $0.source, oldName: "\(id)@\(version.number)",
                            newName: "\(id) (file)")
                    } ?? "")
            }
            queue.post(.versionsListed(promptID: id, versions: Array(rows)))
        } catch {
            queue.post(.versionsFailed(promptID: id, message: error.localizedDescription))
        }
    }
}

/// A save refused before anything was written.
struct SaveProblem: Error, LocalizedError {
    let message: String
    init(_ message: String) { self.message = message }
    var errorDescription: String? { message }
}

/// The draft waiting to be analyzed (only the newest is).
struct DraftWork {
    var pending: DraftSnapshot?
}
