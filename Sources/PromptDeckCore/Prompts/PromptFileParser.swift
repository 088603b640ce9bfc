import Yams

/// Reads one prompt file (YAML) into a `Prompt`, collecting every error and warning with file, line and field.
struct PromptFileParser {
    /// What parsing a file produced: a prompt when there were no errors, and every diagnostic found.
    struct Result: Sendable {
        var prompt: Prompt?
        var errors: [Diagnostic]
        var warnings: [Diagnostic]
    }

    static let maximumFileSize = 1 << 20
    static let topLevelKeys = [
        "name", "description", "kind", "model", "profile", "prompt", "messages", "variables", "parameters", "portkey",
        "portkey_prompt_id", "html_escape", "tools", "tool_choice", "mock", "checks", "dataset",
        // Written by `prompts pull`, read back by `prompts push` (Portkey/PortkeyPromptFile).
        "portkey_version",
    ]

    let id: String
    let file: String
    let text: String
    var errors: [Diagnostic] = []
    var warnings: [Diagnostic] = []

    /// Parses `text`, the contents of `file`, as the prompt `id`.
    static func parse(_ text: String, id: String, file: String) -> Result {
        var parser = PromptFileParser(id: id, file: file, text: text)
        let prompt = parser.run()
        // Fields are checked in a fixed order; users read them in file order.
        let inFileOrder: (Diagnostic, Diagnostic) -> Bool = {
            ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0)
        }
        return Result(
            prompt: parser.errors.isEmpty ? prompt : nil, errors: parser.errors.sorted(by: inFileOrder),
            warnings: parser.warnings.sorted(by: inFileOrder))
    }

    private init(id: String, file: String, text: String) {
        self.id = id
        self.file = file
        self.text = text
    }

    private mutating func run() -> Prompt? {
        if text.utf8.count > Self.maximumFileSize {
            let size = Double(text.utf8.count) / Double(Self.maximumFileSize)
            fail(nil, "the file is \(Self.mebibytes(size)); prompt files are limited to 1 MiB")
            return nil
        }
        let root: Node?
        do {
            root = try YAMLSupport.compose(text, file: file)
        } catch {
            errors.append(error)
            return nil
        }
        guard let root, !(root.scalar.map { $0.string.isEmpty } ?? false) else {
            fail(nil, "the file is empty; a prompt needs at least 'kind' and 'prompt' (or 'messages')")
            return nil
        }
        guard let mapping = root.mapping else {
            fail(
                root,
                "expected a mapping of fields (name:, kind:, prompt:...) at the top level, got \(Self.describe(root))")
            return nil
        }
        warnUnknownKeys(in: mapping, known: Self.topLevelKeys, path: nil)

        var prompt = Prompt(
            id: id, name: String(id.split(separator: "/").last ?? Substring(id)), kind: .completion, sourcePath: file,
            sourceText: text)
        if let node = mapping["name"], let name = string(node, field: "name") { prompt.name = name }
        prompt.description = mapping["description"].flatMap { string($0, field: "description") }
        prompt.model = mapping["model"].flatMap { string($0, field: "model") }
        prompt.profile = mapping["profile"].flatMap { string($0, field: "profile") }
        prompt.htmlEscape = mapping["html_escape"].flatMap { bool($0, field: "html_escape") } ?? false
        prompt.variables = mapping["variables"].map { variables($0) } ?? []
        prompt.parameters = mapping["parameters"].flatMap { object($0, field: "parameters") } ?? [:]
        prompt.portkey = mapping["portkey"].flatMap { portkey($0) }
        if let node = mapping["portkey_prompt_id"], let value = string(node, field: "portkey_prompt_id") {
            if Self.isPortkeyPromptID(value) {
                prompt.portkeyPromptID = value
            } else {
                fail(
                    node,
                    "expected a Portkey prompt ID such as 'pp-tagline-1a2b', 'pp-tagline-1a2b@12' or 'pp-tagline-1a2b@production', got '\(value)'",
                    field: "portkey_prompt_id")
            }
        }
        if let node = mapping["checks"] {
            let parsed = CheckParser.parse(node: node, file: file, origin: .promptFile)
            prompt.checks = parsed.checks
            errors += parsed.errors
        }
        prompt.dataset = mapping["dataset"].flatMap { string($0, field: "dataset") }
        readTemplates(mapping, root: root, into: &prompt)
        readTools(mapping, into: &prompt)
        return prompt
    }

    private mutating func readTemplates(_ mapping: Node.Mapping, root: Node, into prompt: inout Prompt) {
        let hosted = prompt.portkeyPromptID != nil
        guard let kindNode = mapping["kind"] else {
            fail(root, "missing field 'kind' (completion or chat)")
            return
        }
        guard let kindText = string(kindNode, field: "kind") else { return }
        guard let kind = PromptKind(rawValue: kindText) else {
            fail(kindNode, "expected completion or chat, got '\(kindText)'", field: "kind")
            return
        }
        prompt.kind = kind
        switch kind {
        case .completion:
            if let node = mapping["messages"] {
                fail(node, "a completion prompt uses 'prompt:', not 'messages:' (or set kind: chat)", field: "messages")
            }
            if let node = mapping["prompt"] {
                guard let template = string(node, field: "prompt") else { return }
                let start = contentStart(of: node)
                prompt.template = template
                prompt.templateLine = start.line
                prompt.templateColumn = start.column
            } else if !hosted {
                fail(kindNode, "missing field 'prompt' (the template of a completion prompt)")
            }
        case .chat:
            if let node = mapping["prompt"] {
                fail(node, "a chat prompt uses 'messages:', not 'prompt:' (or set kind: completion)", field: "prompt")
            }
            if let node = mapping["messages"] {
                prompt.messages = messages(node)
            } else if !hosted {
                fail(kindNode, "missing field 'messages' (a chat prompt needs a list of role: and content:)")
            }
        }
    }

    /// Where a scalar's text starts: the line after `|` or `>` at the block's indentation, after an opening
    /// quote, or at the scalar itself.
    func contentStart(of node: Node) -> (line: Int, column: Int) {
        guard let scalar = node.scalar, let mark = node.mark else { return (1, 1) }
        switch scalar.style {
        case .literal, .folded:
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var line = mark.line + 1
            while line <= lines.count {
                let content = lines[line - 1]
                if !content.allSatisfy({ $0 == " " || $0 == "\r" }) {
                    return (mark.line + 1, content.prefix(while: { $0 == " " }).count + 1)
                }
                line += 1
            }
            return (mark.line + 1, 1)
        case .singleQuoted, .doubleQuoted:
            return (mark.line, mark.column + 1)
        default:
            return (mark.line, mark.column)
        }
    }

    mutating func warnUnknownKeys(in mapping: Node.Mapping, known: [String], path: String?) {
        for key in mapping.keys {
            guard let name = key.string, !known.contains(name) else { continue }
            let place = path.map { " in \($0)" } ?? ""
            let position = key.mark
            warnings.append(
                Diagnostic(
                    .warning, file: file, line: position?.line, column: position?.column,
                    message: "unknown key '\(name)'\(place) is ignored\(NameSuggestion.hint(for: name, in: known))"))
        }
    }

    mutating func fail(_ node: Node?, _ message: String, field: String? = nil) {
        let mark = node?.mark
        errors.append(
            Diagnostic(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, field: field, message: message))
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private static func isPortkeyPromptID(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed.contains) }
    }

    private static func mebibytes(_ value: Double) -> String {
        "\(Double(Int(value * 10)) / 10) MiB"
    }
}
