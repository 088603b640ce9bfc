import Testing

@testable import PromptDeckCore

@Suite("JSONValue")
struct JSONValueTests {
    @Test("parses every kind of value and serialises with sorted keys")
    func roundTrip() throws {
        let value = try JSONValue.parse(#"{"b": [1, 2.5, -3e2, true, false, null], "a": "x\ny \u00e9 \ud83c\udf89"}"#)
        #expect(value["a"] == .string("x\ny é 🎉"))
        #expect(value["b"] == [1, 2.5, -300, true, false, nil])
        #expect(value.serialized() == #"{"a":"x\ny é 🎉","b":[1,2.5,-300,true,false,null]}"#)
    }

    @Test("control characters are escaped so bodies stay valid JSON")
    func escapesControls() {
        #expect(JSONValue.string("a\u{1B}[31m\u{7}").serialized() == #""a\u001b[31m\u0007""#)
    }

    @Test(
        "errors carry line and column",
        arguments: [
            ("{\n  \"a\": 1,\n  \"b\": tru\n}", 3, 8, "invalid literal"),
            ("[1, 2", 1, 6, "unexpected end of input in an array"),
            ("{\"a\" 1}", 1, 6, "expected ':' after a key"),
            ("01", 1, 1, "leading zero in a number"),
            ("\"abc", 1, 1, "unterminated string"),
            ("[1] x", 1, 5, "unexpected text after the JSON value"),
        ])
    func errors(text: String, line: Int, column: Int, message: String) {
        #expect(throws: JSONParseError(message: message, line: line, column: column)) { try JSONValue.parse(text) }
    }

    @Test("deep nesting is refused instead of overflowing the stack")
    func depthLimit() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test("invalid UTF-8 inside a string is an error, not a crash")
    func invalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }
}
