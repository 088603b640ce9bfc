import Testing

@testable import PromptDeckCore

/// `TerminalSafeText.make` decides from bytes whether a text needs work; that decision matches reading
/// its scalars for every scalar up to U+3000 and the planes' edges, alone and between other text.
@Suite struct TerminalSafeTextBytesTests {
    @Test func theByteCheckFindsExactlyTheUnsafeScalars() {
        let scalars =
            (0..<0x3000).compactMap(Unicode.Scalar.init)
            + [
                Unicode.Scalar(0xFEFF), Unicode.Scalar(0x1F600), Unicode.Scalar(0x10FFFF),
            ].compactMap { $0 }
        for scalar in scalars {
            for text in [String(scalar), "a\(scalar)b", "é\(scalar)", "\u{2029}\(scalar)\u{202F}"] {
                let unsafe = text.unicodeScalars.contains(where: TerminalSafeText.isUnsafe)
                #expect(TerminalSafeText.mayBeUnsafe(text) == unsafe, "U+\(String(scalar.value, radix: 16))")
            }
        }
        #expect(TerminalSafeText.make("bold \u{1B}[1m") == "bold ␛[1m")
        #expect(TerminalSafeText.make("plain\ttext\n") == "plain\ttext\n")
    }
}
