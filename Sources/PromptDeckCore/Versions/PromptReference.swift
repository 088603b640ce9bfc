/// Which version of a prompt a reference names: `@2`, `@production`, `@latest`.
public enum PromptVersionSelector: Sendable, Equatable, Hashable, CustomStringConvertible {
    case number(Int)
    case label(String)
    /// The newest version (the highest number).
    case latest

    /// Reads the text after `@`: digits are a number, `latest` the newest, anything else a label.
    public init(_ text: String) {
        if !text.isEmpty, text.allSatisfy(\.isASCII), let number = Int(text), number >= 0 {
            self = .number(number)
        } else if text == "latest" {
            self = .latest
        } else {
            self = .label(text)
        }
    }

    /// `2`, `production`, `latest`: as written after `@`.
    public var description: String {
        switch self {
        case .number(let number): return String(number)
        case .label(let name): return name
        case .latest: return "latest"
        }
    }
}

/// A prompt id with an optional version: `tagline`, `tagline@2`, `tagline@production`, `tagline@latest`.
/// Accepted wherever a prompt id is. Without a selector it means the prompt file as it is now.
public struct PromptReference: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var promptID: String
    public var selector: PromptVersionSelector?

    public init(promptID: String, selector: PromptVersionSelector? = nil) {
        self.promptID = promptID
        self.selector = selector
    }

    /// Splits at the last `@`. A `.yaml` suffix on the id is dropped, as `PromptLibrary.load` does.
    public static func parse(_ text: String) throws(Diagnostic) -> PromptReference {
        guard let at = text.lastIndex(of: "@") else { return PromptReference(promptID: stripped(text)) }
        let id = stripped(String(text[..<at]))
        let selector = String(text[text.index(after: at)...])
        guard !id.isEmpty else {
            throw Diagnostic(file: text, message: "expected a prompt id before '@' (e.g. tagline@2)")
        }
        guard !selector.isEmpty else {
            throw Diagnostic(
                file: text, message: "expected a version number, a label or 'latest' after '@' (e.g. \(id)@2)")
        }
        return PromptReference(promptID: id, selector: PromptVersionSelector(selector))
    }

    /// `tagline@2`, or `tagline` with no selector.
    public var description: String { promptID + (selector.map { "@\($0)" } ?? "") }

    private static func stripped(_ id: String) -> String { id.hasSuffix(".yaml") ? String(id.dropLast(5)) : id }
}
