import Foundation

@testable import PromptDeckCore

/// A fresh temporary folder per test, removed when the value goes away.
final class TemporaryFolder {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "promptdeck-history-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    var historyFile: String { path + "/data/history.sqlite" }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

enum HistoryFixtures {
    /// A run with every field set to something distinctive.
    static func fullRecord(
        id: String = HistoryStore.newRunID(), createdAt: Date = Date(timeIntervalSince1970: 1_715_000_000.123)
    ) -> RunRecord {
        var r = RunRecord(
            id: id, createdAt: createdAt, promptID: "tagline", promptName: "Tagline writer",
            templateSource: "Write a tagline for {{city}}.\n{{> tone}}", partials: ["tone": "Be {{mood}}."],
            renderedPrompt: "Write a tagline for Zürich.\nBe cheerful.", kind: "completion", profileName: "local",
            endpointURL: "http://127.0.0.1:8080/v1/completions", model: "gpt-test",
            variables: ["city": "Zürich", "mood": "cheerful", "n": 3],
            parameters: ["temperature": 0.7, "max_tokens": 64, "stop": ["\n\n"]],
            requestBody: #"{"model":"gpt-test","prompt":"Write a tagline for Zürich.\nBe cheerful.","stream":true}"#,
            requestHeaders: [
                HTTPHeader("Content-Type", "application/json"), HTTPHeader("Authorization", "Bearer ***"),
            ],
            streamed: true, status: .running, groupID: "grp1", parentID: "parent1")
        r.finishedAt = createdAt.addingTimeInterval(1.5)
        r.status = .ok
        r.httpStatus = 200
        r.errorMessage = "none really"
        r.outputs = [0: "Zürich: where lakes sparkle.\nSecond line", 1: "Another ✨ choice"]
        r.finishReasons = [0: "stop", 1: "length"]
        r.usage = Usage(promptTokens: 12, completionTokens: 20, totalTokens: 32)
        r.timeToFirstTokenMs = 120
        r.durationMs = 1500
        r.responseHeaders = [
            HTTPHeader("x-portkey-trace-id", "trace-123"), HTTPHeader("x-portkey-cache-status", "HIT"),
        ]
        r.logprobs = [
            0: [TokenLogprob(token: "Zür", logprob: -0.25, topLogprobs: [.init(token: "Zur", logprob: -1.5)])]
        ]
        return r
    }

    /// A plain finished run for list/search tests.
    static func run(
        id: String? = nil, at date: Date, prompt: String = "p", model: String = "m", profile: String = "local",
        status: RunStatus = .ok, output: String = "hello world", prompted: String = "say hello", tokens: Int = 10,
        groupID: String? = nil, parentID: String? = nil
    ) -> RunRecord {
        var r = RunRecord(
            id: id ?? HistoryStore.newRunID(date: date), createdAt: date, promptID: prompt,
            promptName: prompt.capitalized,
            templateSource: prompted, renderedPrompt: prompted, kind: "chat", profileName: profile,
            endpointURL: "http://localhost/v1/chat/completions", model: model, variables: ["topic": "weather"],
            requestBody: "{}", streamed: false, status: status, groupID: groupID, parentID: parentID)
        r.outputs = [0: output]
        r.usage = Usage(promptTokens: 1, completionTokens: tokens - 1, totalTokens: tokens)
        return r
    }
}
