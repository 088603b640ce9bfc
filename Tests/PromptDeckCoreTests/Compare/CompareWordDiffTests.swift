import Testing

@testable import PromptDeckCore

@Suite("Compare: word diff")
struct CompareWordDiffTests {
    typealias Run = WordDiff.Run

    /// Every diff must rebuild both texts.
    func checkedDiff(_ old: String, _ new: String) -> [Run] {
        let runs = WordDiff.diff(old, new)
        #expect(runs.filter { $0.operation != .insert }.map(\.text).joined() == old)
        #expect(runs.filter { $0.operation != .delete }.map(\.text).joined() == new)
        #expect(runs.allSatisfy { !$0.text.isEmpty })
        return runs
    }

    @Test func emptyTexts() {
        #expect(checkedDiff("", "").isEmpty)
        #expect(checkedDiff("", "a b") == [Run(.insert, "a b")])
        #expect(checkedDiff("a b", "") == [Run(.delete, "a b")])
    }

    @Test func identicalTextsAreOneEqualRun() {
        #expect(checkedDiff("the quick  fox\n", "the quick  fox\n") == [Run(.equal, "the quick  fox\n")])
    }

    @Test func allDifferentWordsKeepTheSharedSpaces() {
        #expect(
            checkedDiff("a b", "x y") == [
                Run(.delete, "a"), Run(.insert, "x"), Run(.equal, " "), Run(.delete, "b"), Run(.insert, "y"),
            ])
        #expect(checkedDiff("one", "two") == [Run(.delete, "one"), Run(.insert, "two")])
    }

    @Test func insertAtStartAndEnd() {
        #expect(checkedDiff("quick fox", "the quick fox") == [Run(.insert, "the "), Run(.equal, "quick fox")])
        #expect(checkedDiff("quick fox", "quick fox jumps") == [Run(.equal, "quick fox"), Run(.insert, " jumps")])
    }

    @Test func deleteInTheMiddle() {
        #expect(
            checkedDiff("a big red ball", "a red ball") == [
                Run(.equal, "a "), Run(.delete, "big "), Run(.equal, "red ball"),
            ])
    }

    @Test func replacedWordBetweenEqualOnes() {
        #expect(
            checkedDiff("Fresh flowers for every day", "Fresh blooms for every day")
                == [
                    Run(.equal, "Fresh "), Run(.delete, "flowers"), Run(.insert, "blooms"),
                    Run(.equal, " for every day"),
                ])
    }

    @Test func repeatedWordsAlignToTheEarliestMatch() {
        let runs = checkedDiff("a a a", "a a")
        #expect(runs == [Run(.equal, "a a"), Run(.delete, " a")])
        let more = checkedDiff("x a b a b y", "x a b y")
        #expect(more.filter { $0.operation == .delete }.map(\.text).joined() == "a b ")
    }

    @Test func whitespaceChangesShow() {
        #expect(
            checkedDiff("a b", "a  b") == [Run(.equal, "a"), Run(.delete, " "), Run(.insert, "  "), Run(.equal, "b")])
        #expect(checkedDiff("line one\nline two", "line one\n\nline two").contains(Run(.insert, "\n\n")))
    }

    @Test func unicodeWordsAndGraphemes() {
        #expect(
            checkedDiff("Zürich 🌸 shop", "Zürich 🌷 shop") == [
                Run(.equal, "Zürich "), Run(.delete, "🌸"), Run(.insert, "🌷"), Run(.equal, " shop"),
            ])
        #expect(checkedDiff("東京 の 花", "東京 の 花屋") == [Run(.equal, "東京 の "), Run(.delete, "花"), Run(.insert, "花屋")])
        // A family emoji is one grapheme: it is never split.
        #expect(checkedDiff("👨‍👩‍👧 ok", "👨‍👩‍👦 ok") == [Run(.delete, "👨‍👩‍👧"), Run(.insert, "👨‍👩‍👦"), Run(.equal, " ok")])
    }

    @Test func tokensAlternateWordsAndWhitespace() {
        #expect(WordDiff.tokens("  a bc\t\nd ") == ["  ", "a", " ", "bc", "\t\n", "d", " "])
        #expect(WordDiff.tokens("") == [])
    }

    @Test func deterministicAndMinimalOnLongerTexts() {
        var old: [String] = []
        var new: [String] = []
        for i in 0..<300 {
            old.append("w\(i % 17)")
            if i % 10 != 3 { new.append("w\(i % 17)") }
            if i % 25 == 0 { new.append("new\(i)") }
        }
        let a = old.joined(separator: " ")
        let b = new.joined(separator: " ")
        let first = checkedDiff(a, b)
        #expect(first == WordDiff.diff(a, b))
        let deletedWords = first.filter { $0.operation == .delete }.flatMap { WordDiff.tokens($0.text) }
            .filter { !$0.allSatisfy(\.isWhitespace) }
        #expect(deletedWords.count <= 30)
    }

    @Test func beyondTheEditLimitEverythingIsReplaced() {
        let a = (0..<2500).map { "a\($0)" }.joined(separator: ",")
        let b = (0..<2500).map { "b\($0)" }.joined(separator: ";")
        // Single tokens each (no spaces): one delete and one insert.
        #expect(checkedDiff(a, b).count == 2)
        let many = (0..<1100).map { "a\($0)" }.joined(separator: " ")
        let other = (0..<1100).map { "b\($0)" }.joined(separator: "\t")
        let runs = checkedDiff(many, other)
        #expect(runs.map(\.operation) == [.delete, .insert])
    }
}
