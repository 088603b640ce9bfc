import Testing

@testable import PromptDeckTUI

/// The template pane counts a conversation's lines on every frame; the count is the one splitting gives.
@Suite struct TemplateLineCountTests {
    @Test(arguments: ["", "\n", "one", "a\nb", "a\r\nb", "\r\n\r\n", "a\r\r\nb\n", "東京\n\u{301}x", "end\n"])
    func lineCountMatchesSplittingAtNewlines(text: String) {
        #expect(TemplateView.lineCount(text) == text.split(separator: "\n", omittingEmptySubsequences: false).count)
    }
}
