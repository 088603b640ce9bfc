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

    /// Serialising writes bytes; each string is escaped as this scalar-by-scalar definition says (quote,
    /// backslash, \n \r \t, other controls, DEL, C1 controls, U+2028 and U+2029 as lowercase \u escapes),
    /// for every scalar up to U+3000 and the planes' edges, alone, between text and past a word boundary.
    @Test("strings are escaped exactly as the scalar definition says")
    func escapingMatchesTheScalarDefinition() throws {
        func escaped(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar.value {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0..<0x20, 0x7F, 0x80...0x9F, 0x2028, 0x2029:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let scalars =
            (0..<0x3000).compactMap(Unicode.Scalar.init) + [0xFEFF, 0x1F600, 0x10FFFF].compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            for text in [String(scalar), "a\(scalar)b", "0123456\(scalar)\"x", "é\(scalar)\u{2029}long plain text"] {
                #expect(JSONValue.string(text).serialized() == escaped(text), "U+\(String(scalar.value, radix: 16))")
            }
        }
        let nested: JSONValue = ["k\"ey": ["a\u{85}", ["x": "\u{2028}"]], "": .null]
        #expect(nested.serialized() == #"{"":null,"k\"ey":["a\u0085",{"x":"\u2028"}]}"#)
        let pretty = [
            "{", #"  "": null,"#, #"  "k\"ey": ["#, #"    "a\u0085","#, "    {", #"      "x": "\u2028""#, "    }",
            "  ]", "}",
        ]
        #expect(nested.serialized(pretty: true) == pretty.joined(separator: "\n"))
        #expect(try JSONValue.parse(nested.serialized(pretty: true)) == nested)
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
