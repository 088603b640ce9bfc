import Foundation
import Yams

/// Why a draft could not be saved into its prompt file; the file is never written in these cases.
public enum PromptEditError: Error, LocalizedError, Equatable, Sendable {
    /// The value sits in YAML that cannot be spliced safely (an alias, an anchor, a merge key...).
    case unsplicable(file: String, line: Int, column: Int, field: String, reason: String)
    /// The value itself cannot be saved (an unknown role, no messages, `prompt:` on a chat prompt...).
    case invalidValue(file: String, field: String, reason: String)
    /// The spliced text did not read back as the draft with every other field unchanged.
    case verificationFailed(file: String, field: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .unsplicable(let file, let line, let column, let field, let reason):
            "\(file):\(line):\(column): field '\(field)': cannot save into the file here: \(reason)"
        case .invalidValue(let file, let field, let reason):
            "\(file): field '\(field)': cannot save: \(reason)"
        case .verificationFailed(let file, let field, let reason):
            "\(file): field '\(field)': not saved, the edited file would not read back as the draft: \(reason)"
        }
    }
}

/// Writes a draft back into a prompt file's text by splicing only the changed scalars (or, for an added,
/// removed or moved message, only the messages list), so comments, key order, quoting and line endings survive.
///
/// Every result is read back with the prompt file parser and must give the new value with every other field
/// unchanged; otherwise the method throws and the caller writes nothing.
public struct PromptFileEditor {
    /// The prompt as the file reads now.
    public let prompt: Prompt
    let file: String
    let source: YAMLSourceText
    let byteOrderMark: Bool
    let root: Node

    /// Reads `text`, the contents of `file`; `id` defaults to the file name without `.yaml`.
    public init(text: String, file: String, id: String? = nil) throws(DiagnosticList) {
        let name = (file as NSString).lastPathComponent
        let id = id ?? (name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name)
        let result = PromptFileParser.parse(text, id: id, file: file)
        guard let prompt = result.prompt, result.errors.isEmpty else { throw DiagnosticList(result.errors) }
        var bytes = Array(text.utf8)
        byteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if byteOrderMark { bytes.removeFirst(3) }
        let body = String(decoding: bytes, as: UTF8.self)
        let root: Node?
        do {
            root = try YAMLSupport.compose(body, file: file)
        } catch {
            throw DiagnosticList([error])
        }
        guard let root, root.mapping != nil else {
            throw DiagnosticList([Diagnostic(file: file, message: "expected a mapping of fields at the top level")])
        }
        self.prompt = prompt
        self.file = file
        self.source = YAMLSourceText(bytes)
        self.root = root
    }

    /// The file with the completion template (`prompt:`) set to `template`.
    public func settingPrompt(_ template: String) throws(PromptEditError) -> String {
        guard prompt.kind == .completion else {
            throw .invalidValue(file: file, field: "prompt", reason: "a chat prompt keeps its template in 'messages:'")
        }
        var expected = prompt
        expected.template = template
        return try verified(topLevelStringSplices("prompt", template), expecting: expected, field: "prompt")
    }

    /// The file with `name:` set (for "save as", with a new name for the copy).
    public func settingName(_ name: String) throws(PromptEditError) -> String {
        var expected = prompt
        expected.name = name
        return try verified(topLevelStringSplices("name", name), expecting: expected, field: "name")
    }

    /// The file with the chat messages set: contents and roles change in place; added, removed or moved
    /// messages rewrite only the `messages:` list, keeping each kept message's own text and comments.
    public func settingMessages(_ messages: [ChatMessage]) throws(PromptEditError) -> String {
        guard prompt.kind == .chat else {
            throw .invalidValue(
                file: file, field: "messages", reason: "a completion prompt keeps its template in 'prompt:'")
        }
        guard !messages.isEmpty else {
            throw .invalidValue(file: file, field: "messages", reason: "a chat prompt needs at least one message")
        }
        for (index, message) in messages.enumerated() where !PromptFileParser.roles.contains(message.role) {
            throw .invalidValue(
                file: file, field: "messages[\(index)].role",
                reason: "expected system, developer, user, assistant or tool, got '\(message.role)'")
        }
        var expected = prompt
        expected.messages = messages.map { MessageTemplate(role: $0.role, content: $0.content) }
        return try verified(messagesSplices(messages), expecting: expected, field: "messages")
    }

    /// The file with these variables' `default:` set ("save the current values as defaults"); other variables
    /// keep theirs. A variable not declared yet, or a missing `variables:` block, is added.
    public func settingVariableDefaults(_ values: [String: JSONValue]) throws(PromptEditError) -> String {
        var expected = prompt
        for name in values.keys.sorted() {
            if let index = expected.variables.firstIndex(where: { $0.name == name }) {
                expected.variables[index].defaultValue = values[name]
            } else {
                expected.variables.append(VariableSpec(name: name, defaultValue: values[name]))
            }
        }
        return try verified(variableDefaultSplices(values), expecting: expected, field: "variables")
    }

