/// Reads the `{{ }}` tags of a Mustache template (following set-delimiter tags) into a `TemplateNode` tree.
///
/// swift-mustache has no public API for a template's tags, so variable discovery and the syntax errors users
/// see (with file, line and column) come from here; the renderer parses again to render.
struct TemplateScanner {
    private let source: TemplateSource
    private let scalars: [Unicode.Scalar]
    private var openDelimiter: [Unicode.Scalar] = Array("{{".unicodeScalars)
    private var closeDelimiter: [Unicode.Scalar] = Array("}}".unicodeScalars)
    private var diagnostics: [Diagnostic] = []
    /// Open sections, innermost last, each with the nodes read so far inside it.
    private var stack: [(name: String, inverted: Bool, location: SourceLocation, children: [TemplateNode])] = []
    private var root: [TemplateNode] = []
    private var cursor = (offset: 0, line: 1, column: 1)

    /// Scans `source`; never throws: problems land in `ScannedTemplate.diagnostics`.
    static func scan(_ source: TemplateSource) -> ScannedTemplate {
        var scanner = TemplateScanner(source: source)
        scanner.run()
        return ScannedTemplate(nodes: scanner.root, diagnostics: scanner.diagnostics)
    }

    private init(source: TemplateSource) {
        self.source = source
        self.scalars = Array(source.text.unicodeScalars)
    }

    private var open: String { String(String.UnicodeScalarView(openDelimiter)) }
    private var close: String { String(String.UnicodeScalarView(closeDelimiter)) }

    private mutating func run() {
        var index = 0
        while let tagStart = find(openDelimiter, from: index) {
            guard let next = readTag(at: tagStart) else { break }
            index = next
        }
        for section in stack.reversed() {
            let sigil = section.inverted ? "^" : "#"
            diagnostics.append(
                section.location.diagnostic(
                    "section \(open)\(sigil)\(section.name)\(close) is never closed; add \(open)/\(section.name)\(close)"
                ))
        }
        while !stack.isEmpty { closeInnermost() }
    }

    /// Reads the tag starting at `start`; returns where scanning continues, or nil to stop.
    private mutating func readTag(at start: Int) -> Int? {
        let location = self.location(of: start)
        let bodyStart = start + openDelimiter.count
        let sigil: Unicode.Scalar? = bodyStart < scalars.count ? scalars[bodyStart] : nil
        var terminator = closeDelimiter
        if sigil == "{" { terminator = ["}"] + closeDelimiter }
        if sigil == "=" { terminator = ["="] + closeDelimiter }
        let searchFrom = sigil == "{" || sigil == "=" ? bodyStart + 1 : bodyStart
        guard let end = find(terminator, from: searchFrom) else {
            diagnostics.append(location.diagnostic("tag \(open) is never closed with \(close)"))
            return nil
        }
        let next = end + terminator.count
        let body = String(String.UnicodeScalarView(scalars[bodyStart..<end]))
        switch sigil {
        case "!", "%":
            break
        case "=":
            setDelimiters(String(body.dropFirst()), location: location)
        case "{", "&":
            addVariable(String(body.dropFirst()), location: location, tag: body)
        case "#", "^":
            let name = trimmed(String(body.dropFirst()))
            if validate(name, location: location, tag: body) {
                stack.append((name, sigil == "^", location, []))
            }
        case "$", "<":
            // Template inheritance (an optional spec module): tracked as a section so its closing tag matches.
            stack.append((trimmed(String(body.dropFirst())), true, location, []))
        case "/":
            closeSection(named: trimmed(String(body.dropFirst())), location: location)
        case ">":
            addPartial(body: body, bodyStart: bodyStart, location: location)
        default:
            addVariable(body, location: location, tag: body)
        }
        return next
    }

    private mutating func addVariable(_ raw: String, location: SourceLocation, tag: String) {
        let name = trimmed(raw)
        guard validate(name, location: location, tag: tag) else { return }
        append(.variable(name: name, location: location))
    }

