import PromptDeckCore
import Testing

@testable import PromptDeckTUI

/// The template pane counts a conversation's lines on every frame; the count is the one splitting gives.
@Suite struct TemplateLineCountTests {
    @Test(arguments: ["", "\n", "one", "a\nb", "a\r\nb", "\r\n\r\n", "a\r\r\nb\n", "東京\n\u{301}x", "end\n"])
    func lineCountMatchesSplittingAtNewlines(text: String) {
        #expect(TemplateView.lineCount(text) == text.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    /// The highlighter's shortcut (no `{{` bytes, no search) gives what the search gives.
    @Test(arguments: [
        "", "plain", "{ {", "a{", "{{name}}", "x {{#list}} y {{/list}}", "{é{", "{\u{301}{x}}", "ends {{",
        String(repeating: "tok ", count: 50_000) + "{{late}}",
    ])
    func linesWithoutTagsAreOnePlainSegment(line: String) {
        let segments = TemplateHighlighter.segments(of: line[...])
        #expect(segments.map(\.text).joined() == line)
        if !line.contains("{{") {
            #expect(segments.count == (line.isEmpty ? 0 : 1))
            #expect(segments.allSatisfy { $0.role == .templateText })
        }
    }

    /// A line is a slice of the Document's text: only its own bytes are searched.
    @Test func aSliceIsSearchedAlone() {
        let text = "{{a}} plain {{b}}"
        let middle = text[text.index(text.startIndex, offsetBy: 5)..<text.index(text.startIndex, offsetBy: 12)]
        #expect(middle == " plain ")
        #expect(!TemplateHighlighter.hasOpeningBraces(middle))
        #expect(TemplateHighlighter.segments(of: middle).map(\.role) == [.templateText])
        #expect(TemplateHighlighter.hasOpeningBraces(text[text.index(text.startIndex, offsetBy: 10)...]))
    }
}

/// The pane makes only the lines it draws safe and highlighted; each is the line that making the whole text
/// safe, splitting it at LF and highlighting would give.
@Suite struct TemplateLinesTests {
    /// The whole-text way the pane worked before it made lines on demand.
    static func wholeTextLines(_ text: String) -> [(text: String, segments: [(String, StyleRole)])] {
        let safe = TerminalSafeText.make(text)
        return safe.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { bytes in
            let line = safe[bytes.startIndex..<bytes.endIndex]
            return (String(line), TemplateHighlighter.segments(of: line).map { (String($0.text), $0.role) })
        }
    }

    static let pieces = [
        "a", "word ", "\n", "\r", "\r\n", "\t", "{{", "}}", "{{name}}", "{{#s}}", "{{/s}}", "{{>p}}", "{{!c}}", "{",
        "}", "\u{1B}[31m", "\u{07}", "\u{7F}", "\u{85}", "\u{202E}", "\u{2066}", "東京", "é", "e\u{301}", "🙂", " ",
    ]

    @Test func everyLineIsTheWholeTextsLine() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<400 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                text += Self.pieces.randomElement(using: &generator)!
            }
            let expected = Self.wholeTextLines(text)
            let document = TemplateLines.shared.lines(of: text)
            #expect(document.count == expected.count, "round \(round): \(text.debugDescription)")
            guard document.count == expected.count else { continue }
            // Out of order, and twice: a kept line is the line made.
            for index in (0..<document.count).reversed() + Array(0..<document.count) {
                let line = document.line(at: index)
                #expect(String(line.text) == expected[index].text, "round \(round) line \(index)")
                let segments = line.segments.map { (String($0.text), $0.role) }
                #expect(segments.map(\.0) == expected[index].segments.map(\.0))
                #expect(segments.map(\.1) == expected[index].segments.map(\.1))
            }
        }
    }

    /// A document kept from an earlier text never answers with that text's lines.
    @Test func anotherTextsLinesAreNotKept() {
        let first = TemplateLines.shared.lines(of: "one\ntwo")
        #expect(String(first.line(at: 1).text) == "two")
        let second = TemplateLines.shared.lines(of: "three\nfour\nfive")
        #expect(String(second.line(at: 1).text) == "four")
        #expect(String(first.line(at: 1).text) == "two")
        #expect(second.count == 3)
    }
}

/// The conversation's text is kept between frames; any change to the prompt's part, a message or the
/// footer gives the new text, and each message's first line is where it begins.
@Suite struct ConversationTextTests {
    @Test func keptTextFollowsEveryChange() {
        let user = ConversationMessage(role: "user", content: "hi\nthere")
        let reply = ConversationMessage(role: "assistant", content: String(repeating: "long reply ", count: 5000))
        func expected(_ base: String, _ messages: [ConversationMessage], _ footer: String) -> String {
            ([base + "\n\n── conversation (\(messages.count) after the prompt's) ──"] + messages.map(\.summary))
                .joined(separator: "\n") + footer
        }
        let cases: [(String, [ConversationMessage], String)] = [
            ("system: be brief", [user, reply], ""),
            ("system: be brief", [user, reply], ""),
            ("system: be brief", [user, reply], "\n(F5 sends the last one)"),
            ("system: be brief!", [user, reply], "\n(F5 sends the last one)"),
            ("system: be brief!", [user, ConversationMessage(role: "assistant", content: "short")], ""),
            ("system: be brief!", [user], ""),
        ]
        for (base, messages, footer) in cases {
            let (text, lines) = TemplateLines.shared.conversation(after: base, transcript: messages, footer: footer)
            #expect(text == expected(base, messages, footer))
            let document = TemplateLines.shared.lines(of: text)
            for (index, message) in messages.enumerated() {
                #expect(String(document.line(at: lines[index]).text).hasPrefix(message.role + ": "))
            }
        }
    }
}
