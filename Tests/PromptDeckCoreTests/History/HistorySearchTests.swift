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

    /// A short page makes snippets for the shown runs only (a second MATCH), a long one in the candidates'
    /// scan: the two must give the same runs, ranks and snippets, with filters and queued runs too.
    @Test func shortAndLongPagesAgreeOnEveryRowTheyShare() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        let words = ["harbour", "lantern", "meadow", "quarry", "willow"]
        let records = (0..<150).map { i in
            var record = HistoryFixtures.fullRecord()
            record.model = i % 3 == 0 ? "llama" : "gpt"
            let text = (0..<(5 + i % 7)).map { words[($0 * i + $0) % words.count] }.joined(separator: " ")
            record.outputs = [0: "run \(i): \(text) and more words after the match"]
            return record
        }
        try store.insert(Array(records[..<100]))
        _ = try store.search(query: "harbour")
        try store.insert(Array(records[100...]))  // queued: the first search below indexes them
        for (query, filter) in [("harbour", HistoryFilter()), ("mea", HistoryFilter()), ("wil", .init(model: "llama"))]
        {
            let short = try store.search(query: query, filter: filter, limit: 20, highlight: ("<", ">"))
            let long = try store.search(query: query, filter: filter, limit: 200, highlight: ("<", ">"))
            #expect(short.count == 20, "\(query)")
            #expect(long.count > 20, "\(query)")
            #expect(short.map(\.summary.id) == long.prefix(20).map(\.summary.id), "\(query)")
            #expect(short.map(\.rank) == long.prefix(20).map(\.rank), "\(query)")
            #expect(short.map(\.snippet) == long.prefix(20).map(\.snippet), "\(query)")
            #expect(short.allSatisfy { $0.snippet.contains("<") }, "every shown run has its snippet: \(query)")
        }
    }
}
