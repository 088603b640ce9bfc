import Foundation
import Testing

@testable import PromptDeckCore

/// Every check kind on a finished run, as a user's prompt file would write it.
@Suite("Checks")
struct CheckRunnerTests {
    static func record(
        _ output: String, choices: [String]? = nil, status: RunStatus = .ok, completionTokens: Int? = 5,
        durationMs: Int? = 120, variables: [String: JSONValue] = [:]
    ) -> RunRecord {
        var record = RunRecord(
            id: "1m8test000000", promptID: "city", promptName: "city", templateSource: "", renderedPrompt: "p",
            kind: "completion", profileName: "local", endpointURL: "http://x/v1/completions", model: "test-model",
            variables: .object(variables), requestBody: "{}", streamed: true, status: status)
        for (index, text) in (choices ?? [output]).enumerated() { record.outputs[index] = text }
        record.usage = completionTokens.map { Usage(promptTokens: 3, completionTokens: $0, totalTokens: 3 + $0) }
        record.durationMs = durationMs
        return record
    }

    /// Parses one check from YAML as a prompt file's `checks:` item.
    static func check(_ yaml: String, origin: CheckOrigin = .promptFile) throws -> CheckSpec {
        let node = try #require(try YAMLSupport.compose("- " + yaml, file: "t.yaml"))
        let parsed = CheckParser.parse(node: node, file: "t.yaml", origin: origin)
        #expect(parsed.errors.isEmpty, "\(parsed.errors)")
        return try #require(parsed.checks.first)
    }

    static func run(_ yaml: String, on record: RunRecord, variables: [String: JSONValue] = [:]) throws -> [CheckResult]
    {
        CheckRunner.evaluate(checks: [try check(yaml)], record: record, variables: variables)
    }

