/// Follows the templates of a prompt through their sections and partials: which variables they use and how,
/// which partials they need, and what is wrong with them.
struct TemplateAnalyzer {
    /// A partial as found: its source and its scanned tags.
    struct Partial: Sendable {
        var source: TemplateSource
        var scanned: ScannedTemplate
    }

    /// Everything the renderer needs after analysis.
    struct Analysis: Sendable {
        var templates: [ScannedTemplate]
        var partials: [String: Partial]
        var variables: [DiscoveredVariable]
        /// Where each variable is first used, and first used in a way that needs a value.
        var firstUse: [String: SourceLocation]
        var firstRequiredUse: [String: SourceLocation]
        /// Variables read with dotted names (`{{user.name}}`): a text value for them may be a JSON object.
        var objectVariables: Set<String>
        /// Variables some section tests (`{{#name}}` or `{{^name}}`): an empty text value for them is false.
        var sectionVariables: Set<String>
        var diagnostics: [Diagnostic]
    }

    private struct Scope {
        var root: String
        var inverted: Bool
        /// The section pushes its value as the context: names inside it may be fields of that value.
        var isItemScope: Bool
    }

    private enum UseKind { case value, section, item }

    private struct Use {
        var root: String
        var kind: UseKind
        var interpolates: Bool
        var dotted: Bool
        var inItemScope: Bool
        var testedBySelf: Bool
        /// The innermost item section around the use, whose field this may be.
        var owner: String?
        var location: SourceLocation
    }

    let specs: [String: VariableSpec]
    /// Finds a partial by its name (version already stripped); nil when it does not exist.
    let resolvePartial: (String) -> TemplateSource?
    /// The message for a partial that cannot be found, or nil to render it as empty (the spec's behaviour).
    let unknownPartialMessage: ((String) -> String)?

    private var partials: [String: Partial] = [:]
    private var unknown: Set<String> = []
    private var interpolatedNames: Set<String> = []
    private var uses: [Use] = []
    private var diagnostics: [Diagnostic] = []

    init(
        specs: [VariableSpec], resolvePartial: @escaping (String) -> TemplateSource?,
        unknownPartialMessage: ((String) -> String)?
    ) {
        self.specs = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.resolvePartial = resolvePartial
        self.unknownPartialMessage = unknownPartialMessage
    }

    /// Analyses `sources` (a completion template, or each chat message in order) together.
    mutating func analyze(_ sources: [TemplateSource]) -> Analysis {
        let templates = sources.map(TemplateScanner.scan)
        for template in templates {
            diagnostics += template.diagnostics
            resolvePartials(in: template.nodes)
        }
        for template in templates { collectInterpolated(template.nodes) }
        for partial in partials.values { collectInterpolated(partial.scanned.nodes) }
        for template in templates { walk(template.nodes, scopes: [], chain: []) }
        return summarize(templates)
    }

    private mutating func resolvePartials(in nodes: [TemplateNode]) {
        for node in nodes {
            switch node {
            case .partial(let name, let location, _):
                if partials[name] != nil { continue }
                guard let source = resolvePartial(name) else {
                    if let unknownPartialMessage {
                        diagnostics.append(location.diagnostic(unknownPartialMessage(name)))
                    }
                    unknown.insert(name)
                    continue
                }
                let scanned = TemplateScanner.scan(source)
                partials[name] = Partial(source: source, scanned: scanned)
                diagnostics += scanned.diagnostics
                resolvePartials(in: scanned.nodes)
            case .section(_, _, _, let children):
                resolvePartials(in: children)
            case .variable:
                break
            }
        }
    }

    private mutating func collectInterpolated(_ nodes: [TemplateNode]) {
        for node in nodes {
            switch node {
            case .variable(let name, _): interpolatedNames.insert(name)
            case .section(_, _, _, let children): collectInterpolated(children)
            case .partial: break
            }
        }
    }

    /// A section over a scalar (declared bool/text, a scalar default, or interpolated somewhere as `{{name}}`)
    /// leaves names inside it as top-level variables; any other section may be iterating items.
    private func isItemSection(_ name: String, inverted: Bool) -> Bool {
        if inverted || name.contains(".") { return !inverted }
        if let spec = specs[name] {
            switch spec.type {
            case .bool, .text, .multiline: return false
            case .list, .json: return true
            case nil: break
            }
            switch spec.defaultValue {
            case .bool, .string, .number: return false
            default: break
            }
        }
        return !interpolatedNames.contains(name)
    }

