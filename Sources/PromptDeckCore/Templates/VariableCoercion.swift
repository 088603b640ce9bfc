import Foundation

/// Reads the values given for a prompt's variables (often text from `--var k=v`) the way the template
/// uses them, fills in defaults, and reports what is missing or malformed.
///
/// - A `bool` variable, or one used only as a section, reads `true/yes/on/1` and `false/no/off/0/""`.
/// - A `list` variable, or a section iterating items, reads text as a JSON array when it starts with `[`,
///   otherwise as one item per non-empty line (a single line, unless declared `list`, stays one text value).
/// - A `json` variable must hold valid JSON; `{{name}}` inserts the JSON text (Portkey's convention).
/// - A variable read with dotted names (`{{user.name}}`) reads text starting with `{` as a JSON object.
/// - Any variable a section tests is false when its value is empty text.
struct VariableCoercion {
    let analysis: TemplateAnalyzer.Analysis
    let specs: [VariableSpec]

    /// The render context, or every problem found with the values.
    func context(for values: [String: JSONValue]) throws(DiagnosticList) -> [String: Any] {
        var context: [String: Any] = [:]
        var problems: [Diagnostic] = []
        let discovered = Dictionary(analysis.variables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var names = analysis.variables.map(\.name)
        for name in specs.map(\.name) + values.keys.sorted() where !names.contains(name) { names.append(name) }
        for name in names {
            let spec = specs.first { $0.name == name }
            guard let value = values[name] ?? spec?.defaultValue else {
                if discovered[name]?.isRequired == true, let location = analysis.firstRequiredUse[name] {
                    problems.append(location.diagnostic("variable '\(name)' has no value; pass --var \(name)=..."))
                }
                continue
            }
            do {
                context[name] = try coerce(value, name: name, type: spec?.type, usage: discovered[name]?.usage)
            } catch {
                let location = analysis.firstUse[name] ?? SourceLocation(file: "--var", line: 1, column: 1)
                problems.append(location.diagnostic(error.message, field: name))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return context
    }

    private struct CoercionError: Error { var message: String }

    private func coerce(_ value: JSONValue, name: String, type: VariableType?, usage: VariableUsage?)
        throws(CoercionError)
        -> Any
    {
        if type == .json {
            guard case .string(let text) = value else { return MustacheValue.json(value, text: value.serialized()) }
            return MustacheValue.json(try parseJSON(text, name: name), text: text)
        }
        guard case .string(let text) = value else {
            if case .number(let number) = value, usage == .section || type == .bool { return number != 0 }
            return MustacheValue.convert(value)
        }
        if type == .bool || usage == .section {
            if let bool = Self.bool(from: text) { return bool }
            if type == .bool {
                throw CoercionError(message: "variable '\(name)' expects true or false (or yes/no, 1/0), got '\(text)'")
            }
        }
        if type == .list || usage == .list {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("[") { return MustacheValue.convert(try parseJSON(text, name: name)) }
            // One line used as a section is one truthy value, as Mustache has it: `{{#foo}}{{.}} is {{foo}}{{/foo}}`
            // must print the text twice, not the text and a one-item list.
            if type != .list, !text.isEmpty, !text.contains(where: \.isNewline) { return text }
            let lines = text.split(whereSeparator: \.isNewline).map { String($0) }
            return lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        if analysis.objectVariables.contains(name), text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{")
        {
            return MustacheValue.convert(try parseJSON(text, name: name))
        }
        if text.isEmpty, analysis.sectionVariables.contains(name) { return false }
        return text
    }

    private func parseJSON(_ text: String, name: String) throws(CoercionError) -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch {
            throw CoercionError(
                message:
                    "variable '\(name)' is not valid JSON: line \(error.line), column \(error.column): \(error.message)"
            )
        }
    }

    /// The boolean a text means, or nil when it means neither.
    static func bool(from text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "y", "on", "1": return true
        case "false", "no", "n", "off", "0", "": return false
        default: return nil
        }
    }
}
