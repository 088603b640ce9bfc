import ArgumentParser
import Foundation
import PromptDeckCore

/// `history show`: everything recorded about one run.
struct HistoryShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show everything about one run.")
    @OptionGroup var location: LocationOptions
    @Argument(help: "Run id or a unique prefix of it.") var id: String
    @Flag(help: "Print the run as JSON (with its stream events).") var json = false
    @Flag(help: "Print untrusted text as is, even on a terminal.") var raw = false

    func run() throws {
        let store = try HistoryCLI.openForReading(location, runID: id)
        let (record, events, children, conversation) = try HistoryCLI.run { () throws(HistoryError) in
            let record = try store.run(prefix: id)
            let conversation = record.conversation.isEmpty ? nil : try store.conversation(endingAt: record.id)
            return (
                record, try store.events(runID: record.id), try store.children(of: record.id), conversation
            )
        }
        let version = try record.versionNumber.map { number in
            try HistoryCLI.run { () throws(HistoryError) in
                try store.version(PromptReference(promptID: record.promptID, selector: .number(number)))
            }
        }
        if json {
            StandardOutput.write(RunExporter.json(record, events: events))
            return
        }
        func safe(_ s: String) -> String { HistoryCLI.safe(s, raw: raw) }
        var out = "run        \(record.id)\n"
        out += "prompt     \(safe(record.promptID)) (\(safe(record.promptName))), \(safe(record.kind))\n"
        if let version {
            out += "version    \(version.number) (\(version.shortHash))"
            out += version.labels.isEmpty ? "\n" : " · labels: \(safe(version.labels.joined(separator: ", ")))\n"
        }
        out += "created    \(HistoryFormat.iso(record.createdAt))"
        out += record.finishedAt.map { "  finished \(HistoryFormat.iso($0))" } ?? ""
        out += "\nstatus     \(record.status.rawValue)" + (record.httpStatus.map { " (HTTP \($0))" } ?? "") + "\n"
        if let error = record.errorMessage { out += "error      \(safe(error))\n" }
        for attempt in record.attempts {
            out +=
                "attempt \(attempt.number)  \(safe(attempt.message)); retried after "
                + RunAttempt.seconds(attempt.delayMs) + "\n"
        }
        if !record.attempts.isEmpty {
            let final = record.attempts.count + 1
            out += "attempt \(final)  " + (record.status == .ok ? "answered" : record.status.rawValue) + "\n"
        }
        out += "profile    \(safe(record.profileName))\nmodel      \(safe(record.model))\n"
        out += "endpoint   \(safe(record.endpointURL))\n"
        if let usage = record.usage {
            let mark = record.tokensEstimated ? "~" : ""
            out +=
                "tokens     \(usage.promptTokens.map(String.init) ?? "?") prompt + "
                + "\(mark)\(usage.completionTokens ?? 0) completion = \(mark)\(usage.totalTokens ?? 0)"
                + (record.tokensEstimated ? " (estimated: the server reported no usage)" : "")
                + (usage.reasoningTokens.flatMap { $0 > 0 ? " (\($0) reasoning)" : nil } ?? "")
                + (usage.cachedPromptTokens.map { " (\($0) prompt tokens cached)" } ?? "") + "\n"
        }
        if let timings = record.timings { out += "server     \(timings.summary)\n" }
        if record.usage != nil || record.cost != nil {
            // A cost recorded with the run, else priced now; `–` when the model has no price.
            let cost =
                record.cost ?? (try? CommandContext(location: location))?.configuration.priceTable.cost(of: record)
            out += "cost       \(RunCost.text(cost))" + (cost?.estimated == true ? " (estimated)" : "") + "\n"
        }
        if let badge = CheckTally(record.checkResults).badge {
            out += "checks     \(badge)\n"
            for result in record.checkResults {
                let mark = result.status == .passed ? "✔" : result.status == .failed ? "✖" : "–"
                let choice = record.outputs.count > 1 ? " (choice \(result.choice + 1))" : ""
                out += "  \(mark) \(safe(result.name))\(choice)" + (result.message.map { ": " + safe($0) } ?? "") + "\n"
            }
        }
        out +=
            "timing     "
            + (record.timeToFirstReasoningMs.map { "reasoning ttft \(HistoryFormat.milliseconds($0)), " } ?? "")
            + "ttft \(record.timeToFirstTokenMs.map(HistoryFormat.milliseconds) ?? "-"), "
            + "total \(record.durationMs.map(HistoryFormat.milliseconds) ?? "-"), \(events.count) stream events\n"
        if let group = record.groupID { out += "group      \(safe(group))\n" }
        if let parent = record.parentID {
            out += (record.conversation.isEmpty ? "re-run of  " : "continues  ") + safe(parent) + "\n"
        }
        if !children.isEmpty { out += "re-runs    " + children.map(\.id).joined(separator: ", ") + "\n" }
        out += section("variables", safe(record.variables.serialized(pretty: true)))
        out += section("parameters", safe(record.parameters.serialized(pretty: true)))
        out += section("rendered prompt", safe(record.renderedPrompt))
        if let conversation {
            out += section(
                "conversation (\(conversation.turns.count) turns)", safe(ConversationText.make(conversation)))
        }
        out += section(
            "request headers", record.requestHeaders.map { safe("\($0.name): \($0.value)") }.joined(separator: "\n"))
        out += section("request body", safe(record.requestBody))
        for choice in record.outputs.keys.sorted() {
            let reason = record.finishReasons[choice].map { ", finish: \($0)" } ?? ""
            // Choices are numbered from 1 for people; the JSON keeps the API's 0-based index.
            out += section("output (choice \(choice + 1)\(safe(reason)))", safe(record.outputs[choice] ?? ""))
        }
        for choice in record.reasoning.keys.sorted() {
            out += section("reasoning (choice \(choice + 1))", safe(record.reasoning[choice] ?? ""))
        }
        for choice in record.toolCalls.keys.sorted() {
            let calls = (record.toolCalls[choice] ?? []).map { "\($0.id)  \($0.summary)" }
            out += section("tool calls (choice \(choice + 1))", safe(calls.joined(separator: "\n")))
        }
        if !record.responseHeaders.isEmpty {
            out += section(
                "response headers",
                record.responseHeaders.map { safe("\($0.name): \($0.value)") }.joined(separator: "\n"))
        }
        StandardOutput.write(out)
    }

    private func section(_ title: String, _ body: String) -> String {
        "\n── \(title) ──\n" + body + (body.hasSuffix("\n") ? "" : "\n")
    }
}