    private mutating func walk(_ nodes: [TemplateNode], scopes: [Scope], chain: [(name: String, depth: Int)]) {
        for node in nodes {
            switch node {
            case .variable(let name, let location):
                if name == "." {
                    guard let owner = scopes.last(where: { !$0.inverted }) else { continue }
                    record(
                        root: owner.root, kind: .item, interpolates: false, dotted: false, scopes: scopes,
                        location: location)
                } else if name.hasPrefix(".") {
                    // `{{.field}}` reads the current item only.
                    guard let owner = scopes.last(where: { !$0.inverted }) else { continue }
                    record(
                        root: owner.root, kind: .item, interpolates: false, dotted: true, scopes: scopes,
                        location: location)
                } else {
                    let root = Self.root(of: name)
                    record(
                        root: root, kind: .value, interpolates: true, dotted: root != name, scopes: scopes,
                        location: location)
                }
            case .section(let name, let inverted, let location, let children):
                let root = Self.root(of: name)
                let dotted = root != name
                record(
                    root: root, kind: dotted ? .value : .section, interpolates: false, dotted: dotted, scopes: scopes,
                    location: location)
                let scope = Scope(root: root, inverted: inverted, isItemScope: isItemSection(name, inverted: inverted))
                walk(children, scopes: scopes + [scope], chain: chain)
            case .partial(let name, let location, _):
                guard let partial = partials[name] else { continue }
                if let index = chain.firstIndex(where: { $0.name == name }) {
                    // Inside a section the data decides when recursion stops; without one it never does.
                    if chain[index].depth == scopes.count {
                        let cycle = (chain[index...].map(\.name) + [name]).joined(separator: " -> ")
                        let diagnostic = location.diagnostic("partial '\(name)' includes itself forever (\(cycle))")
                        if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
                    }
                    continue
                }
                walk(partial.scanned.nodes, scopes: scopes, chain: chain + [(name, scopes.count)])
            }
        }
    }

    private mutating func record(
        root: String, kind: UseKind, interpolates: Bool, dotted: Bool, scopes: [Scope], location: SourceLocation
    ) {
        // A name equal to an enclosing section's is that section's variable (lookup climbs the context stack).
        let own = scopes.firstIndex(where: { $0.root == root })
        let outer = own.map { scopes[..<$0] } ?? scopes[...]
        let owner = kind == .item ? root : outer.last(where: \.isItemScope)?.root
        uses.append(
            Use(
                root: root, kind: kind, interpolates: interpolates, dotted: dotted,
                inItemScope: outer.contains(where: \.isItemScope), testedBySelf: own != nil, owner: owner,
                location: location))
    }

    private func summarize(_ templates: [ScannedTemplate]) -> Analysis {
        var topLevel = Set(specs.keys)
        for use in uses where !use.inItemScope { topLevel.insert(use.root) }
        var order: [String] = []
        var flags: [String: (value: Bool, section: Bool, list: Bool)] = [:]
        var firstUse: [String: SourceLocation] = [:]
        var firstRequiredUse: [String: SourceLocation] = [:]
        var objects: Set<String> = []
        for use in uses {
            guard topLevel.contains(use.root) else {
                // A field of the enclosing item: that section iterates items.
                if let owner = use.owner, topLevel.contains(owner) {
                    flags[owner, default: (false, false, false)].list = true
                }
                continue
            }
            if firstUse[use.root] == nil {
                order.append(use.root)
                firstUse[use.root] = use.location
            }
            switch use.kind {
            case .value: flags[use.root, default: (false, false, false)].value = true
            case .section: flags[use.root, default: (false, false, false)].section = true
            case .item: flags[use.root, default: (false, false, false)].list = true
            }
            if use.dotted { objects.insert(use.root) }
            if use.interpolates, !use.testedBySelf, firstRequiredUse[use.root] == nil {
                firstRequiredUse[use.root] = use.location
            }
        }
        let variables = order.map { name -> DiscoveredVariable in
            let flag = flags[name] ?? (false, false, false)
            let usage: VariableUsage = flag.list ? .list : flag.value ? .value : .section
            let spec = specs[name]
            let required = firstRequiredUse[name] != nil && spec?.defaultValue == nil
            return DiscoveredVariable(name: name, usage: usage, isRequired: required, spec: spec)
        }
        return Analysis(
            templates: templates, partials: partials, variables: variables, firstUse: firstUse,
            firstRequiredUse: firstRequiredUse, objectVariables: objects,
            sectionVariables: Set(flags.filter { $0.value.section }.keys), diagnostics: diagnostics)
    }

    private static func root(of name: String) -> String {
        name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
    }
}
