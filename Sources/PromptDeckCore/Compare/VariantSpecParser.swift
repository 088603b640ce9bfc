import Foundation

/// Parses `--variant 'temperature=1 model=m'` and `--sweep temperature=0,0.5,1` (ranges: `seed=1..4`)
/// and expands them, with `--repeat`, into the list of variants. Values parse like `--set`.
public enum VariantSpecParser {
    /// A comparison this large is almost certainly a typo in a range.
    public static let maximumRuns = 256

    /// Parses one `--variant` text: space-separated `key=value` pairs (quotes and brackets group).
    public static func parseVariant(_ text: String, origin: String) throws(Diagnostic) -> VariantSpec {
        var assignments: [VariantAssignment] = []
        for token in split(text, separators: [" ", "\t", "\n"]) {
            let assignment = try parseAssignment(token, origin: origin)
            if assignments.contains(where: { $0.key == assignment.key }) {
                throw Diagnostic(file: origin, field: assignment.key, message: "is given twice")
            }
            assignments.append(assignment)
        }
        return VariantSpec(assignments: assignments, origin: origin)
    }

    /// Parses one `--sweep key=v1,v2,...`; an integer range `a..b` stands for every integer in it.
    public static func parseSweep(_ text: String, origin: String) throws(Diagnostic) -> SweepAxis {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let equals = trimmed.firstIndex(of: "="), equals != trimmed.startIndex else {
            throw Diagnostic(file: origin, message: "expected key=value1,value2,..., got '\(text)'")
        }
        let key = String(trimmed[..<equals]).trimmingCharacters(in: .whitespaces)
        try checkKey(key, origin: origin)
        var values: [VariantAssignment] = []
        for item in split(String(trimmed[trimmed.index(after: equals)...]), separators: [","], keepEmpty: true) {
            let item = item.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else {
                throw Diagnostic(file: origin, field: key, message: "has an empty value in its list")
            }
            if let range = try integerRange(item, key: key, origin: origin) {
                values += range.map { VariantAssignment(key: key, value: .int($0), text: String($0)) }
            } else {
                values.append(assignment(key: key, text: item))
            }
        }
        guard !values.isEmpty else { throw Diagnostic(file: origin, field: key, message: "has no values") }
        return SweepAxis(key: key, values: values, origin: origin)
    }

    /// Every variant: each `--variant` (or one empty one) × the grid of sweeps (the first sweep varies
    /// slowest), each run `repeatCount` times in a row. Later assignments win (a sweep over a variant's key).
    public static func expand(
        variants: [VariantSpec], sweeps: [SweepAxis], repeatCount: Int = 1
    ) throws(Diagnostic) -> [ComparisonVariant] {
        var seen: [String: String] = [:]
        for axis in sweeps {
            if let earlier = seen[axis.key] {
                throw Diagnostic(file: axis.origin, field: axis.key, message: "is already swept by \(earlier)")
            }
            seen[axis.key] = axis.origin
        }
        let bases = variants.isEmpty ? [VariantSpec(assignments: [], origin: "")] : variants
        let gridSize = sweeps.reduce(1) { $0 * $1.values.count }
        let total = bases.count * gridSize * max(1, repeatCount)
        guard total <= maximumRuns else {
            throw Diagnostic(
                file: sweeps.last?.origin ?? variants.last?.origin ?? "--repeat",
                message: "this comparison would make \(total) runs (at most \(maximumRuns))")
        }
        var combinations: [[(VariantAssignment, String)]] = [[]]
        for axis in sweeps {
            combinations = combinations.flatMap { prefix in axis.values.map { prefix + [($0, axis.origin)] } }
        }
        var result: [ComparisonVariant] = []
        var number = 0
        for base in bases {
            for combination in combinations {
                number += 1
                let assignments = base.assignments.map { ($0, base.origin) } + combination
                for repetition in 1...max(1, repeatCount) {
                    var variant = ComparisonVariant(
                        position: result.count, number: number, repetition: repetition, repeatCount: max(1, repeatCount)
                    )
                    for (assignment, origin) in assignments { apply(assignment, origin: origin, to: &variant) }
                    variant.specText = Self.specText(assignments.map(\.0))
                    result.append(variant)
                }
            }
        }
        return result
    }

