import Foundation

/// The user-input error family: one `Diagnostic` or a `DiagnosticList`. An edge that only shows the error
/// catches any error and prints `localizedDescription`; an edge that lists problems one per line catches
/// `any DiagnosticReport` and prints `diagnostics`.
public protocol DiagnosticReport: LocalizedError, Sendable {
    /// Every problem, in the order found.
    var diagnostics: [Diagnostic] { get }
}

/// A problem found in user input, worded for the user and pinned to where it is:
/// `prompts/tagline.yaml:3:18: field 'temperature': 3.5 is out of range (0 to 2)`.
public struct Diagnostic: DiagnosticReport, Equatable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    /// The file (or pseudo-file such as `--set`, `--var`, `config`) the problem is in.
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The field or variable concerned, if any.
    public var field: String?
    public var message: String

    public init(
        _ severity: Severity = .error, file: String, line: Int? = nil, column: Int? = nil, field: String? = nil,
        message: String
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        var text = location + ": "
        if severity == .warning { text += "warning: " }
        if let field { text += "field '\(field)': " }
        return text + message
    }

    /// The same words as `description`, so `localizedDescription` needs no special case.
    public var errorDescription: String? { description }

    /// This diagnostic alone.
    public var diagnostics: [Diagnostic] { [self] }
}

/// Several diagnostics at once (a prompt file with three mistakes reports all three).
public struct DiagnosticList: DiagnosticReport, Equatable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    /// The same words as `description`, so `localizedDescription` needs no special case.
    public var errorDescription: String? { description }
}
