import Testing

@testable import PromptDeckTUI

@Suite("TUI widgets")
struct WidgetTests {
    @Test func textFieldEditsByGraphemeWithWordDelete() {
        var field = TextField("héllo wörld")
        field.apply(.deleteWord)
        #expect(field.text == "héllo ")
        field.insert("日本語")
        field.apply(.lineStart)
        field.apply(.cursorRight)
        field.apply(.deleteForward)
        #expect(field.text == "hllo 日本語")
        field.apply(.lineEnd)
        field.apply(.deleteBackward)
        #expect(field.text == "hllo 日本")
        field.apply(.deleteToStart)
        #expect(field.text.isEmpty)
    }

    @Test func singleLineFieldsScrollToKeepTheCursorVisible() {
        let field = TextField(String(repeating: "界", count: 20))
        let (text, cursor) = field.visibleSlice(width: 10)
        #expect(DisplayWidth.of(text) <= 10)
        #expect(cursor <= 10)
    }

    @Test func multilineCursorMovesByDisplayColumn() {
        var field = TextField("ab\n日本語", multiline: true)
        field.apply(.cursorUp)
        #expect(field.cursor == 2)
        field.apply(.cursorDown)
        #expect(field.cursor == 4)
    }

    @Test func widthsOfWideCombiningAndEmoji() {
        #expect(DisplayWidth.of("a") == 1)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("🙂") == 2)
        #expect(DisplayWidth.of("❤️") == 2)
        #expect(DisplayWidth.of("ｱ") == 1)
    }

    @Test func wrapsAtWordBoundaries() {
        var text = WrappedText(width: 10)
        text.append("the quick brown fox jumps")
        #expect((0..<text.lineCount).map { text.line(at: $0) } == ["the quick", "brown fox", "jumps"])
    }

    @Test func incrementalWrapEqualsWrappingAtOnce() {
        let words = (0..<300).map { i in
            i % 7 == 0 ? "日本語テキスト" : i % 11 == 0 ? "supercalifragilisticexpialidocious\n" : "w\(i)"
        }
        let whole = words.joined(separator: " ")
        var once = WrappedText(width: 17)
        once.append(whole)
        var pieces = WrappedText(width: 17)
        var rest = Substring(whole)
        while !rest.isEmpty {
            let n = min(rest.count, 3)
            pieces.append(String(rest.prefix(n)))
            rest = rest.dropFirst(n)
        }
        let a = (0..<once.lineCount).map { once.line(at: $0) }
        #expect(a == (0..<pieces.lineCount).map { pieces.line(at: $0) })
        #expect(a.allSatisfy { DisplayWidth.of($0) <= 17 })
        var rewrapped = WrappedText(width: 40)
        rewrapped.append(whole)
        rewrapped.rewrap(width: 17)
        #expect((0..<rewrapped.lineCount).map { rewrapped.line(at: $0) } == a)
    }

    /// ASCII pieces take a byte path, others the Character path: any mix, at any width, wraps as the
    /// Character path wraps the whole text (which holds a non-ASCII word, so it takes that path).
    @Test func asciiAndCharacterPathsWrapAlikeAtEveryWidth() {
        let words = ["a", "bb", "ccc", "dddddddddddddd", " ", "  ", "\n", "\t", "é", "日本", "x\u{1}y", "end."]
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for width in 1...12 {
            for _ in 0..<20 {
                let pieces = (0..<40).map { _ in words[next(words.count)] } + ["é"]
                var once = WrappedText(width: width)
                once.append(pieces.joined())
                var incremental = WrappedText(width: width)
                for piece in pieces { incremental.append(piece) }
                let expected = (0..<once.lineCount).map { once.line(at: $0) }
                #expect((0..<incremental.lineCount).map { incremental.line(at: $0) } == expected, "width \(width)")
            }
        }
    }

    /// The terminal writes only what `forEachChange` reports: a missed cell stays stale on screen.
    @Test func forEachChangeReportsExactlyTheCellsThatDiffer() {
        var before = ScreenBuffer(rows: 3, columns: 4)
        before.write("abcd", row: 0, column: 0, role: .text)
        var after = before
        after.write("x", row: 0, column: 1, role: .text)
        after.write("y", row: 2, column: 3, role: .text)
        after.write("c", row: 0, column: 2, role: .textDim)  // same text, another style
        func changes(since previous: ScreenBuffer?) -> [String] {
            var found: [String] = []
            after.forEachChange(since: previous) { row, column, cell in found.append("\(row),\(column)=\(cell.text)") }
            return found
        }
        #expect(changes(since: before) == ["0,1=x", "0,2=c", "2,3=y"])
        #expect(changes(since: after).isEmpty)
        #expect(changes(since: nil).count == 12, "no previous frame: every cell")
        #expect(changes(since: ScreenBuffer(rows: 3, columns: 5)).count == 12, "another size: every cell")
    }

    @Test func wideCharactersNeverSplitAcrossTheEdge() {
        var screen = ScreenBuffer(rows: 1, columns: 5)
        screen.write("a日本語", row: 0, column: 0, role: .text)
        #expect(screen.text == "a日本\n")
        screen.write("x", row: 0, column: 2, role: .text)
        #expect(screen.text == "a x本\n", "overwriting half a wide character blanks the other half")
    }
}

@Suite("TUI input decoding")
struct InputDecoderTests {
    func decode(_ inputs: [InputDecoder.Input]) -> [InputDecoder.Output] {
        var decoder = InputDecoder()
        return inputs.flatMap { decoder.feed($0) }
    }

    func scalars(_ text: String) -> [InputDecoder.Input] { text.unicodeScalars.map { .scalar($0.value) } }

    @Test func bracketedPasteBecomesOnePaste() {
        let outputs = decode(scalars("x\u{1B}[200~line one\rline 二\u{1B}[201~y") + [.idle])
        #expect(outputs == [.key(.char("x")), .paste("line one\nline 二"), .key(.char("y"))])
    }

    @Test func loneEscapeAltAndControlKeys() {
        #expect(decode(scalars("\u{1B}") + [.idle]) == [.key(.escape)])
        #expect(decode(scalars("\u{1B}b")) == [.key(.alt("b"))])
        #expect(
            decode(scalars("\u{12}\u{17}\r\u{7F}\t")) == [
                .key(.ctrl("r")), .key(.ctrl("w")), .key(.enter), .key(.backspace), .key(.tab),
            ])
        #expect(decode(scalars("\u{1B}[Z")) == [.key(.backTab)])
        #expect(decode(scalars("\u{1B}[15~")) == [.key(.function(5))])
    }
}
