import Foundation
import Testing

@testable import PromptDeckCore
@testable import PromptDeckTUI

/// Search as you type over a large history: each keystroke goes through `update`, the query effect is run
/// the way the runtime runs it (`HistoryQuery.rows(in:)`), and the answer is applied and drawn. Prints the
/// per-keystroke times; asserts none. Runs only with `PROMPTDECK_BENCH=1` (`PROMPTDECK_BENCH_N`, default 100,000).
@Suite struct HistorySearchBenchmark {
    static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: environment["PROMPTDECK_BENCH"] == "1"))
    func searchAsYouType() throws {
        let n = Int(Self.environment["PROMPTDECK_BENCH_N"] ?? "") ?? 100_000
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pd-histbench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try HistoryStore.open(path: folder.appendingPathComponent("history.sqlite").path)
        let words = [
            "flower", "shop", "leeds", "bakery", "coffee", "bicycle", "garden", "harbour", "lantern", "meadow",
            "orchard", "pottery", "quarry", "river", "saddle", "timber", "velvet", "willow", "yarn", "zephyr",
        ]
        let fillStart = ContinuousClock.now
        var batch: [RunRecord] = []
        let start = Date().addingTimeInterval(-86_400 * 100)
        for i in 0..<n {
            let a = words[i % words.count]
            let b = words[(i / 7) % words.count]
            let c = words[(i * 13 + 5) % words.count]
            var record = RunRecord(
                id: HistoryStore.newRunID(date: start.addingTimeInterval(Double(i) * 60)),
                createdAt: start.addingTimeInterval(Double(i) * 60), promptID: "prompt-\(i % 40)",
                promptName: "Prompt \(i % 40)", templateSource: "Write about {{topic}}.",
                renderedPrompt: "Write a tagline about \(a) and \(b) number \(i).", kind: "completion",
                profileName: "local", endpointURL: "http://127.0.0.1:9/v1/completions", model: "model-\(i % 5)",
                variables: .object(["topic": .string("\(a) \(b)")]), requestBody: "{}", streamed: true, status: .ok)
            record.outputs = [0: "A \(c) \(a) for every \(b) lover, run \(i)."]
            batch.append(record)
            if batch.count == 5_000 || i == n - 1 {
                try store.insert(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        // Runs are queued for the search index as they are written; the first search indexes them (v12).
        let indexStart = ContinuousClock.now
        try store.indexPendingRuns()
        print("bench: filled \(n) runs in \(indexStart - fillStart), indexed in \(ContinuousClock.now - indexStart)")

        var state = Fixtures.state(rows: 40, columns: 120)
        var pending = update(&state, .key(.char("h")))
        _ = update(&state, .key(.char("/")))
        var timings: [(String, Double, Int)] = []
        for character in "flower shop leeds" {
            let began = ContinuousClock.now
            pending = update(&state, .key(.char(character)))
            var count = 0
            for case .queryHistory(let query, let sequence) in pending {
                let rows = try query.rows(in: store)
                count = rows.count
                _ = update(&state, .historyListed(sequence: sequence, rows: rows))
            }
            _ = render(state)
            let ms =
                Double((ContinuousClock.now - began).components.attoseconds) / 1e15
                + Double((ContinuousClock.now - began).components.seconds) * 1000
            timings.append((state.history?.query.text ?? "", ms, count))
        }
        for (text, ms, count) in timings {
            print("bench: '\(text)' -> \(count) rows in \(String(format: "%.2f", ms)) ms")
        }
        let sorted = timings.map(\.1).sorted()
        print(
            "bench: \(n) runs, keystroke -> results drawn: median \(String(format: "%.2f", sorted[sorted.count / 2])) ms, "
                + "max \(String(format: "%.2f", sorted.last ?? 0)) ms")
    }
}
