import Foundation
import Testing

@testable import PromptDeckCore

@Suite struct HistorySearchTests {
    func filledStore(_ folder: TemporaryFolder) throws -> HistoryStore {
        let store = try HistoryStore.open(path: folder.historyFile)
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        try store.finish(
            HistoryFixtures.run(
                id: "a00000000001", at: base, prompt: "poem", model: "llama",
                output: "The harbour lights glow over the harbour and the harbour sleeps"))
        try store.finish(
            HistoryFixtures.run(
                id: "a00000000002", at: base + 1, prompt: "story", model: "gpt",
                output: "A tale with one harbour mention among many other words of filler text here"))
        try store.finish(
            HistoryFixtures.run(
                id: "a00000000003", at: base + 2, prompt: "naïve-café", model: "gpt",
                output: "Crème brûlée in Zürich — 東京 too", prompted: "dessert: \"quoted\" -minus *star"))
        try store.finish(
            HistoryFixtures.run(
                id: "a00000000004", at: base + 3, prompt: "poem", model: "gpt", status: .error,
                output: "nothing relevant"))
        return store
    }

    @Test func bm25RanksTheDenserMatchFirstAndMarksTheSnippet() throws {
        let folder = TemporaryFolder()
        let store = try filledStore(folder)
        let results = try store.search(query: "harbour")
        #expect(results.map(\.summary.id) == ["a00000000001", "a00000000002"])
        #expect(results[0].rank < results[1].rank)
        #expect(results[0].snippet.contains("[harbour]"))
        let custom = try store.search(query: "harbour", highlight: ("<b>", "</b>"))
        #expect(custom[0].snippet.contains("<b>harbour</b>"))
    }

    @Test func searchesPromptModelVariablesAndAcceptsPrefixes() throws {
        let folder = TemporaryFolder()
        let store = try filledStore(folder)
        #expect(try store.search(query: "llama").map(\.summary.id) == ["a00000000001"])
        #expect(try store.search(query: "weather").count == 4)  // variable value
        #expect(try store.search(query: "harb").count == 2)  // last word is a prefix
        #expect(try store.search(query: "harb ").count == 0)  // a finished word is not
        #expect(try store.search(query: "poem").count == 2)
        #expect(try store.search(query: "harbour", filter: .init(model: "gpt")).map(\.summary.id) == ["a00000000002"])
        #expect(try store.search(query: "poem", filter: .init(status: .error)).map(\.summary.id) == ["a00000000004"])
    }

    @Test(arguments: [
        "\"", "\"harbour", "-", "-harbour", "*", "harbour*", "AND", "harbour AND", "OR NOT", ":", "output:harbour",
        "(", "harbour)", "NEAR(a b)", "^", "'", "\\", "", "   ", "{output}: x", "a\"b\"c", "🙂", "東京",
    ])
    func hostileQueriesNeverFail(query: String) throws {
        let folder = TemporaryFolder()
        let store = try filledStore(folder)
        _ = try store.search(query: query)
    }

    @Test func unicodeAndDiacriticsMatch() throws {
        let folder = TemporaryFolder()
        let store = try filledStore(folder)
        #expect(try store.search(query: "creme brulee").map(\.summary.id) == ["a00000000003"])
        #expect(try store.search(query: "Zürich").map(\.summary.id) == ["a00000000003"])
        #expect(try store.search(query: "-minus \"quoted\"").map(\.summary.id) == ["a00000000003"])
    }

    @Test func queriesBecomeQuotedPhrases() {
        #expect(SearchQuery.matchExpression("foo bar") == #""foo" "bar"*"#)
        #expect(SearchQuery.matchExpression("say \"hi\" ") == #""say" """hi""""#)
        #expect(SearchQuery.matchExpression("- * :") == nil)
    }
}
