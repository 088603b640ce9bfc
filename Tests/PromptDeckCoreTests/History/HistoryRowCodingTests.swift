import Foundation
import Testing

@testable import PromptDeckCore

/// The byte-level writers of history columns give the same text as the definitions they replace.
@Suite struct HistoryRowCodingTests {
    static let texts = [
        "", "plain", "  \t lead and trail \t ", "\n\n  \nsecond line\nthird", "\r\nwindows\r\nlines",
        "\u{85}next\u{2028}ls",
        "  \u{2029}  para", "quote \" back \\ tab\t nl\n cr\r", "ctl \u{0}\u{1f}\u{7f} c1 \u{80}\u{9f}\u{a0}",
        "東京 ✨ e\u{301}",
        " \u{301}combining after a space", String(repeating: "word ", count: 2000),
        String(repeating: " ", count: 5000) + "x",
        String(repeating: "y", count: 5000) + String(repeating: " ", count: 300), "\u{3000}ideographic space\u{3000}",
        String(repeating: "é", count: 4200) + "\n" + "rest", "   \n\t\n", String(repeating: "ab ", count: 1500) + "   ",
    ]

    /// The definition `preview` had before it was made lazy.
    static func oldPreview(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        return String(line.trimmingCharacters(in: .whitespaces).prefix(200))
    }

    @Test(arguments: texts) func previewIsTheFirstNonBlankLine(text: String) {
        #expect(RunRowCoding.preview([0: text]) == Self.oldPreview(text))
    }

    @Test func outputsMapIsTheSerializedJSONObject() {
        let map = Dictionary(uniqueKeysWithValues: Self.texts.enumerated().map { ($0.offset, $0.element) })
        let expected = JSONValue.object(
            Dictionary(uniqueKeysWithValues: map.map { (String($0.key), JSONValue.string($0.value)) })
        ).serialized()
        #expect(RunRowCoding.intMap(map) == expected)
        #expect(RunRowCoding.intMap([:]) == "{}")
        #expect(RunRowCoding.intMap([2: "b", 10: "a"]) == #"{"10":"a","2":"b"}"#)
    }
}
