import PromptDeckTestSupport
import Testing

/// The golden screens hold only because `ScreenMask` makes two runs of the same screen identical.
@Suite("Screen mask")
struct ScreenMaskTests {
    @Test func figuresOfDifferentWidthsMaskToTheSameLine() {
        let fast = " ✔ ok  ttft 98 ms · 6 tok · 9.9 tok/s · 0.61 s · stop                   test-model @ local"
        let slow = " ✔ ok  ttft 1016 ms · 6 tok · 10.2 tok/s · 1.2 s · stop                 test-model @ local"
        #expect(ScreenMask.maskLine(fast) == ScreenMask.maskLine(slow))
        #expect(ScreenMask.maskLine(fast).count == fast.count, "right-aligned text stays where it was")
    }

    @Test func idsAndTimesKeepTheirLengthAndColumnsKeepTheirBorders() {
        let line = "│  1m8sgnkhbv07bs 12-01 19:17 ok  109ms out │ttft 106ms · 6 tok · 6000.0 to…│"
        let masked = ScreenMask.maskLine(line)
        #expect(masked.contains("<id##########> MM-DD hh:mm"))
        #expect(masked.hasSuffix("│ttft <dur> · 6 tok · <timings>…│"))
        #expect(masked.hasPrefix("│") && masked.filter { $0 == "│" }.count == 3)
    }

    @Test func theKeyHintLineAndTheWinnerOfAComparisonAreHidden() {
        let screen = " fastest to first token #2 (104 ms) · first to finish #1 (0.11 s)\n F5 run  q quit\n"
        #expect(
            ScreenMask.mask(screen)
                == " fastest to first token #<n> (<dur>) · first to finish #<n> (<dur>)\n<key hints>\n")
    }
}
