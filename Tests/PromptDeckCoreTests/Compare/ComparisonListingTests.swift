import Foundation
import Testing

@testable import PromptDeckCore

/// Reopening a comparison by what the screen shows of its group id, and the list of recent ones.
@Suite("Comparison groups in history")
struct ComparisonListingTests {
    private func store(groups: [(String, String, Int, Double)]) throws -> (HistoryStore, TemporaryFolder) {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        for (group, prompt, count, at) in groups {
            for index in 0..<count {
                let record = HistoryFixtures.run(
                    at: Date(timeIntervalSince1970: at + Double(index) / 1000), prompt: prompt, groupID: group)
                try store.begin(record)
                try store.finish(record)
            }
        }
        return (store, folder)
    }

    @Test func aShownPrefixOfTheGroupIDReopensIt() throws {
        let (store, folder) = try store(groups: [("1m8sezsy6s8rabcd", "mine/story", 3, 1_795_000_000)])
        _ = folder
        let reopened = try store.comparison(matching: "1m8sezsy6s8r")
        #expect(reopened.groupID == "1m8sezsy6s8rabcd")
        #expect(reopened.variants.count == 3)
    }

    @Test func aPrefixOfTwoGroupsIsRefusedNamingBoth() throws {
        let (store, folder) = try store(groups: [
            ("1m8saaaa1111", "a", 2, 1_795_000_000), ("1m8saaaa2222", "b", 2, 1_795_000_100),
        ])
        _ = folder
        #expect(throws: ComparisonError.ambiguousGroup(prefix: "1m8saaaa", matches: ["1m8saaaa1111", "1m8saaaa2222"])) {
            try store.comparison(matching: "1m8saaaa")
        }
    }

    @Test func recentComparisonsComeNewestFirst() throws {
        let (store, folder) = try store(groups: [
            ("old-group", "a", 2, 1_795_000_000), ("new-group", "b", 3, 1_795_000_500),
        ])
        _ = folder
        let recent = try store.recentComparisons()
        #expect(recent.map(\.groupID) == ["new-group", "old-group"])
        #expect(recent.first?.runCount == 3)
        #expect(recent.first?.promptID == "b")
    }

    @Test func duplicatedColumnsReopenAsColumnsAndRepeatsAsRepeats() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        // Four runs with identical settings: columns #1 and #2 (one duplicated from the other), then
        // #3.1 and #3.2 (a repeat).
        for (index, label) in ["#1", "#2", "#3.1", "#3.2"].enumerated() {
            var record = HistoryFixtures.run(
                at: Date(timeIntervalSince1970: 1_795_000_000 + Double(index) / 1000), groupID: "dup-group")
            record.variantLabel = label
            try store.begin(record)
            try store.finish(record)
        }
        let reopened = try store.comparison(matching: "dup-group")
        #expect(reopened.variants.map(\.variant.label) == ["#1", "#2", "#3.1", "#3.2"])
        #expect(reopened.records.map(\.variantLabel) == ["#1", "#2", "#3.1", "#3.2"], "labels round-trip")
    }
}