    @Test(arguments: [
        ("contains: Paris", "Paris is lovely", true),
        ("contains: paris", "Paris is lovely", false),
        ("{contains: paris, ignore_case: true}", "Paris is lovely", true),
        ("contains: [Paris, lovely]", "Paris is lovely", true),
        ("contains: [Paris, Rome]", "Paris is lovely", false),
        ("not_contains: Rome", "Paris is lovely", true),
        ("not_contains: [Rome, lovely]", "Paris is lovely", false),
        ("{not_contains: PARIS, ignore_case: true}", "Paris is lovely", false),
        ("equals: yes", "  yes\n", true),
        ("equals: yes", "yes.", false),
        ("{equals: YES, ignore_case: true}", "yes", true),
        ("starts_with: '{'", "  {\"a\": 1}", true),
        ("starts_with: Sure", "Of course", false),
        ("regex: '^\\d{3}-\\d{4}$'", "555-1234", true),
        ("regex: '^\\d+$'", "12a", false),
        ("is_json: true", "{\"a\": [1, 2]}", true),
        ("is_json: true", "{\"a\": }", false),
        ("max_length: 10", "0123456789", true),
        ("max_length: 9", "0123456789", false),
        ("max_length: {words: 3}", "one two three", true),
        ("{max_length: 2, unit: words}", "one two three", false),
    ])
    func textChecks(yaml: String, output: String, passes: Bool) throws {
        let results = try Self.run(yaml, on: Self.record(output))
        #expect(results.count == 1)
        #expect(results.first?.passed == passes, "\(results)")
        if !passes { #expect(results.first?.message?.isEmpty == false) }
    }

    @Test func failureMessagesSayWhatWasWrong() throws {
        let missing = try Self.run("contains: [Paris, Rome]", on: Self.record("Paris"))
        #expect(missing.first?.message == #"missing "Rome""#)
        let equals = try Self.run("equals: 'no'", on: Self.record("yes"))
        #expect(equals.first?.message == #"expected "no", got "yes""#)
        let fenced = try Self.run("is_json: true", on: Self.record("```json\n{}\n```"))
        #expect(fenced.first?.message?.contains("wrapped in a ``` fence") == true)
        let long = try Self.run("max_length: {words: 2}", on: Self.record("a b c"))
        #expect(long.first?.message == "3 words, more than 2")
    }

    @Test func jsonSchemaNamesThePointerOfEachViolation() throws {
        let yaml = """
            json_schema:
                type: object
                required: [name, age]
                additionalProperties: false
                properties:
                  name: {type: string, minLength: 2}
                  age: {type: integer, minimum: 0}
                  tags: {type: array, items: {enum: [a, b]}, maxItems: 2}
            """
        let good = try Self.run(yaml, on: Self.record(#"{"name": "Ada", "age": 36, "tags": ["a"]}"#))
        #expect(good.first?.passed == true)
        let bad = try Self.run(yaml, on: Self.record(#"{"name": "A", "age": "thirty", "tags": ["c"], "x": 1}"#))
        let message = try #require(bad.first?.message)
        #expect(message.contains(#"/age: expected integer, got string "thirty""#), "\(message)")
        #expect(message.contains("/name: 1 characters, fewer than 2"))
        #expect(message.contains(#"/tags/0: expected one of "a", "b", got string "c""#))
        #expect(message.contains("/x: property 'x' is not allowed"))
        let missing = try Self.run(yaml, on: Self.record(#"{"name": "Ada"}"#))
        #expect(missing.first?.message == "(root): missing required property 'age'")
        let notJSON = try Self.run(yaml, on: Self.record("nope"))
        #expect(notJSON.first?.message?.hasPrefix("not JSON") == true)
    }

    @Test func schemaKeywordsOutsideTheSubsetAreRefusedWhenRead() throws {
        let node = try #require(try YAMLSupport.compose("- json_schema: {type: object, oneOf: []}", file: "t.yaml"))
        let parsed = CheckParser.parse(node: node, file: "t.yaml", origin: .promptFile)
        #expect(parsed.checks.isEmpty)
        #expect(parsed.errors.first?.message.contains("/oneOf: 'oneOf' is not supported") == true)
        #expect(parsed.errors.first?.line == 1)
    }

    @Test func tokenAndLatencyChecksLookAtTheWholeRun() throws {
        let record = Self.record("x", choices: ["a", "b"], completionTokens: 12, durationMs: 900)
        let tokens = try Self.run("max_tokens: 10", on: record)
        #expect(tokens.count == 1)
        #expect(tokens.first?.message == "12 completion tokens, more than 10")
        #expect(try Self.run("max_latency_ms: 1000", on: record).first?.passed == true)
        #expect(try Self.run("max_latency_ms: 500", on: record).first?.message == "took 900 ms, more than 500 ms")
        let unknown = try Self.run("max_tokens: 10", on: Self.record("x", completionTokens: nil))
        #expect(unknown.first?.status == .skipped)
    }

    @Test func everyChoiceIsChecked() throws {
        let results = try Self.run("contains: Paris", on: Self.record("", choices: ["Paris", "Rome"]))
        #expect(results.map(\.choice) == [0, 1])
        #expect(results.map(\.passed) == [true, false])
        #expect(CheckTally(results).badge == "✖ 1/2 checks")
    }

    @Test func variablesFillCheckValues() throws {
        let record = Self.record("I love Lyon", variables: ["city": "Lyon"])
        #expect(try Self.run("contains: '{{city}}'", on: record).first?.passed == true)
        #expect(try Self.run("contains: '{{ city }}'", on: record, variables: ["city": "Nice"]).first?.passed == false)
        // An unknown name stays as written: never a test for the empty text.
        #expect(try Self.run("contains: '{{town}}'", on: record).first?.message == #"missing "{{town}}""#)
    }

    @Test func aRunThatFailedFailsEveryCheck() throws {
        var record = Self.record("", status: .error)
        record.errorMessage = "HTTP 500"
        let results = CheckRunner.evaluate(
            checks: [try Self.check("contains: a"), try Self.check("max_tokens: 3")], record: record)
        #expect(results.map(\.status) == [.failed, .failed])
        #expect(results.first?.message == "the run ended error: HTTP 500")
    }

    @Test func commandGetsTheOutputAndTheRunAndReportsItsStderr() throws {
        let record = Self.record("hello world", variables: ["city": "Paris"])
        let pass = try Self.run(
            #"command: 'grep -q hello && test "$(printf %s "$PROMPTDECK_RUN" | grep -c Paris)" = 1'"#, on: record)
        #expect(pass.first?.passed == true, "\(pass)")
        // A command that never reads its stdin is fine too.
        let unread = try Self.run("command: 'true'", on: Self.record(String(repeating: "x", count: 200_000)))
        #expect(unread.first?.passed == true, "\(unread)")
        let fail = try Self.run("command: 'echo too rude >&2; exit 3'", on: record)
        #expect(fail.first?.passed == false)
        #expect(fail.first?.message == "exit 3: too rude")
    }

    @Test func commandIsStoppedAtItsTimeout() throws {
        let started = ContinuousClock.now
        let results = try Self.run("{command: 'sleep 30', timeout: 0.5}", on: Self.record("x"))
        #expect(results.first?.message == "timed out after 0.5 s")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func commandChecksNeverRunFromHistoryOrADataset() throws {
        let marker = NSTemporaryDirectory() + "pd-command-\(UUID().uuidString)"
        let check = try Self.check("command: 'touch \(marker)'").fromHistory
        let results = CheckRunner.evaluate(checks: [check], record: Self.record("x"))
        #expect(results.first?.status == .skipped)
        #expect(results.first?.message?.contains("not from history") == true)
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(throws: CheckParseError.self) {
            try CheckParser.parse(.object(["command": .string("touch \(marker)")]), origin: .dataset)
        }
    }

    @Test func badChecksAreNamedWithTheirLine() throws {
        let yaml = """
            - contains: a
            - contans: b
            - {contains: a, equals: b}
            - regex: '('
            - max_length: -1
            - {equals: a, timeout: 3}
            """
        let node = try #require(try YAMLSupport.compose(yaml, file: "p.yaml"))
        let parsed = CheckParser.parse(node: node, file: "p.yaml", origin: .promptFile)
        #expect(parsed.checks.count == 1)
        #expect(parsed.errors.map(\.line) == [2, 3, 4, 5, 6])
        #expect(parsed.errors[0].message == "unknown key 'contans'; did you mean 'contains'?")
        #expect(parsed.errors[1].message.hasPrefix("one kind per check"))
        #expect(parsed.errors[2].field == "checks[3].regex")
    }

    @Test func aPromptFileCarriesChecksAndADataset() throws {
        let text = """
            kind: completion
            prompt: "About {{city}}"
            dataset: cities.csv
            checks:
              - name: mentions the city
                contains: "{{city}}"
              - max_tokens: 50
            """
        let result = PromptFileParser.parse(text, id: "city", file: "city.yaml")
        let prompt = try #require(result.prompt, "\(result.errors)")
        #expect(result.warnings.isEmpty)
        #expect(prompt.dataset == "cities.csv")
        #expect(prompt.checks.map(\.label) == ["mentions the city", "max_tokens 50"])
        let broken = PromptFileParser.parse(text + "\n  - contains: []\n", id: "city", file: "city.yaml")
        #expect(
            broken.errors.first?.description
                == "city.yaml:8:15: field 'checks[2].contains': expected text or a list of texts, got an empty list")
    }

    /// `max_length` in words counts as splitting at whitespace does, on ASCII (by bytes) and beyond.
    @Test(arguments: [
        "", " ", "one", " two  words ", "a\tb\nc\r\nd\u{0B}e\u{0C}f", "\r\n\r\n", "x\r", "東京 は\u{3000}大きい",
        "non\u{A0}breaking", "café au lait", String(repeating: "word ", count: 1000) + "end",
    ])
    func wordCountMatchesSplittingAtWhitespace(text: String) {
        #expect(CheckRunner.wordCount(text) == text.split(whereSeparator: \.isWhitespace).count)
    }

    /// Every ASCII byte between words, alone and doubled, and at either end, counts as splitting does.
    @Test func wordCountOfEveryASCIISeparatorMatchesSplitting() {
        for value in UInt8(0)..<0x80 {
            let c = String(decoding: [value], as: UTF8.self)
            for text in ["x\(c)y", "x\(c)\(c)y", "\(c)x", "x\(c)", c, "ab\(c)\r\n\(c)cd é"] {
                #expect(CheckRunner.wordCount(text) == text.split(whereSeparator: \.isWhitespace).count, "\(value)")
            }
        }
    }

    /// `contains` checks search a long ASCII reply's bytes; they must answer as Foundation's search does,
    /// ASCII or not (combining marks, CR LF, an empty needle).
    @Test(arguments: [
        ("the quick brown fox", "brown"), ("the quick brown fox", "Brown"), ("abc", ""), ("", "a"), ("abc", "abcd"),
        ("line\r\nnext", "\n"), ("line\r\nnext", "line\r"), ("cafe\u{301}", "cafe"), ("café", "cafe"),
        ("naïve", "ï"), ("a\tb", "\t"), (String(repeating: "tok ", count: 5000) + "end", "tok end"),
    ])
    func containsAnswersAsFoundationDoes(haystack: String, needle: String) {
        #expect(CheckRunner.contains(haystack, needle) == haystack.contains(needle))
    }
}