    private mutating func addPartial(body: String, bodyStart: Int, location: SourceLocation) {
        let inner = Array(body.unicodeScalars.dropFirst())
        guard let first = inner.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = inner.lastIndex(where: { !$0.properties.isWhitespace })
        else {
            diagnostics.append(location.diagnostic("partial tag \(open)>\(close) has no name"))
            return
        }
        let written = String(String.UnicodeScalarView(inner[first...last]))
        let name =
            written.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
            ?? written
        guard validate(name, location: location, tag: body, allowed: Self.partialNameCharacters) else { return }
        let rangeStart = bodyStart + 1 + first
        append(.partial(name: name, location: location, nameRange: rangeStart..<(rangeStart + last - first + 1)))
    }

    private mutating func setDelimiters(_ body: String, location: SourceLocation) {
        let parts = body.split(whereSeparator: { $0.isWhitespace })
        guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
            diagnostics.append(
                location.diagnostic(
                    "invalid set-delimiter tag \(open)=\(body)=\(close); write it like \(open)=<% %>=\(close)"))
            return
        }
        openDelimiter = Array(parts[0].unicodeScalars)
        closeDelimiter = Array(parts[1].unicodeScalars)
    }

    private mutating func closeSection(named name: String, location: SourceLocation) {
        guard let depth = stack.lastIndex(where: { $0.name == name }) else {
            if let innermost = stack.last {
                let sigil = innermost.inverted ? "^" : "#"
                diagnostics.append(
                    location.diagnostic(
                        "closing tag \(open)/\(name)\(close) does not match the open section "
                            + "\(open)\(sigil)\(innermost.name)\(close) at \(innermost.location.shortDescription)"))
            } else {
                diagnostics.append(
                    location.diagnostic(
                        "closing tag \(open)/\(name)\(close) has no open section \(open)#\(name)\(close)"))
            }
            return
        }
        // Sections opened inside the one being closed were left open: report each, then recover.
        for section in stack[(depth + 1)...].reversed() {
            diagnostics.append(
                section.location.diagnostic(
                    "section \(open)#\(section.name)\(close) is never closed before \(open)/\(name)\(close) "
                        + "at \(location.shortDescription)"))
        }
        while stack.count > depth + 1 { closeInnermost() }
        closeInnermost()
    }

    private mutating func closeInnermost() {
        guard let section = stack.popLast() else { return }
        append(
            .section(
                name: section.name, inverted: section.inverted, location: section.location, children: section.children))
    }

    private mutating func append(_ node: TemplateNode) {
        if stack.isEmpty {
            root.append(node)
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    /// Checks a name against what swift-mustache accepts, so the user hears about it with a position.
    private mutating func validate(
        _ name: String, location: SourceLocation, tag: String, allowed: Set<Unicode.Scalar> = nameCharacters
    ) -> Bool {
        if name.isEmpty {
            diagnostics.append(location.diagnostic("empty tag \(open)\(tag)\(close)"))
            return false
        }
        if name == TemplateRenderer.budgetName || name.hasPrefix(TemplateRenderer.budgetName + ".") {
            diagnostics.append(
                location.diagnostic("the name '\(TemplateRenderer.budgetName)' in \(open)\(tag)\(close) is reserved"))
            return false
        }
        if let bad = name.unicodeScalars.first(where: { !allowed.contains($0) }) {
            diagnostics.append(
                location.diagnostic(
                    "invalid name '\(name)' in \(open)\(tag)\(close): '\(bad)' is not allowed "
                        + "(use letters, digits, '_', '-' and '.')"))
            return false
        }
        return true
    }

    private func trimmed(_ text: String) -> String {
        let view = text.unicodeScalars
        guard let first = view.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = view.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(view[first...last])
    }

    private func find(_ needle: [Unicode.Scalar], from start: Int) -> Int? {
        guard let first = needle.first, start <= scalars.count - needle.count else { return nil }
        var index = start
        while index <= scalars.count - needle.count {
            if scalars[index] == first, scalars[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Tags are read front to back, so positions are counted incrementally from the previous tag.
    private mutating func location(of offset: Int) -> SourceLocation {
        while cursor.offset < offset {
            if scalars[cursor.offset] == "\n" {
                cursor.line += 1
                cursor.column = 1
            } else {
                cursor.column += 1
            }
            cursor.offset += 1
        }
        return source.location(line: cursor.line, column: cursor.column)
    }

    private static let nameCharacters = Set(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*".unicodeScalars)
    private static let partialNameCharacters = nameCharacters.union("/".unicodeScalars)
}