/// `history replay`: the recorded stream again, at its recorded pace.
struct HistoryReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay a run's stream at its recorded pace.")
    @OptionGroup var location: LocationOptions
    @Argument(help: "Run id or a unique prefix of it.") var id: String
    @Option(help: "Speed: 1, 2, 10 (times real time) or instant.") var speed: String = "1"
    @Flag(help: "Print untrusted text as is, even on a terminal.") var raw = false

    func run() throws {
        guard let pace = ReplayTimeline.Speed(speed) else {
            throw HistoryCLI.invalidInput("--speed '\(speed)' is not a speed (use 1, 2, 10 or instant)")
        }
        let store = try HistoryCLI.openForReading(location, runID: id)
        let (record, events) = try HistoryCLI.run { () throws(HistoryError) in
            let record = try store.run(prefix: id)
            return (record, try store.events(runID: record.id))
        }
        guard !events.isEmpty else {
            // Not streamed (or nothing arrived): show the outputs at once.
            for choice in record.outputs.keys.sorted() {
                if record.outputs.count > 1 { StandardOutput.write("[choice \(choice + 1)] ") }
                StandardOutput.write(HistoryCLI.safe(record.outputs[choice] ?? "", raw: raw) + "\n")
            }
            return
        }
        let timeline = ReplayTimeline(events: events, speed: pace)
        let clock = ContinuousClock()
        let start = clock.now
        var lastChoice: Int?
        var inReasoning = false
        for step in timeline.steps {
            let due = start.advanced(by: .milliseconds(step.dueMs))
            let wait = clock.now.duration(to: due)
            if wait > .zero {
                let (seconds, attoseconds) = wait.components
                var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
                var remaining = timespec()
                while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
            }
            if timeline.hasSeveralChoices && step.choice != lastChoice {
                StandardOutput.write((lastChoice == nil ? "" : "\n") + "[choice \(step.choice + 1)] ")
                lastChoice = step.choice
            }
            // Reasoning is shown apart, as `run --show-reasoning` does.
            if (step.channel == .reasoning) != inReasoning {
                inReasoning.toggle()
                StandardOutput.write(inReasoning ? "── reasoning ──\n" : "\n── answer ──\n")
            }
            StandardOutput.write(HistoryCLI.safe(step.text, raw: raw))
        }
        StandardOutput.write("\n")
        for call in record.toolCalls.keys.sorted().flatMap({ record.toolCalls[$0] ?? [] }) {
            StandardOutput.write(HistoryCLI.safe("tool call \(call.id): \(call.summary)", raw: raw) + "\n")
        }
    }
}