    /// `temperature=0.5 model=m`, later assignments to a key replacing earlier ones in place.
    static func specText(_ assignments: [VariantAssignment]) -> String {
        var ordered: [VariantAssignment] = []
        for assignment in assignments {
            if let index = ordered.firstIndex(where: { $0.key == assignment.key }) {
                ordered[index] = assignment
            } else {
                ordered.append(assignment)
            }
        }
        return ordered.map { "\($0.key)=\($0.text)" }.joined(separator: " ")
    }

    private static func apply(_ assignment: VariantAssignment, origin: String, to variant: inout ComparisonVariant) {
        variant.origins[assignment.key] = origin
        switch assignment.key {
        case "model": variant.model = assignment.value.stringValue ?? assignment.text
        case "profile": variant.profileName = assignment.value.stringValue ?? assignment.text
        case "version": variant.version = PromptVersionSelector(assignment.value.stringValue ?? assignment.text)
        default: variant.overrides[assignment.key] = assignment.value
        }
    }

    private static func parseAssignment(_ token: String, origin: String) throws(Diagnostic) -> VariantAssignment {
        guard let equals = token.firstIndex(of: "="), equals != token.startIndex else {
            throw Diagnostic(file: origin, message: "expected key=value, got '\(token)'")
        }
        let key = String(token[..<equals])
        try checkKey(key, origin: origin)
        return assignment(key: key, text: String(token[token.index(after: equals)...]))
    }

    private static func checkKey(_ key: String, origin: String) throws(Diagnostic) {
        let allowed = key.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        guard !key.isEmpty, allowed else {
            throw Diagnostic(file: origin, message: "'\(key)' is not a parameter name")
        }
    }

    /// `'text'` is a string as written; `model`/`profile` take the text; anything else parses like `--set`.
    private static func assignment(key: String, text: String) -> VariantAssignment {
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            let inner = String(text.dropFirst().dropLast())
            return VariantAssignment(key: key, value: .string(inner), text: text)
        }
        if VariantAssignment.specialKeys.contains(key) {
            let value = KeyValueArgument.parameterValue(text).stringValue ?? text
            return VariantAssignment(key: key, value: .string(value), text: text)
        }
        return VariantAssignment(key: key, value: KeyValueArgument.parameterValue(text), text: text)
    }

    /// `1..4` as integers, or nil when the item is not a range.
    private static func integerRange(_ item: String, key: String, origin: String) throws(Diagnostic) -> [Int]? {
        guard let dots = item.range(of: "..") else { return nil }
        guard let low = Int(item[..<dots.lowerBound].trimmingCharacters(in: .whitespaces)),
            let high = Int(item[dots.upperBound...].trimmingCharacters(in: .whitespaces))
        else { return nil }
        guard low <= high else {
            throw Diagnostic(
                file: origin, field: key, message: "range \(item) is empty (write the smaller number first)")
        }
        guard high - low < maximumRuns else {
            throw Diagnostic(file: origin, field: key, message: "range \(item) has more than \(maximumRuns) values")
        }
        return Array(low...high)
    }

    /// Splits at separators outside quotes and brackets; drops empty pieces unless `keepEmpty`.
    static func split(_ text: String, separators: Set<Character>, keepEmpty: Bool = false) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quote: Character?
        var depth = 0
        var escaped = false
        for character in text {
            if let open = quote {
                current.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else if character == open {
                    quote = nil
                }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "[", "{": depth += 1
            case "]", "}": depth = max(0, depth - 1)
            default:
                if depth == 0 && separators.contains(character) {
                    if keepEmpty || !current.isEmpty { pieces.append(current) }
                    current = ""
                    continue
                }
            }
            current.append(character)
        }
        if keepEmpty || !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
