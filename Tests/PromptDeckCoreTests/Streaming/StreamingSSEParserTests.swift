import PromptDeckCore
import Testing

@Suite("SSEParser framing")
struct StreamingSSEParserTests {
    private typealias H = StreamingHelpers

    @Test("every line-end style frames the same events", arguments: ["\n", "\r\n", "\r"])
    func lineEnds(_ end: String) {
        let text = ["event: greeting", "data: hello", "data: world", "", "data: second", "", ""].joined(separator: end)
        #expect(
            H.parse(text) == [
                SSEEvent(event: "greeting", data: "hello\nworld"),
                SSEEvent(data: "second"),
            ])
    }

    @Test func mixedLineEndsInOneStream() {
        let text = "data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r"
        #expect(H.parse(text) == [SSEEvent(data: "a\nb\nc"), SSEEvent(data: "d")])
    }

    @Test func carriageReturnEndingOneFeedAndLineFeedOpeningTheNextAreOneLineEnd() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: a\r".utf8)) == [])
        // Were the LF a second line end, it would be the blank line that dispatches "a" on its own.
        #expect(parser.feed(Array("\ndata: b\r".utf8)) == [])
        #expect(parser.feed(Array("\n\r".utf8)) == [SSEEvent(data: "a\nb")])
        #expect(parser.feed(Array("\ndata: c\n\n".utf8)) == [SSEEvent(data: "c")])
    }

    @Test func commentsAreIgnored() {
        let text = ": keep-alive\n:\ndata: x\n: data: not data\n\n:only a comment\n\n"
        #expect(H.parse(text) == [SSEEvent(data: "x")])
    }

    @Test func oneLeadingSpaceIsStrippedAndNoMore() {
        let text = "data:no space\ndata:  two spaces\ndata\ndata:\n\n"
        #expect(H.parse(text) == [SSEEvent(data: "no space\n two spaces\n\n")])
    }

    @Test func eventWithoutDataIsNotDispatchedButAnEmptyDataLineIs() {
        #expect(H.parse("event: ping\nid: 7\n\n") == [])
        #expect(H.parse("data:\n\n") == [SSEEvent(data: "", id: nil)])
    }

    @Test func eventTypeAppliesToOneEventOnly() {
        let text = "event: error\ndata: boom\n\ndata: fine\n\nevent:\ndata: empty type\n\n"
        #expect(
            H.parse(text) == [
                SSEEvent(event: "error", data: "boom"), SSEEvent(data: "fine"), SSEEvent(data: "empty type"),
            ])
    }

    @Test func lastEventIDPersistsUntilChangedAndIgnoresNUL() {
        let text = "id: 1\ndata: a\n\ndata: b\n\nid: 2\u{0}x\ndata: c\n\nid\ndata: d\n\n"
        #expect(
            H.parse(text) == [
                SSEEvent(data: "a", id: "1"), SSEEvent(data: "b", id: "1"), SSEEvent(data: "c", id: "1"),
                SSEEvent(data: "d", id: nil),
            ])
    }

    @Test func retryTakesDigitsOnly() {
        var parser = SSEParser()
        let events = parser.feed(Array("retry: 2500\ndata: a\n\nretry: 12a\ndata: b\n\nretry: -5\n\n".utf8))
        #expect(events == [SSEEvent(data: "a", retry: 2500), SSEEvent(data: "b")])
        #expect(parser.reconnectionTime == 2500)
    }

    @Test func unknownFieldsAreIgnored() {
        #expect(H.parse("foo: bar\ndata: x\nDATA: upper\nretry\n\n") == [SSEEvent(data: "x")])
    }

    @Test func leadingByteOrderMarkIsSkippedEvenWhenSplit() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)
        #expect(H.parse([bytes]) == [SSEEvent(data: "x")])
        #expect(H.parse(bytes.map { [$0] }) == [SSEEvent(data: "x")])
        // Only at the very start: a BOM later is part of the field name, so the line is an unknown field.
        #expect(H.parse("data: a\n\n\u{FEFF}data: b\n\n") == [SSEEvent(data: "a")])
    }

    @Test func multiByteCharactersSplitAcrossFeedsSurvive() {
        let bytes = Array("data: héllo 世界 🎉\n\n".utf8)
        #expect(H.parse(bytes.map { [$0] }) == [SSEEvent(data: "héllo 世界 🎉")])
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        let bytes = Array("data: a".utf8) + [0xFF, 0xC3] + Array("b\n\n".utf8)
        #expect(H.parse([bytes]) == [SSEEvent(data: "a\u{FFFD}\u{FFFD}b")])
    }

    @Test func finishDispatchesAnEventMissingOnlyItsBlankLine() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: [DONE]\n".utf8)) == [])
        #expect(parser.hasPendingData)
        #expect(parser.finish() == [SSEEvent(data: "[DONE]")])
        #expect(!parser.hasPendingData)
    }

    @Test func finishDropsAnUnterminatedLineAndReportsItPending() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: one\n\ndata: {\"choices\":[{\"te".utf8)) == [SSEEvent(data: "one")])
        #expect(parser.hasPendingData)
        #expect(parser.finish() == [])
    }

    @Test func cleanEndHasNoPendingData() {
        var parser = SSEParser()
        _ = parser.feed(Array("data: x\n\n: bye\n".utf8))
        #expect(!parser.hasPendingData)
    }

    @Test func overLongLineIsDroppedReportedAndParsingContinues() {
        let parser = SSEParser(maximumLineLength: 16)
        let text = "data: short\n\ndata: 0123456789abcdef\ndata: tail\n\ndata: after\n\n"
        let whole = H.parse([Array(text.utf8)], parser: parser)
        let overflow = SSEEvent(
            event: SSEParser.overflowEventName,
            data: "the server sent an event longer than 16 bytes; that event was dropped")
        #expect(whole == [SSEEvent(data: "short"), overflow, SSEEvent(data: "after")])
        #expect(H.parse(Array(text.utf8).map { [$0] }, parser: parser) == whole)

        var kept = parser
        _ = kept.feed(Array(text.utf8))
        #expect(kept.overflowed)
    }

    /// Whole `data:` events in one feed take a short path that reads them from the feed itself; fed a byte at
    /// a time (or split anywhere) the same stream takes the general one. Both must frame the same events.
    @Test("a whole data event in one feed frames as it does split anywhere, over 3,000 mixed streams")
    func wholeEventsInOneFeedFrameAsSplitOnes() {
        let pieces = [
            "data: {\"a\":1}\n\n", "data:x\n\n", "data:\n\n", "data: \n\n", "data:  two spaces\n\n",
            "data: 0123456789abc\n\n", "data: 0123456789abcdefghij\n\n", "data: a\ndata: b\n\n",
            "data: cr\r\n\r\n", "data: lone cr\r\r", "data: mixed\n\r\n", "event: named\ndata: e\n\n",
            "id: 7\ndata: with id\n\n", "retry: 30\ndata: r\n\n", ": comment\n", "datum: no\n\n", "data\n\n",
            "dat", "a: split\n\n", "\n", "data: é ✓\n\n", "\u{FEFF}data: bom\n\n", "id\n", "data: end",
        ]
        var generator = SplitMix(seed: 23)  // HistoryScaleBenchmark's
        for round in 0..<3_000 {
            let count = 1 + Int(generator.next() % 12)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let bytes = Array(text.utf8)
            let parser = SSEParser(maximumLineLength: round % 2 == 0 ? 16 : 1 << 20)
            let whole = H.parse([bytes], parser: parser)
            #expect(H.parse(bytes.map { [$0] }, parser: parser) == whole, "\(text.debugDescription)")
            let cut = Int(generator.next() % UInt64(bytes.count + 1))
            #expect(H.parse([Array(bytes[..<cut]), Array(bytes[cut...])], parser: parser) == whole)
        }
    }

    @Test func eventDataGrowingPastTheLimitIsDropped() {
        let parser = SSEParser(maximumLineLength: 16)
        let text = "data: 12345\ndata: 12345\ndata: 12345\n\ndata: ok\n\n"
        let events = H.parse([Array(text.utf8)], parser: parser)
        #expect(events.map(\.event) == [SSEParser.overflowEventName, "message"])
        #expect(events.last?.data == "ok")
    }

    @Test func overflowBecomesAnErrorTheUserSees() {
        let events = H.parse(
            [Array("data: \(String(repeating: "x", count: 40))\n\n".utf8)], parser: SSEParser(maximumLineLength: 32))
        #expect(
            H.decode(events) == [
                .error(
                    ServerError(
                        message: "the server sent an event longer than 32 bytes; that event was dropped",
                        type: "stream_overflow"))
            ])
    }
}
