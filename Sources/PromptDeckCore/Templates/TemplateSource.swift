/// A Mustache template's text together with where it sits in a file, so messages point into the file.
///
/// Template positions map to file positions as `line + (templateLine - 1)` and
/// `column + (templateColumn - 1)`: exact for a YAML literal block (`|`, every line shares the block's
/// indentation) and for the first line of a one-line scalar; approximate for folded (`>`) or multi-line
/// quoted scalars, whose line breaks YAML rewrites. Columns count Unicode scalars, as libyaml does.
struct TemplateSource: Sendable, Equatable {
    /// The template text.
    var text: String
    /// The file shown in messages (`prompts/tagline.yaml`, `partials/signature.mustache`).
    var file: String
    /// File line and column where the template's first character is.
    var line: Int
    var column: Int
    /// The field shown in messages (`prompt`, `messages[0].content`); nil for a partial file.
    var field: String?

    /// Creates a source; a partial file starts at 1:1 and has no field.
    init(text: String, file: String, line: Int = 1, column: Int = 1, field: String? = nil) {
        self.text = text
        self.file = file
        self.line = line
        self.column = column
        self.field = field
    }

    /// The file position of a template position (both 1-based).
    func location(line templateLine: Int, column templateColumn: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + templateLine - 1, column: column + templateColumn - 1, field: field)
    }
}

/// A point in a file, with the field it belongs to: what a `Diagnostic` needs besides its message.
struct SourceLocation: Sendable, Equatable, Hashable {
    var file: String
    var line: Int
    var column: Int
    var field: String?

    func diagnostic(_ message: String, field overriding: String? = nil, _ severity: Diagnostic.Severity = .error)
        -> Diagnostic
    {
        Diagnostic(severity, file: file, line: line, column: column, field: overriding ?? field, message: message)
    }

    /// `line 3, column 7`, for messages that mention a second place.
    var shortDescription: String { "line \(line), column \(column)" }
}
