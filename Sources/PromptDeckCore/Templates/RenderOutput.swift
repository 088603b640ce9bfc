/// A rendered prompt with what went into it.
public struct RenderOutput: Sendable, Equatable {
    /// The completion text, or the chat messages.
    public var rendered: RenderedPrompt
    /// The partials as used, name (without `@version`) -> source text, so history can record them.
    public var partials: [String: String]
    /// Values given for names the prompt does not use (likely typos), as `--var` warnings.
    public var warnings: [Diagnostic]

    /// Creates a render output.
    public init(rendered: RenderedPrompt, partials: [String: String] = [:], warnings: [Diagnostic] = []) {
        self.rendered = rendered
        self.partials = partials
        self.warnings = warnings
    }
}
