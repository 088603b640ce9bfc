import Foundation

/// Parses `k=v` command-line pairs (`--set`, `--var`, `--extra`).
public enum KeyValueArgument {
    /// Splits at the first `=`; the key must be non-empty.
    public static func split(_ argument: String, flag: String) throws(Diagnostic) -> (key: String, value: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw Diagnostic(file: flag, message: "expected key=value, got '\(argument)'")
        }
        let key = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
        return (key, String(argument[argument.index(after: equals)...]))
    }

    /// A `--set` value: JSON when it parses as JSON (`0.7`, `true`, `["a","b"]`), else the text itself.
    public static func parameterValue(_ text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .string(text) }
        if let value = try? JSONValue.parse(trimmed) { return value }
        return .string(text)
    }

    /// An `--extra` value must be JSON; bare words are taken as strings for convenience.
    public static func extraValue(_ text: String, key: String) throws(Diagnostic) -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch {
            if text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) && !text.isEmpty {
                return .string(text)
            }
            throw Diagnostic(file: "--extra", field: key, message: "value is not valid JSON (\(error.description))")
        }
    }
}
