import Yams

/// Bridges Yams nodes to `JSONValue`, keeping source positions for messages.
public enum YAMLSupport {
    /// Parses one YAML document into its root node; errors carry the file, line and column.
    public static func compose(_ text: String, file: String) throws(Diagnostic) -> Node? {
        do {
            // libyaml as Yams drives it rejects a leading byte order mark; the text after it is the document.
            let unmarked = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
            return try compose(yaml: unmarked)
        } catch let error as YamlError {
            throw diagnostic(for: error, file: file)
        } catch {
            throw Diagnostic(file: file, message: "invalid YAML: \(error)")
        }
    }

    /// `Yams.compose`, with each untagged plain scalar tagged as `Resolver.default` would tag it
    /// (`YAMLPlainScalar`), without compiling that resolver's regular expressions. Mapping keys keep the
    /// basic resolver's `str`, so `mapping["key"]` finds them as before.
    public static func compose(yaml: String) throws -> Node? {
        // The encoding is given: its default reads the whole environment on each call, and prints to
        // standard output when `YAMS_DEFAULT_ENCODING` is set.
        try Yams.compose(yaml: yaml, .basic, .default, .utf8).map(tagged)
    }

    /// A plain scalar holding `text`, tagged as `compose` tags one.
    public static func plainScalar(_ text: String) -> Node {
        .scalar(Node.Scalar(text, plainTag(text), .plain))
    }

    /// The tag of an untagged plain scalar holding `text`; built with the basic resolver, so reading it
    /// never compiles the default one.
    private static func plainTag(_ text: String) -> Tag {
        Tag(YAMLPlainScalar.tag(of: text), .basic, .default)
    }

    private static func tagged(_ node: Node) -> Node {
        switch node {
        case .scalar(var scalar):
            // An untagged plain scalar's tag is still `implicit` (its name is ""): nothing has resolved it yet.
            guard scalar.style == .plain, scalar.tag.description.isEmpty else { return node }
            scalar.tag = plainTag(scalar.string)
            return .scalar(scalar)
        case .mapping(let mapping):
            let pairs = mapping.map { ($0.key, tagged($0.value)) }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark, mapping.anchor))
        case .sequence(let sequence):
            return .sequence(
                Node.Sequence(sequence.map(tagged), sequence.tag, sequence.style, sequence.mark, sequence.anchor))
        case .alias:
            return node
        }
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " \(context.text)" }
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: message)
        case .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " \(context.text)" }
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: message)
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, message: "invalid YAML: \(problem)")
        default:
            return Diagnostic(file: file, message: "invalid YAML: \(error)")
        }
    }

    /// Converts a node to JSON; plain scalars become numbers, booleans or null when YAML 1.2 core says so.
    public static func json(from node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if let b = Bool.construct(from: scalar) { return .bool(b) }
            if scalar.string == "~" || scalar.string == "null" || scalar.string == "Null" || scalar.string == "NULL"
                || scalar.string.isEmpty
            {
                return .null
            }
            if let i = Int.construct(from: scalar) { return .number(Double(i)) }
            if let d = Double.construct(from: scalar) { return .number(d) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map { json(from: $0) })
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                object[key.string ?? "\(key)"] = json(from: value)
            }
            return .object(object)
        case .alias:
            return .null
        }
    }

    /// A node's position (1-based line and column).
    public static func position(of node: Node) -> (line: Int, column: Int)? {
        guard let mark = node.mark else { return nil }
        return (mark.line, mark.column)
    }
}
