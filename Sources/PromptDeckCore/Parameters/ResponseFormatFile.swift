import Foundation

/// `response_format` from a schema file: `@contact.json` in the parameters panel or
/// `--set response_format=@contact.json`. The file holds a JSON Schema (JSON, or YAML for `.yaml`/`.yml`),
/// sent as `{"type": "json_schema", "json_schema": {"name": <the file's name>, "strict": true, "schema": …}}`,
/// or a whole `response_format` object (one with `"type"`), sent as it is. Either way it is checked before
/// anything is sent, and a problem names the file, its line and column, or the schema keyword.
public enum ResponseFormatFile {
    /// Whether a typed value names a file (`@path`).
    public static func isReference(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespaces).hasPrefix("@")
    }

    /// The `response_format` the file `reference` (`@path`) gives. A relative path is looked up in the
    /// working directory, then beside `promptPath` (the prompt file) when one is given.
    public static func load(_ reference: String, besides promptPath: String? = nil) throws(Diagnostic) -> JSONValue {
        let path = resolve(reference, besides: promptPath)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(
                file: path, field: "response_format", message: "no schema file here (from \(reference))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(file: path, field: "response_format", message: "the schema file is not UTF-8 text")
        }
        let content: JSONValue
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            guard let node = try YAMLSupport.compose(text, file: path) else {
                throw Diagnostic(file: path, field: "response_format", message: "the schema file is empty")
            }
            content = YAMLSupport.json(from: node)
        } else {
            do {
                content = try JSONValue.parse(text)
            } catch {
                throw Diagnostic(
                    file: path, line: error.line, column: error.column, field: "response_format",
                    message: "the schema is not JSON: \(error.message)")
            }
        }
        guard content.objectValue != nil else {
            throw Diagnostic(
                file: path, field: "response_format", message: "a schema is an object, got \(content.serialized())")
        }
        let format = wrapped(content, name: schemaName(of: path))
        if let problem = CheckSpec.problem(inResponseFormat: format) {
            throw Diagnostic(file: path, field: "response_format", message: problem)
        }
        return format
    }

    /// A bare schema wrapped as a `json_schema` response format; a whole response format as it is.
    static func wrapped(_ content: JSONValue, name: String) -> JSONValue {
        if let type = content["type"]?.stringValue, ["json_schema", "json_object", "text"].contains(type) {
            return content
        }
        return .object([
            "type": "json_schema",
            "json_schema": .object(["name": .string(name), "strict": true, "schema": content]),
        ])
    }

    /// The schema's name from its file: letters, digits, `_` and `-` (OpenAI's rule), at most 64.
    static func schemaName(of path: String) -> String {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let kept = stem.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" }
        let name = String(kept.prefix(64))
        return name.isEmpty ? "schema" : name
    }

    private static func resolve(_ reference: String, besides promptPath: String?) -> String {
        var path = reference.trimmingCharacters(in: .whitespaces)
        if path.hasPrefix("@") { path.removeFirst() }
        path = (path as NSString).expandingTildeInPath
        guard !path.hasPrefix("/") else { return path }
        if FileManager.default.fileExists(atPath: path) { return path }
        if let promptPath {
            let beside = ((promptPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: beside) { return beside }
        }
        return path
    }
}
