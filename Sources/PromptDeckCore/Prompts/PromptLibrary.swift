import Foundation

/// The prompts a user can run: the YAML files of a folder (and its `partials/`), plus the bundled examples.
public struct PromptLibrary: Sendable {
    /// The user's prompt folder; nil (or a folder that does not exist) leaves only the bundled examples.
    public let directory: String?

    /// Creates a library over `directory`; nothing is read until asked for.
    public init(directory: String?) {
        self.directory = directory
    }

    /// Every prompt, sorted by id, with the errors of files that failed to load and the warnings of the others.
    public func list() -> PromptListing {
        var summaries: [String: PromptSummary] = [:]
        var diagnostics: [Diagnostic] = []
        for name in BundledExamples.prompts.keys {
            let result = bundled(name)
            if let prompt = result.prompt {
                summaries[prompt.id] = PromptSummary(prompt)
            } else {
                diagnostics += result.errors
            }
        }
        var warnings: [Diagnostic] = []
        for id in userPromptIDs() {
            let result = user(id)
            if let prompt = result.prompt {
                summaries[prompt.id] = PromptSummary(prompt)
                warnings += result.warnings
            } else {
                diagnostics += result.errors
            }
        }
        return PromptListing(
            prompts: summaries.values.sorted { $0.id < $1.id }, diagnostics: diagnostics, warnings: warnings)
    }

    /// Loads one prompt by id (`team/summary`, `examples/tagline`); a user file shadows a bundled example.
    public func load(_ id: String) throws(DiagnosticList) -> LoadedPrompt {
        let id = id.hasSuffix(".yaml") ? String(id.dropLast(5)) : id
        let result: PromptFileParser.Result
        if Self.isSafeRelativePath(id), let directory,
            FileManager.default.fileExists(atPath: path(of: id, in: directory))
        {
            result = user(id)
        } else if id.hasPrefix(BundledExamples.folder + "/"),
            BundledExamples.prompts[String(id.dropFirst(BundledExamples.folder.count + 1))] != nil
        {
            result = bundled(String(id.dropFirst(BundledExamples.folder.count + 1)))
        } else {
            throw DiagnosticList([unknownPrompt(id)])
        }
        guard let prompt = result.prompt else { throw DiagnosticList(result.errors + result.warnings) }
        return LoadedPrompt(prompt: prompt, warnings: result.warnings)
    }

    /// The text of the partial `name` (a `@version` suffix is ignored) as `prompt` sees it: bundled prompts see
    /// the bundled partials; user prompts see `partials/<name>.mustache` in the folder, then the bundled ones.
    public func partialSource(named name: String, for prompt: Prompt) -> String? {
        partial(named: name, for: prompt)?.text
    }

    /// Like `partialSource`, with the file it came from for messages.
    func partial(named rawName: String, for prompt: Prompt) -> TemplateSource? {
        let name =
            rawName.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
            ?? rawName
        guard Self.isSafeRelativePath(name) else { return nil }
        if !isBundled(prompt), let directory {
            let file = "\(directory)/partials/\(name).mustache"
            if FileManager.default.fileExists(atPath: file), Self.fileSize(file) <= PromptFileParser.maximumFileSize,
                let text = try? String(contentsOfFile: file, encoding: .utf8)
            {
                return TemplateSource(text: text, file: file)
            }
        }
        return BundledExamples.partials[name].map {
            TemplateSource(text: $0, file: BundledExamples.path(ofPartial: name))
        }
    }

    /// Where `partial` looked, for the unknown-partial message.
    func partialSearchDescription(for prompt: Prompt) -> String {
        if isBundled(prompt) || directory == nil { return "the bundled partials" }
        return "\(directory ?? "")/partials and the bundled partials"
    }

    func isBundled(_ prompt: Prompt) -> Bool {
        let name = String(prompt.id.dropFirst(BundledExamples.folder.count + 1))
        return prompt.id.hasPrefix(BundledExamples.folder + "/") && BundledExamples.prompts[name] != nil
            && prompt.sourcePath == BundledExamples.path(ofPrompt: name)
    }

    private func bundled(_ name: String) -> PromptFileParser.Result {
        PromptFileParser.parse(
            BundledExamples.prompts[name] ?? "", id: "\(BundledExamples.folder)/\(name)",
            file: BundledExamples.path(ofPrompt: name))
    }

    private func user(_ id: String) -> PromptFileParser.Result {
        guard let directory else { return PromptFileParser.Result(prompt: nil, errors: [], warnings: []) }
        let file = path(of: id, in: directory)
        let size = Self.fileSize(file)
        if size > PromptFileParser.maximumFileSize {
            let mebibytes = Double(Int(Double(size) / Double(PromptFileParser.maximumFileSize) * 10)) / 10
            let message = "the file is \(mebibytes) MiB; prompt files are limited to 1 MiB"
            return PromptFileParser.Result(
                prompt: nil, errors: [Diagnostic(file: file, message: message)], warnings: [])
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return PromptFileParser.Result(
                prompt: nil, errors: [Diagnostic(file: file, message: "cannot read the file")], warnings: [])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return PromptFileParser.Result(
                prompt: nil, errors: [Diagnostic(file: file, message: "the file is not UTF-8 text")], warnings: [])
        }
        return PromptFileParser.parse(text, id: id, file: file)
    }

    /// Ids of the `.yaml` files under the folder, skipping `partials/` and hidden files.
    private func userPromptIDs() -> [String] {
        guard let directory, let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var ids: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let components = relative.split(separator: "/")
            if components.first == "partials" || components.contains(where: { $0.hasPrefix(".") }) { continue }
            if relative.hasSuffix(".yaml") { ids.append(String(relative.dropLast(5))) }
        }
        return ids.sorted()
    }

    private func unknownPrompt(_ id: String) -> Diagnostic {
        let ids = userPromptIDs() + BundledExamples.prompts.keys.map { "\(BundledExamples.folder)/\($0)" }
        let lastComponent = id.split(separator: "/").last.map(String.init) ?? id
        let suggestion =
            ids.first { $0 != id && $0.split(separator: "/").last.map(String.init) == lastComponent }
            ?? NameSuggestion.nearest(to: id, in: ids)
        let places = directory.map { "looked in \($0) and the bundled examples" } ?? "looked in the bundled examples"
        let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
        return Diagnostic(file: directory ?? BundledExamples.folder, message: "no prompt '\(id)' (\(places))\(hint)")
    }

    private func path(of id: String, in directory: String) -> String { "\(directory)/\(id).yaml" }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    private static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }
}
