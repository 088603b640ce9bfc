import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs checks on a finished run. Pure apart from `command:` checks, which start a shell (and may take up
/// to their timeout): call it off the key thread.
public enum CheckRunner {
    /// Every check on every choice of `record` (run-wide checks such as `max_latency_ms` once), in check
    /// order. `{{name}}` in check values is filled from `variables` (the run's own when empty).
    public static func evaluate(
        checks: [CheckSpec], record: RunRecord, variables: [String: JSONValue] = [:]
    ) -> [CheckResult] {
        guard !checks.isEmpty else { return [] }
        let values = variables.isEmpty ? (record.variables.objectValue ?? [:]) : variables
        if record.status != .ok {
            let reason = "the run ended \(record.status.rawValue)" + (record.errorMessage.map { ": \($0)" } ?? "")
            return checks.map { CheckResult(name: $0.label, kind: $0.kind.key, status: .failed, message: reason) }
        }
        let choices = record.outputs.isEmpty ? [0] : record.outputs.keys.sorted()
        var parsed: [Int: Result<JSONValue, JSONParseError>] = [:]
        func json(_ choice: Int) -> Result<JSONValue, JSONParseError> {
            if let known = parsed[choice] { return known }
            let text = record.outputs[choice] ?? ""
            let result = Result { () throws(JSONParseError) in try JSONValue.parse(text) }
            parsed[choice] = result
            return result
        }
        var results: [CheckResult] = []
        for check in checks {
            if !check.kind.isPerChoice {
                results.append(evaluateRunWide(check, record: record))
                continue
            }
            for choice in choices {
                let output = record.outputs[choice] ?? ""
                var result = evaluate(
                    check, output: output, json: { json(choice) }, record: record, choice: choice, variables: values)
                result.choice = choice
                results.append(result)
            }
        }
        return results
    }

    static func evaluate(
        _ check: CheckSpec, output: String, json: () -> Result<JSONValue, JSONParseError>, record: RunRecord,
        choice: Int, variables: [String: JSONValue]
    ) -> CheckResult {
        func fill(_ text: String) -> String { CheckTemplate.fill(text, variables: variables) }
        func result(_ passed: Bool, _ message: @autoclosure () -> String) -> CheckResult {
            CheckResult(
                name: check.label, kind: check.kind.key, choice: choice, status: passed ? .passed : .failed,
                message: passed ? nil : message())
        }
        func fold(_ text: String, _ ignoreCase: Bool) -> String { ignoreCase ? text.lowercased() : text }
        switch check.kind {
        case .contains(let texts, let ignoreCase):
            let haystack = fold(output, ignoreCase)
            let missing = texts.map(fill).filter { !contains(haystack, fold($0, ignoreCase)) }
            return result(missing.isEmpty, "missing " + missing.map { quote($0) }.joined(separator: ", "))
        case .notContains(let texts, let ignoreCase):
            let haystack = fold(output, ignoreCase)
            let found = texts.map(fill).filter { !$0.isEmpty && contains(haystack, fold($0, ignoreCase)) }
            return result(found.isEmpty, "contains " + found.map { quote($0) }.joined(separator: ", "))
        case .equals(let text, let ignoreCase):
            let expected = fill(text)
            let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return result(
                fold(trimmed, ignoreCase) == fold(expected.trimmingCharacters(in: .whitespacesAndNewlines), ignoreCase),
                "expected \(quote(expected)), got \(quote(trimmed))")
        case .startsWith(let text, let ignoreCase):
            let expected = fill(text)
            let trimmed = String(output.drop { $0.isWhitespace })
            return result(
                fold(trimmed, ignoreCase).hasPrefix(fold(expected, ignoreCase)),
                "expected it to start with \(quote(expected)), it starts with \(quote(String(trimmed.prefix(expected.count + 10))))"
            )
        case .regex(let pattern, let ignoreCase):
            let filled = fill(pattern)
            guard let regex = try? NSRegularExpression(pattern: filled, options: ignoreCase ? [.caseInsensitive] : [])
            else { return result(false, "not a valid regular expression once filled: /\(filled)/") }
            let range = NSRange(output.startIndex..., in: output)
            return result(regex.firstMatch(in: output, range: range) != nil, "no match for /\(filled)/")
        case .isJSON:
            switch json() {
            case .success: return result(true, "")
            case .failure(let error): return result(false, "not JSON: \(error.description)" + fenceHint(output))
            }
        case .jsonSchema(let schema):
            switch json() {
            case .failure(let error): return result(false, "not JSON: \(error.description)" + fenceHint(output))
            case .success(let value):
                let violations = schema.validate(value)
                let shown = violations.prefix(5).map(\.description).joined(separator: "; ")
                let more = violations.count > 5 ? " (and \(violations.count - 5) more)" : ""
                return result(violations.isEmpty, shown + more)
            }
        case .maxLength(let limit, let unit):
            let length = unit == .words ? Self.wordCount(output) : output.count
            return result(length <= limit, "\(length) \(unit.rawValue), more than \(limit)")
        case .command(let command, let timeout):
            guard check.origin.mayRunCommands else {
                return CheckResult(
                    name: check.label, kind: check.kind.key, choice: choice, status: .skipped,
                    message:
                        "not run: command checks run only from your own prompt files, not from \(check.origin == .history ? "history" : "a dataset")"
                )
            }
            let outcome = CommandCheck.run(
                command, input: output, runJSON: CommandCheck.runJSON(record, choice: choice, variables: variables),
                timeoutSeconds: timeout)
            return result(outcome.passed, outcome.message)
        case .maxTokens, .maxLatencyMs:
            return evaluateRunWide(check, record: record)
        }
    }

    static func evaluateRunWide(_ check: CheckSpec, record: RunRecord) -> CheckResult {
        switch check.kind {
        case .maxTokens(let limit):
            guard let tokens = record.completionTokens else {
                return CheckResult(
                    name: check.label, kind: check.kind.key, status: .skipped,
                    message: "no token count: the server reported no usage")
            }
            let mark = record.tokensEstimated ? "~" : ""
            return CheckResult(
                name: check.label, kind: check.kind.key, status: tokens <= limit ? .passed : .failed,
                message: tokens <= limit ? nil : "\(mark)\(tokens) completion tokens, more than \(limit)")
        case .maxLatencyMs(let limit):
            guard let duration = record.durationMs else {
                return CheckResult(
                    name: check.label, kind: check.kind.key, status: .skipped, message: "no duration recorded")
            }
            return CheckResult(
                name: check.label, kind: check.kind.key, status: duration <= limit ? .passed : .failed,
                message: duration <= limit ? nil : "took \(duration) ms, more than \(limit) ms")
        default:
            return CheckResult(
                name: check.label, kind: check.kind.key, status: .skipped, message: "not a run-wide check")
        }
    }

    static func quote(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(59)) + "…" : text
        return JSONValue.string(shown).serialized()
    }

    /// Models often wrap JSON in a Markdown fence; say so, since the check is strict.
    static func fenceHint(_ output: String) -> String {
        output.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("```")
            ? " (the output is wrapped in a ``` fence: ask for bare JSON)" : ""
    }

    /// `haystack.contains(needle)` (Foundation's: Unicode-aware, and false for an empty needle). When both are
    /// ASCII without CR, where that search is a byte search, the bytes are searched (memchr, memcmp): a long reply is
    /// not converted to UTF-16 for it.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        func isPlainBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D }
        }
        var (haystack, needle) = (haystack, needle)
        let found = haystack.withUTF8 { hay in
            needle.withUTF8 { wanted -> Bool? in
                guard isPlainBytes(wanted), isPlainBytes(hay) else { return nil }
                return ByteSearch.contains(hay, wanted)
            }
        }
        return found ?? haystack.contains(needle)
    }

    /// `text.split(whereSeparator: \.isWhitespace).count`, without building the pieces: the words between
    /// runs of whitespace. ASCII text (a long reply, mostly) is counted by its bytes; a Character of ASCII is
    /// one byte or CR LF, and an ASCII Character is whitespace exactly when its bytes are 09-0D or 20.
    static func wordCount(_ text: String) -> Int {
        var text = text
        let ascii = text.withUTF8 { bytes -> Int? in
            guard ChunkDecoder.Scanner.isASCII(bytes) else { return nil }
            return words(in: bytes) { $0 == 0x20 || (0x09...0x0D).contains($0) }
        }
        return ascii ?? words(in: text, separatedBy: \.isWhitespace)
    }

    /// How many runs of elements that are not `isSeparator` there are.
    private static func words<Elements: Sequence>(
        in elements: Elements, separatedBy isSeparator: (Elements.Element) -> Bool
    ) -> Int {
        var words = 0
        var inWord = false
        for element in elements {
            let separator = isSeparator(element)
            if !separator && !inWord { words += 1 }
            inWord = !separator
        }
        return words
    }
}

/// Fills `{{name}}` (and `{{{name}}}`, `{{ a.b }}`) in check values from a run's variables. Unknown names
/// stay as written, so a check never silently tests for the empty text.
enum CheckTemplate {
    static func fill(_ text: String, variables: [String: JSONValue]) -> String {
        guard text.contains("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            let closing = triple ? "}}}" : "}}"
            let nameStart = triple ? afterOpen.index(after: afterOpen.startIndex) : afterOpen.startIndex
            guard let close = afterOpen[nameStart...].range(of: closing) else {
                out += rest[open.lowerBound...]
                return out
            }
            let name = afterOpen[nameStart..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let value = lookup(name, in: variables) {
                out += value
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = afterOpen[close.upperBound...]
        }
        return out + rest
    }

    static func lookup(_ name: String, in variables: [String: JSONValue]) -> String? {
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first, var value = variables[first] else { return nil }
        for part in parts.dropFirst() {
            guard let next = value[part] else { return nil }
            value = next
        }
        switch value {
        case .string(let s): return s
        case .null: return ""
        default: return value.serialized()
        }
    }
}
