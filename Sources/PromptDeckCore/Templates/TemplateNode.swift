/// One tag of a scanned template that matters for variables and partials (text and comments are dropped).
enum TemplateNode: Sendable, Equatable {
    /// `{{name}}`, `{{{name}}}`, `{{&name}}`; `name` may be dotted or `.`.
    case variable(name: String, location: SourceLocation)
    /// `{{#name}}...{{/name}}` or, when `inverted`, `{{^name}}...{{/name}}`.
    case section(name: String, inverted: Bool, location: SourceLocation, children: [TemplateNode])
    /// `{{>name}}` or Portkey's `{{>name@5}}`: `name` has the version stripped; `nameRange` is where the
    /// name as written sits in the template's Unicode scalars, so the renderer can rewrite it.
    case partial(name: String, location: SourceLocation, nameRange: Range<Int>)
}

/// The result of scanning one template: its tags as a tree, every partial tag, and the syntax errors.
struct ScannedTemplate: Sendable {
    var nodes: [TemplateNode]
    var diagnostics: [Diagnostic]

    /// Every partial tag in the template, in order, with the range of its name as written.
    var partialTags: [(name: String, location: SourceLocation, nameRange: Range<Int>)] {
        var tags: [(name: String, location: SourceLocation, nameRange: Range<Int>)] = []
        func collect(_ nodes: [TemplateNode]) {
            for node in nodes {
                switch node {
                case .partial(let name, let location, let range): tags.append((name, location, range))
                case .section(_, _, _, let children): collect(children)
                case .variable: break
                }
            }
        }
        collect(nodes)
        return tags
    }
}
