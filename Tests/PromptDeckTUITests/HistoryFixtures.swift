import Foundation
import Testing

@testable import PromptDeckCore
@testable import PromptDeckTUI

/// Deterministic history rows, records and events for the history browser's tests.
enum HistoryFixtures {
    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    static func summary(
        _ id: String, minutes: Int, prompt: String = "examples/tagline", model: String = "gpt-4o-mini",
        status: RunStatus = .ok, firstLine: String = "Bloom: where Leeds comes to smell the roses.",
        parent: String? = nil
    ) -> RunSummary {
        RunSummary(
            id: id, createdAt: base.addingTimeInterval(Double(minutes) * 60), promptID: prompt, model: model,
            profileName: "local", status: status, totalTokens: status == .ok ? 51 : nil,
            timeToFirstTokenMs: status == .ok ? 120 : nil, durationMs: 1500, firstLine: firstLine, groupID: nil,
            parentID: parent)
    }

    static let rows: [HistoryRow] = [
        HistoryRow(summary: summary("1jd3k9x2pxaaaa", minutes: 5, parent: "1jd3k9w0qccccc")),
        HistoryRow(
            summary: summary(
                "1jd3k9x1zbbbbb", minutes: 3, model: "llama-3", status: .error, firstLine: "")),
        HistoryRow(summary: summary("1jd3k9w0qccccc", minutes: 0, status: .cancelled, firstLine: "Bloom: fre")),
    ]

    static let tokens: [TokenLogprob] = [
        TokenLogprob(
            token: "Bloom", logprob: -0.01,
            topLogprobs: [.init(token: "Bloom", logprob: -0.01), .init(token: "Petal", logprob: -4.8)]),
        TokenLogprob(
            token: ":", logprob: -0.4,
            topLogprobs: [.init(token: ":", logprob: -0.4), .init(token: ",", logprob: -1.2)]),
        TokenLogprob(
            token: " fresh", logprob: -1.2,
            topLogprobs: [.init(token: " where", logprob: -0.9), .init(token: " fresh", logprob: -1.2)]),
        TokenLogprob(token: " flowers", logprob: -2.5, topLogprobs: [.init(token: " flowers", logprob: -2.5)]),
    ]

    static func record(id: String = "1jd3k9x2pxaaaa", parent: String? = "1jd3k9w0qccccc") -> RunRecord {
        var record = RunRecord(
            id: id, createdAt: base.addingTimeInterval(300), promptID: "examples/tagline", promptName: "Tagline",
            templateSource: "template: |\n  Write a tagline for {{shop}}.\n",
            renderedPrompt: "Write a tagline for Bloom.",
            kind: "completion", profileName: "local", endpointURL: "http://127.0.0.1:9/v1/completions",
            model: "gpt-4o-mini", variables: .object(["shop": .string("Bloom")]),
            parameters: .object(["temperature": .number(0.7), "logprobs": .number(2)]),
            requestBody: #"{"logprobs":2,"model":"gpt-4o-mini","prompt":"Write a tagline for Bloom."}"#,
            streamed: true, status: .ok, parentID: parent)
        record.outputs = [0: "Bloom: fresh flowers"]
        record.finishReasons = [0: "stop"]
        record.httpStatus = 200
        record.usage = Usage(promptTokens: 9, completionTokens: 4, totalTokens: 13)
        record.timeToFirstTokenMs = 120
        record.durationMs = 400
        record.responseHeaders = [HTTPHeader("x-portkey-trace-id", "pd-trace-0001")]
        record.logprobs = [0: tokens]
        return record
    }

    static let events: [RecordedEvent] = [
        RecordedEvent(sequence: 0, offsetMs: 120, choice: 0, text: "Bloom", logprobs: [tokens[0]]),
        RecordedEvent(sequence: 1, offsetMs: 220, choice: 0, text: ":", logprobs: [tokens[1]]),
        RecordedEvent(sequence: 2, offsetMs: 320, choice: 0, text: " fresh", logprobs: [tokens[2]]),
        RecordedEvent(sequence: 3, offsetMs: 1320, choice: 0, text: " flowers", logprobs: [tokens[3]]),
    ]

    static func detail(currentSource: String? = nil) -> HistoryDetail {
        HistoryDetail(
            record: record(), events: events, parent: rows[2].summary,
            children: [summary("1jd3k9y5rddddd", minutes: 10, parent: "1jd3k9x2pxaaaa")],
            currentSource: currentSource)
    }

    /// A playground state with history open, rows listed and the first run's detail loaded.
    static func browsing(rows: Int = 24, columns: Int = 80, detail: HistoryDetail? = nil) -> AppState {
        var state = Fixtures.state(rows: rows, columns: columns)
        _ = update(&state, .key(.char("h")))
        state.history?.timeZone = TimeZone(identifier: "UTC") ?? .current
        _ = update(&state, .historyListed(sequence: 1, rows: HistoryFixtures.rows))
        _ = update(&state, .historyRunLoaded(detail ?? HistoryFixtures.detail()))
        return state
    }
}
