import Foundation
import Testing

@testable import PromptDeckCore

/// Fills a history with many realistic runs and prints costs. Not a timed test: it only runs with
/// `PROMPTDECK_BENCH=1` (`PROMPTDECK_BENCH_N` runs, default 1,000,000; `PROMPTDECK_BENCH_PATH` keeps the file).
@Suite struct HistoryScaleBenchmark {
    static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: environment["PROMPTDECK_BENCH"] == "1"))
    func fillAndMeasure() throws {
        let n = Int(Self.environment["PROMPTDECK_BENCH_N"] ?? "") ?? 1_000_000
        let folder = TemporaryFolder()
        let path = Self.environment["PROMPTDECK_BENCH_PATH"] ?? folder.historyFile
        try? FileManager.default.removeItem(atPath: path)
        let store = try HistoryStore.open(path: path)
        var rng = SplitMix(seed: 42)
        let words = Self.wordList(&rng)
        let start = Date().addingTimeInterval(-365 * 86_400)
        let step = 365 * 86_400 / Double(n)
        let sample = min(2_000, n / 10)
        let bulk = n - sample

        let fillStart = ContinuousClock.now
        var batch: [RunRecord] = []
        for i in 0..<bulk {
            batch.append(Self.record(i, at: start + Double(i) * step, words: words, rng: &rng))
            if batch.count == 5_000 || i == bulk - 1 {
                try store.insert(batch)
                batch.removeAll(keepingCapacity: true)
            }
            if i % 100_000 == 99_999 { print("bench: \(i + 1) runs in \(ContinuousClock.now - fillStart)") }
        }
        // Runs are queued for the search index as they are written; the first search indexes them (v12).
        let indexStart = ContinuousClock.now
        try store.indexPendingRuns()
        let fillTime = ContinuousClock.now - fillStart
        print("bench: of which indexing the search index \(ContinuousClock.now - indexStart)")

        // The real recorder path (begin, 3 appends of 10 events, finish), one transaction each, at full size.
        var beginTime = Duration.zero, appendTime = Duration.zero, finishTime = Duration.zero
        for i in bulk..<n {
            var record = Self.record(i, at: start + Double(i) * step, words: words, rng: &rng)
            let output = record.outputs[0] ?? ""
            record.status = .running
            record.outputs = [:]
            var t = ContinuousClock.now
            try store.begin(record)
            beginTime += ContinuousClock.now - t
            for chunk in 0..<3 {
                let events = (0..<10).map { e in
                    RecordedEvent(
                        sequence: chunk * 10 + e, offsetMs: 40 * (chunk * 10 + e), choice: 0, text: "tok\(e) ")
                }
                record.outputs = [0: String(output.prefix((chunk + 1) * output.count / 3))]
                t = ContinuousClock.now
                try store.append(events, snapshot: record)
                appendTime += ContinuousClock.now - t
            }
            record.status = .ok
            t = ContinuousClock.now
            try store.finish(record)
            finishTime += ContinuousClock.now - t
        }
        let perRun = { (d: Duration) in String(format: "%.3f", Self.ms(d) / Double(max(1, sample))) }

        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let size = Self.fileSize(path) + Self.fileSize(path + "-wal")
        let list = try Self.median { _ = try store.list(limit: 50) }
        let listFiltered = try Self.median { _ = try store.list(filter: .init(promptID: "prompt-7"), limit: 50) }
        let rare = try Self.median { _ = try store.search(query: "zanzibarquux") }
        let common = try Self.median { _ = try store.search(query: words[0]) }
        let prefix = try Self.median { _ = try store.search(query: String(words[3].prefix(3))) }
        print(
            """
            bench: runs \(n) (bulk \(bulk) in \(fillTime), \(String(format: "%.3f", Self.ms(fillTime) / Double(max(1, bulk)))) ms/run batched)
            bench: recorder path per run: begin \(perRun(beginTime)) ms, 3x append(10 events) \(perRun(appendTime)) ms, \
            finish \(perRun(finishTime)) ms
            bench: file \(size / 1_048_576) MiB, \(size / Int64(n)) bytes/run
            bench: list 50 newest \(String(format: "%.2f", list)) ms; list 50 --prompt \(String(format: "%.2f", listFiltered)) ms
            bench: search rare \(String(format: "%.2f", rare)) ms; common '\(words[0])' \(String(format: "%.2f", common)) ms; \
            prefix '\(words[3].prefix(3))' \(String(format: "%.2f", prefix)) ms (medians of 7)
            """)
    }

    static func record(_ i: Int, at date: Date, words: [String], rng: inout SplitMix) -> RunRecord {
        func text(_ count: Int) -> String {
            var out = ""
            while out.count < count {
                // Skewed choice: a few words are very common, most are rare (like real text).
                let u = Double(rng.next() % 1_000_000) / 1_000_000
                out += words[Int(u * u * u * Double(words.count))] + (rng.next() % 12 == 0 ? ".\n" : " ")
            }
            return out
        }
        let prompt = "prompt-\(rng.next() % 50)"
        let models = [
            "gpt-4o-mini", "gpt-4o", "llama-3.1-8b", "mistral-small", "claude-haiku", "qwen2.5-7b", "gemma-2", "echo",
        ]
        let rendered = text(200 + Int(rng.next() % 300))
        var output = text(200 + Int(rng.next() % 1_800))
        if i % 100_000 == 50_000 { output += " zanzibarquux" }
        var r = RunRecord(
            id: HistoryStore.newRunID(date: date), createdAt: date, promptID: prompt, promptName: prompt.capitalized,
            templateSource: "{{topic}}\n" + rendered.prefix(120), renderedPrompt: rendered, kind: "chat",
            profileName: ["local", "portkey", "openai"][Int(rng.next() % 3)],
            endpointURL: "https://api.example.com/v1/chat/completions",
            model: models[Int(rng.next() % UInt64(models.count))], variables: ["topic": .string(text(30))],
            parameters: ["temperature": 0.7, "max_tokens": 512],
            requestBody: JSONValue.object([
                "model": "m", "messages": [["role": "user", "content": .string(rendered)]], "stream": true,
            ]).serialized(),
            requestHeaders: [
                HTTPHeader("content-type", "application/json"), HTTPHeader("authorization", "Bearer ***"),
            ],
            streamed: true, status: .ok)
        let roll = rng.next() % 100
        r.status = roll < 90 ? .ok : roll < 95 ? .error : roll < 98 ? .cancelled : .interrupted
        r.outputs = [0: output]
        r.finishReasons = [0: "stop"]
        r.usage = Usage(
            promptTokens: rendered.count / 4, completionTokens: output.count / 4,
            totalTokens: (rendered.count + output.count) / 4)
        r.timeToFirstTokenMs = 100 + Int(rng.next() % 900)
        r.durationMs = 1_000 + Int(rng.next() % 9_000)
        r.finishedAt = date.addingTimeInterval(Double(r.durationMs ?? 0) / 1000)
        return r
    }

    static func wordList(_ rng: inout SplitMix) -> [String] {
        let common = ["the", "and", "of", "to", "a", "in", "is", "that", "for", "it", "with", "as", "was", "on"]
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let invented = (0..<5_000).map { _ in
            String((0..<(3 + Int(rng.next() % 8))).map { _ in letters[Int(rng.next() % 26)] })
        }
        return common + invented
    }

    static func median(_ body: () throws -> Void) throws -> Double {
        try body()  // warm the cache
        var times: [Double] = []
        for _ in 0..<7 {
            let t = ContinuousClock.now
            try body()
            times.append(ms(ContinuousClock.now - t))
        }
        return times.sorted()[times.count / 2]
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// A small seeded generator so every benchmark run writes the same data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
