import Mustache

/// Renders analysed templates with swift-mustache.
///
/// Before parsing, partial tags are rewritten: Portkey's version suffix (`{{>name@5}}`) is dropped and each
/// inclusion depth gets its own registered copy (`name(1)`, `name(2)`...), so a partial that recurses through a
/// section whose data never runs out stops at `maximumPartialDepth` with an error instead of overflowing the stack.
/// Depth alone does not bound the work: a recursive partial inside a section over two items renders 2^64 times
/// before any copy is too deep. So each copy of a recursive partial is registered behind a wrapper,
/// `{{^budget}}{{>copy}}{{/budget}}`, whose guard lets `maximumRecursivePartialRenders` inclusions through and
/// then renders nothing, and the render fails.
/// Without `htmlEscape` every template and partial starts with swift-mustache's `{{%CONTENT_TYPE:TEXT}}` pragma
/// (a partial resets the content type, so each needs its own).
struct TemplateRenderer {
    var htmlEscape: Bool
    static let maximumPartialDepth = 64
    static let maximumRecursivePartialRenders = 1_000

    private static let textPragma = "{{%CONTENT_TYPE:TEXT}}\n"
    private static let sentinel = "\u{1}PROMPTDECK-PARTIAL-TOO-DEEP-"
    /// Reserved: `TemplateScanner` refuses it in templates, so only the wrappers reach the budget.
    static let budgetName = "promptdeck-partial-budget"

    /// Renders each of `sources` (scanned into `analysis.templates`, same order) with `context`.
    func render(_ sources: [TemplateSource], analysis: TemplateAnalyzer.Analysis, context: Any)
        throws(DiagnosticList) -> [String]
    {
        var templates: [String: MustacheTemplate] = [:]
        var problems: [Diagnostic] = []
        var tooDeep: [SourceLocation] = []
        var pending: [(name: String, depth: Int)] = []
        var queued: Set<String> = []

        func rewrite(_ source: TemplateSource, scanned: ScannedTemplate, depth: Int) -> String {
            var scalars = Array(source.text.unicodeScalars)
            for tag in scanned.partialTags.sorted(by: { $0.nameRange.lowerBound > $1.nameRange.lowerBound }) {
                guard analysis.partials[tag.name] != nil else {
                    scalars.replaceSubrange(tag.nameRange, with: tag.name.unicodeScalars)
                    continue
                }
                let registered: String
                if depth + 1 > Self.maximumPartialDepth {
                    registered = "too-deep(\(tooDeep.count))"
                    tooDeep.append(tag.location)
                    templates[registered] = try? MustacheTemplate(string: Self.sentinel + "\(tooDeep.count - 1)\u{1}")
                } else {
                    registered = Self.registeredName(tag.name, depth: depth + 1)
                    if queued.insert(registered).inserted { pending.append((tag.name, depth + 1)) }
                }
                scalars.replaceSubrange(tag.nameRange, with: registered.unicodeScalars)
            }
            return (htmlEscape ? "" : Self.textPragma) + String(String.UnicodeScalarView(scalars))
        }

        func parse(_ text: String, source: TemplateSource, as name: String) {
            do {
                templates[name] = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                let line = error.context.lineNumber - (htmlEscape ? 0 : 1)
                problems.append(
                    source.location(line: max(line, 1), column: error.context.columnNumber)
                        .diagnostic("template error: \(error.error)"))
            } catch {
                problems.append(source.location(line: 1, column: 1).diagnostic("template error: \(error)"))
            }
        }

        for (index, source) in sources.enumerated() {
            parse(rewrite(source, scanned: analysis.templates[index], depth: 0), source: source, as: "main(\(index))")
        }
        let recursive = Self.recursivePartials(in: analysis.partials)
        while let (name, depth) = pending.popLast() {
            guard let partial = analysis.partials[name] else { continue }
            let registered = Self.registeredName(name, depth: depth)
            let text = rewrite(partial.source, scanned: partial.scanned, depth: depth)
            guard recursive.contains(name) else {
                parse(text, source: partial.source, as: registered)
                continue
            }
            parse(text, source: partial.source, as: registered + "body")
            templates[registered] = try? MustacheTemplate(
                string: "{{^\(Self.budgetName)}}{{>\(registered)body}}{{/\(Self.budgetName)}}")
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }

        let library = MustacheLibrary(templates: templates)
        let budget = PartialBudget(remaining: Self.maximumRecursivePartialRenders)
        // The user's values sit in a root of their own: `{{.}}` at the top renders nothing (never the
        // dictionary's description), and the budget answers only to a name no template or JSON key can spell.
        // A root that is not a mapping (the spec's own tests; never a run) is rendered as it is.
        let guarded: Any = (context as? [String: Any]).map { RenderRoot(fields: $0, budget: budget) } ?? context
        var outputs: [String] = []
        for index in sources.indices {
            let output = library.render(guarded, withTemplate: "main(\(index))") ?? ""
            if let range = output.range(of: Self.sentinel) {
                let digits = output[range.upperBound...].prefix(while: \.isNumber)
                let location =
                    Int(digits).flatMap { tooDeep.indices.contains($0) ? tooDeep[$0] : nil }
                    ?? sources[index].location(line: 1, column: 1)
                throw DiagnosticList([
                    location.diagnostic(
                        "partials nest more than \(Self.maximumPartialDepth) levels deep here; "
                            + "the section around this recursive partial never runs out of data")
                ])
            }
            if budget.remaining < 0 {
                throw DiagnosticList([
                    (tooDeep.first ?? sources[index].location(line: 1, column: 1)).diagnostic(
                        "recursive partials are included more than \(Self.maximumRecursivePartialRenders) times; "
                            + "the section around a recursive partial never runs out of data")
                ])
            }
            outputs.append(output)
        }
        return outputs
    }

    private static func registeredName(_ name: String, depth: Int) -> String { "\(name)(\(depth))" }

    /// The partials that include themselves, directly or through others: only these can recurse.
    private static func recursivePartials(in partials: [String: TemplateAnalyzer.Partial]) -> Set<String> {
        let includes = partials.mapValues { partial in
            partial.scanned.partialTags.map(\.name).filter { partials[$0] != nil }
        }
        return Set(
            partials.keys.filter { start in
                var seen: Set<String> = []
                var stack = includes[start] ?? []
                while let name = stack.popLast() {
                    if name == start { return true }
                    if seen.insert(name).inserted { stack += includes[name] ?? [] }
                }
                return false
            })
    }
}

/// The top of the render context: the user's variables by name, plus the partial budget under its private name.
/// It renders as nothing, so `{{.}}` outside any section prints nothing rather than PromptDeck's internals.
private struct RenderRoot: MustacheParent, MustacheCustomRenderable {
    var fields: [String: Any]
    var budget: PartialBudget
    func child(named name: String) -> Any? {
        name == TemplateRenderer.budgetName ? budget : fields[name]
    }
    var renderText: String { "" }
    var isNull: Bool { false }
}

/// The guard of partial inclusions: swift-mustache renders an inverted section over a value whose `isNull` is true,
/// so each inclusion asks it once, and past the budget every inclusion renders nothing.
private final class PartialBudget: MustacheCustomRenderable {
    var remaining: Int
    init(remaining: Int) { self.remaining = remaining }
    var renderText: String { "" }
    var isNull: Bool {
        remaining -= 1
        return remaining >= 0
    }
}
