/// One line of the prompt list.
public struct PromptSummary: Sendable, Equatable {
    /// `team/summary`, or `examples/tagline` for a bundled one.
    public var id: String
    /// The display name (`name:`, else the last part of the id).
    public var name: String
    /// Completion or chat.
    public var kind: PromptKind
    /// The file's `description:`.
    public var description: String?
    /// The file's `model:`.
    public var model: String?
    /// The file it came from (`examples/tagline.yaml` for bundled ones).
    public var sourcePath: String

    /// Creates a summary.
    public init(id: String, name: String, kind: PromptKind, description: String?, model: String?, sourcePath: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.description = description
        self.model = model
        self.sourcePath = sourcePath
    }

    /// The summary of a loaded prompt.
    public init(_ prompt: Prompt) {
        self.init(
            id: prompt.id, name: prompt.name, kind: prompt.kind, description: prompt.description, model: prompt.model,
            sourcePath: prompt.sourcePath)
    }
}

/// Every prompt of a library, plus the errors of files that could not be loaded (which never hide the others)
/// and the warnings of those that could.
public struct PromptListing: Sendable, Equatable {
    /// Loadable prompts, sorted by id.
    public var prompts: [PromptSummary]
    /// Errors of the files that failed to load, file by file.
    public var diagnostics: [Diagnostic]
    /// Warnings of the files that did load (unknown keys, likely typos), each with file, line and column.
    public var warnings: [Diagnostic]

    /// Creates a listing.
    public init(prompts: [PromptSummary], diagnostics: [Diagnostic], warnings: [Diagnostic] = []) {
        self.prompts = prompts
        self.diagnostics = diagnostics
        self.warnings = warnings
    }
}

/// A prompt as loaded, with the warnings its file raised (unknown keys and the like).
public struct LoadedPrompt: Sendable, Equatable {
    /// The prompt itself.
    public var prompt: Prompt
    /// Warnings of its file (unknown keys, with the nearest known key when it looks like a typo).
    public var warnings: [Diagnostic]

    /// Creates a loaded prompt.
    public init(prompt: Prompt, warnings: [Diagnostic] = []) {
        self.prompt = prompt
        self.warnings = warnings
    }
}
