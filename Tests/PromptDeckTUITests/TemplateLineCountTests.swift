import Testing

@testable import PromptDeckTUI

/// The template pane counts a conversation's lines on every frame; the count is the one splitting gives.
@Suite struct TemplateLineCountTests {
    @Test(arguments: ["", "\n", "one", "a\nb", "a\r\nb", "\r\n\r\n", "a\r\r\nb\n", "東京\n\u{301}x", "end\n"])
    func lineCountMatchesSplittingAtNewlines(text: String) {
        #expect(TemplateView.lineCount(text) == text.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    /// The highlighter's shortcut (no `{{` bytes, no search) gives what the search gives.
    @Test(arguments: ["", "plain", "{ {", "a{", "{{name}}", "x {{#list}} y {{/list}}", "{é{", "{\u{301}{x}}"])
    func linesWithoutTagsAreOnePlainSegment(line: String) {
        let segments = TemplateHighlighter.segments(of: line[...])
        #expect(segments.map(\.text).joined() == line)
        if !line.contains("{{") {
            #expect(segments.count == (line.isEmpty ? 0 : 1))
            #expect(segments.allSatisfy { $0.role == .templateText })
        }
    }
}
