import Foundation
import Testing

@testable import PromptDeckCore

/// The dataset readers: CSV (RFC 4180), JSONL and YAML lists, with bad rows kept and named.
@Suite("Datasets")
struct DatasetTests {
    @Test func csvWithQuotesEmbeddedNewlinesABOMAndCRLF() throws {
        let text = "\u{FEFF}city,note\r\nParis,\"a, b\"\r\n\"New\r\nYork\",\"say \"\"hi\"\"\"\r\n\r\nRome,\r\n"
        let dataset = try Dataset.parse(text, format: .csv, file: "d.csv")
        #expect(
            dataset.rows.map(\.values) == [
                ["city": "Paris", "note": "a, b"], ["city": "New\nYork", "note": "say \"hi\""],
                ["city": "Rome", "note": ""],
            ])
        #expect(dataset.rows.map(\.line) == [2, 3, 6])
        #expect(dataset.rows[0].columns == ["city": 1, "note": 7])
        #expect(dataset.rows.allSatisfy { $0.problem == nil })
    }

    @Test func raggedRowsAreBadButTheOthersStay() throws {
        let dataset = try Dataset.parse("a,b\n1,2\n1,2,3\n4\n5,6", format: .csv, file: "d.csv")
        #expect(dataset.rows.count == 4)
        #expect(dataset.rows.map { $0.problem == nil } == [true, false, false, true])
        #expect(dataset.rows[1].problem?.description == "d.csv:3:5: 3 fields, but the header has 2 (a, b)")
        #expect(dataset.rows[2].problem?.line == 4)
    }

    @Test func anUnclosedQuoteNamesWhereItOpened() {
        #expect(throws: Diagnostic(file: "d.csv", line: 2, column: 3, message: "this quote is never closed")) {
            try Dataset.parse("a,b\n1,\"open\n3,4\n", format: .csv, file: "d.csv")
        }
    }

    @Test func expectedAndChecksColumns() throws {
        let text =
            "q,__expected,__checks\nhi,hello,\"[{\"\"contains\"\": \"\"l\"\"}]\"\nyo,,\nbad,,\"[{\"\"x\"\": 1}]\"\n"
        let dataset = try Dataset.parse(text, format: .csv, file: "d.csv")
        #expect(dataset.rows[0].values == ["q": "hi"])
        #expect(dataset.rows[0].checks.map(\.label) == ["expected", #"contains "l""#])
        #expect(dataset.rows[0].checks.allSatisfy { $0.origin == .dataset })
        #expect(dataset.rows[1].checks.isEmpty)
        #expect(dataset.rows[2].problem?.message.contains("unknown key 'x'") == true)
    }

    @Test func jsonlNamesTheLineAndColumnOfBadJSON() throws {
        let text =
            "{\"city\": \"Paris\", \"n\": 2}\n\n{\"city\": }\n[1]\n{\"city\": \"Rome\", \"__checks\": [{\"max_tokens\": 9}]}\r\n"
        let dataset = try Dataset.parse(text, format: .jsonl, file: "d.jsonl")
        #expect(dataset.rows.count == 4)
        #expect(dataset.rows[0].values == ["city": "Paris", "n": 2])
        #expect(dataset.rows[1].problem?.line == 3)
        #expect(dataset.rows[1].problem?.column == 10)
        #expect(dataset.rows[2].problem?.message == "expected a JSON object of variables")
        #expect(dataset.rows[3].checks.map(\.label) == ["max_tokens 9"])
    }

    @Test func yamlListWithChecks() throws {
        let text = """
            - city: Paris
              __expected: "yes"
            - city: Rome
              __checks:
                - contains: Rome
            - just text
            """
        let dataset = try Dataset.parse(text, format: .yaml, file: "d.yaml")
        #expect(dataset.rows.map(\.line) == [1, 3, 6])
        #expect(dataset.rows[0].checks.first?.kind == .equals("yes", ignoreCase: false))
        #expect(dataset.rows[1].checks.first?.kind == .contains(["Rome"], ignoreCase: false))
        #expect(dataset.rows[2].problem?.message == "expected a mapping of variable name to value")
    }

    @Test func theFormatComesFromTheExtension() throws {
        let file = NSTemporaryDirectory() + "pd-dataset-\(UUID().uuidString).txt"
        try "a\n1\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: Diagnostic.self) { try Dataset.load(file: file) }
        let csv = file.replacingOccurrences(of: ".txt", with: ".csv")
        try "a\n1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try Dataset.load(file: csv).rows.count == 1)
    }
}
