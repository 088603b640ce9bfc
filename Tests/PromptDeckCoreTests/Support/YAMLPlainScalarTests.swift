import Testing
import Yams

@testable import PromptDeckCore

/// `YAMLSupport.compose` tags plain scalars by hand instead of through Yams' regular expressions. A user
/// would notice a difference as a config or prompt value read as the wrong type (`temperature: 0.7` taken
/// as text, `stream: yes` no longer a bool), so every answer is checked against `Resolver.default` itself.
@Suite("YAML plain scalar tags")
struct YAMLPlainScalarTests {
    static func yamsTag(_ text: String) -> String {
        Resolver.default.resolveTag(of: Node(text)).rawValue
    }

    static let written = [
        "", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "yes", "no", "On", "oFF", "y", "n",
        "0", "-0", "+0", "00", "07", "08", "0o17", "0o18", "0b101", "0b", "0b2", "0x1F", "0xg", "0x_", "1_000",
        "_1", "12", "-12", "+12", "1:30", "1:60", "1:5:59", "190:20:30", "0:30", "1:", "1::2", "1.5", "1.", ".5",
        "._", "-.5", "1e5", "1e+5", "1.5E-3", "1e", ".5e3", ".5e+3", "1:30.5", "1:30.", "-1:30.5", ".inf", "-.inf",
        "+.Inf", ".INF", ".iNf", ".nan", ".NaN", "-.nan", "<<", "<", "=", "==", "2026-12-02", "2026-1-2",
        "2026-12-02T10:20:30", "2026-12-02t10:20:30.5Z", "2026-12-02 10:20:30", "2026-12-2 \t1:20:30 +5",
        "2026-12-02T10:20:30-05:00", "2026-12-02T10:20:30 Z", "2026-12-02T10:20:30+05:0", "2026-12-02T10:20",
        "20261-12-02", "2026-123-02", "gpt-4o", "0.7", "1e400", "hello world", "é", "1\u{0660}", "١٢",
    ]

    @Test func writtenScalarsGetTheTagYamsGivesThem() {
        for text in Self.written {
            #expect(YAMLPlainScalar.tag(of: text).rawValue == Self.yamsTag(text), "\(text.debugDescription)")
        }
    }

    @Test func everyShortStringOverTheRulesAlphabetGetsTheTagYamsGivesIt() {
        let alphabet = Array("01569_-+.:eExbo ZTtaniNfly~<=")
        var mismatches: [String] = []
        func visit(_ prefix: String, depth: Int) {
            let ours = YAMLPlainScalar.tag(of: prefix).rawValue
            if ours != Self.yamsTag(prefix) { mismatches.append(prefix) }
            guard depth > 0 else { return }
            for c in alphabet { visit(prefix + String(c), depth: depth - 1) }
        }
        visit("", depth: 3)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func randomLongerStringsGetTheTagYamsGivesThem() {
        // Pieces that the rules are made of, so that long random strings hit the number and date shapes.
        let pieces = [
            "0", "1", "7", "9", "12", "59", "60", "2026", "_", "-", "+", ".", ":", "e", "E", "x", "b", "o", "T", " ",
            "Z", "inf", "nan", "\t", "a",
        ]
        var generator = SystemRandomNumberGenerator()
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...9, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            if YAMLPlainScalar.tag(of: text).rawValue != Self.yamsTag(text) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// Each value in a document: the tag our compose gives it against the one `Yams.compose` gives it.
    @Test func aDocumentsValuesKeepTheirTypesAndTheirKeysStillLookUp() throws {
        let yaml = """
            model: gpt-4o
            temperature: 0.7
            max_tokens: 0x100
            stream: yes
            stop: ~
            quoted: "true"
            single: '12'
            explicit: !!str 12
            forced: !!bool "yes"
            block: |
              1.5
            list: [1, two, 3.0, off, "null", 2026-12-02]
            nested:
              - when: 1:30
                anchor: &a 5
              - again: *a
            """
        let ours = try #require(try YAMLSupport.compose(yaml: yaml))
        let theirs = try #require(try Yams.compose(yaml: yaml))
        func pairs(_ a: Node, _ b: Node, path: String) {
            switch (a, b) {
            case (.scalar, .scalar):
                #expect(a.tag.description == b.tag.description, "\(path)")
                #expect(a.string == b.string, "\(path)")
            case (.mapping(let x), .mapping(let y)):
                #expect(Array(x.keys.map(\.string)) == Array(y.keys.map(\.string)), "\(path)")
                for (key, value) in x {
                    let name = key.string ?? ""
                    guard let other = y[name] else {
                        Issue.record("\(path).\(name) not found by key")
                        continue
                    }
                    #expect(x[name] != nil, "\(path).\(name) is found by its key")
                    pairs(value, other, path: path + "." + name)
                }
            case (.sequence(let x), .sequence(let y)):
                #expect(x.count == y.count, "\(path)")
                for (i, (p, q)) in zip(x, y).enumerated() { pairs(p, q, path: "\(path)[\(i)]") }
            default:
                Issue.record("\(path): \(a) against \(b)")
            }
        }
        pairs(ours, theirs, path: "")
        #expect(YAMLSupport.json(from: ours) == YAMLSupport.json(from: theirs))
        #expect(ours.mapping?["stream"]?.bool == true)
        #expect(ours.mapping?["quoted"]?.bool == nil)
        #expect(ours.mapping?["forced"]?.bool == true)
    }
}