    /// The file with `parameters:` set to exactly `values` ("save the current parameters into the prompt"):
    /// changed values are spliced, new keys added after the last one, keys not in `values` removed.
    public func settingParameters(_ values: [String: JSONValue]) throws(PromptEditError) -> String {
        var expected = prompt
        expected.parameters = values
        return try verified(parameterSplices(values), expecting: expected, field: "parameters")
    }

    // MARK: - Checking the result

    /// Applies `splices`, then reads the text back and compares it with `expected`, fields' positions aside.
    func verified(_ splices: [Splice], expecting expected: Prompt, field: String) throws(PromptEditError) -> String {
        let bytes = try applying(splices, to: 0..<source.bytes.count)
        let text = (byteOrderMark ? "\u{FEFF}" : "") + String(decoding: bytes, as: UTF8.self)
        let result = PromptFileParser.parse(text, id: prompt.id, file: file)
        guard let reread = result.prompt else {
            let reason = result.errors.first.map { $0.description } ?? "it does not parse"
            throw .verificationFailed(file: file, field: field, reason: reason)
        }
        if let difference = Self.difference(Self.comparable(reread), Self.comparable(expected)) {
            throw .verificationFailed(file: file, field: field, reason: "\(difference) would differ")
        }
        return text
    }

    /// The prompt without what a save is expected to move: positions and the file text.
    static func comparable(_ prompt: Prompt) -> Prompt {
        var prompt = prompt
        prompt.sourceText = ""
        prompt.templateLine = 1
        prompt.templateColumn = 1
        prompt.messages = prompt.messages.map { MessageTemplate(role: $0.role, content: $0.content) }
        return prompt
    }

    /// The name of the first field that differs, if any.
    static func difference(_ lhs: Prompt, _ rhs: Prompt) -> String? {
        let checks: [(String, Bool)] = [
            ("name", lhs.name == rhs.name), ("description", lhs.description == rhs.description),
            ("kind", lhs.kind == rhs.kind), ("model", lhs.model == rhs.model), ("profile", lhs.profile == rhs.profile),
            ("prompt", lhs.template == rhs.template), ("messages", lhs.messages == rhs.messages),
            ("variables", lhs.variables == rhs.variables), ("parameters", lhs.parameters == rhs.parameters),
            ("portkey", lhs.portkey == rhs.portkey), ("portkey_prompt_id", lhs.portkeyPromptID == rhs.portkeyPromptID),
            ("html_escape", lhs.htmlEscape == rhs.htmlEscape),
        ]
        if let (name, _) = checks.first(where: { !$0.1 }) { return "field '\(name)'" }
        return lhs == rhs ? nil : "the prompt"
    }

    func refusal(at offset: Int, field: String, _ reason: String) -> PromptEditError {
        let position = source.position(of: min(offset, source.bytes.count))
        return .unsplicable(file: file, line: position.line, column: position.column, field: field, reason: reason)
    }
}

/// One change to the text: the bytes in `range` become `text`, where `\n` stands for the file's line ending
/// unless the text is `verbatim` (already in the file's line endings, as when kept text moves).
struct Splice {
    var range: Range<Int>
    var text: String
    var verbatim = false

    init(_ range: Range<Int>, _ text: String, verbatim: Bool = false) {
        self.range = range
        self.text = text
        self.verbatim = verbatim
    }
}

extension PromptFileEditor {
    /// The bytes of `range` with `splices` (those inside it) applied, in the file's line ending.
    func applying(_ splices: [Splice], to range: Range<Int>) throws(PromptEditError) -> [UInt8] {
        let ordered = splices.enumerated().sorted {
            ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset)
        }
        var out: [UInt8] = []
        var cursor = range.lowerBound
        for (_, splice) in ordered
        where range.contains(splice.range.lowerBound) || splice.range.lowerBound == range.upperBound {
            guard splice.range.lowerBound >= cursor, splice.range.upperBound <= range.upperBound else {
                throw refusal(at: splice.range.lowerBound, field: "(file)", "two edits overlap here")
            }
            out += source.bytes[cursor..<splice.range.lowerBound]
            out += Array((splice.verbatim ? splice.text : inFileLineEnds(splice.text)).utf8)
            cursor = splice.range.upperBound
        }
        out += source.bytes[cursor..<range.upperBound]
        return out
    }

    /// Generated text (with `\n`) in the file's line ending.
    func inFileLineEnds(_ text: String) -> String {
        source.lineBreak == "\n" ? text : text.replacingOccurrences(of: "\n", with: source.lineBreak)
    }
}
