import Foundation
import Testing

@testable import PromptDeckCore

@Suite struct HistorySupportTests {
    @Test func terminalSafeTextDefusesControlsAndBidi() {
        #expect(TerminalSafeText.make("plain\ttext\nline ✨ 東京") == "plain\ttext\nline ✨ 東京")
        #expect(TerminalSafeText.make("\u{1b}[31mred\u{1b}]0;title\u{07}") == "␛[31mred␛]0;title␇")
        #expect(TerminalSafeText.make("a\rb\u{0}c\u{7f}") == "a␍b␀c␡")
        #expect(TerminalSafeText.make("x\u{9b}31m") == "x<U+009B>31m")
        #expect(TerminalSafeText.make("abc\u{202e}fed\u{2066}\u{2069}") == "abc<U+202E>fed<U+2066><U+2069>")
    }

    /// The word-at-a-time scan finds an unsafe scalar exactly where reading scalars does: at every offset
    /// from a word boundary, split across words, and in text that is ASCII for long stretches.
    @Test func unsafeScanAnswersAsReadingScalars() {
        let pieces = [
            "a", "word ", "0123456789abcdef", "\n", "\t", "\r", "\u{1B}", "\u{7F}", "~", "\u{80}", "\u{9F}", "\u{A0}",
            "\u{202A}", "\u{202E}", "\u{202F}", "\u{2029}", "\u{2066}", "\u{2069}", "\u{206A}", "é", "東京", "🙂", "\u{0}",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            var text = String(repeating: "x", count: Int.random(in: 0..<16, using: &generator))
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                text += pieces.randomElement(using: &generator)!
            }
            #expect(
                TerminalSafeText.mayBeUnsafe(text) == text.unicodeScalars.contains(where: TerminalSafeText.isUnsafe),
                "\(text.debugDescription)")
        }
    }

    /// Every byte value at every place of a word: a word is printable ASCII exactly when each byte is 20-7E.
    @Test func printableWordsAreExactlyTwentyToSevenE() {
        for value in 0...255 {
            for position in 0..<8 {
                for filler: UInt8 in [0x20, 0x61, 0x7E] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = UInt8(value)
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    let printable = (0x20...0x7E).contains(value)
                    #expect(TerminalSafeText.isPrintableASCII(word) == printable, "\(value)@\(position)")
                }
            }
        }
    }

    @Test func datesUsersType() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(HistoryDate.parse("2h", now: now) == now - 7200)
        #expect(HistoryDate.parse("3d", now: now) == now - 3 * 86_400)
        #expect(HistoryDate.parse("2023-11-14", now: now, timeZone: utc) == Date(timeIntervalSince1970: 1_699_920_000))
        #expect(HistoryDate.parse("2023-11-14T22:13:20Z", now: now) == now)
        #expect(HistoryDate.parse("2023-11-14T23:13:20+01:00", now: now) == now)
        for bad in ["yesterday", "2h ago", "2023-13-45", "", "-3d", "d"] {
            #expect(HistoryDate.parse(bad, now: now) == nil, "\(bad)")
        }
    }

    @Test func replayTimelineScalesRecordedPace() throws {
        let events = [
            RecordedEvent(sequence: 1, offsetMs: 200, choice: 1, text: "b"),
            RecordedEvent(sequence: 0, offsetMs: 100, choice: 0, text: "a"),
        ]
        let real = ReplayTimeline(events: events, speed: .factor(1))
        #expect(
            real.steps.map(\.dueMs) == [100, 200] && real.steps.map(\.text) == ["a", "b"] && real.hasSeveralChoices)
        #expect(ReplayTimeline(events: events, speed: try #require(.init("10"))).steps.map(\.dueMs) == [10, 20])
        #expect(ReplayTimeline(events: events, speed: .instant).steps.map(\.dueMs) == [0, 0])
        #expect(ReplayTimeline.Speed("fast") == nil && ReplayTimeline.Speed("0") == nil)
    }
}
