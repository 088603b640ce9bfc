import Foundation
import PromptDeckCore

/// The detail pane's text: the run's identity, metrics, fork tree, prompt-file changes, variables,
/// parameters, rendered prompt, request body, output per choice, headers and error, wrapped to a width.
enum HistoryDetailLines {
    typealias Line = (text: String, role: StyleRole)

    static func lines(_ detail: HistoryDetail, width: Int, timeZone: TimeZone) -> [Line] {
        var out: [Line] = []
        let record = detail.record
        func add(_ text: String, _ role: StyleRole = .text, indent: Int = 0) {
            let pad = String(repeating: " ", count: indent)
            var wrapped = WrappedText(width: max(1, width - indent))
            wrapped.append(TerminalSafeText.make(text))
            for index in 0..<max(1, wrapped.lineCount) { out.append((pad + wrapped.line(at: index), role)) }
        }
        func heading(_ text: String) {
            out.append(("", .text))
            out.append((text, .paneTitle))
        }
        add(
            "run \(record.id)  \(record.status.rawValue)" + (record.httpStatus.map { "  HTTP \($0)" } ?? ""),
            statusRole(record.status))
        add("\(record.promptID) (\(record.promptName)) · \(record.kind) · \(record.profileName) · \(record.model)")
        add(metrics(record, timeZone: timeZone), .listMeta)
        heading("Fork tree")
        out += tree(detail).map { ($0.text, $0.role) }
        if detail.promptChanged, let current = detail.currentSource {
            heading("Prompt file changed since this run (replay and re-run use the recorded template)")
            for line in UnifiedDiff.lines(old: record.templateSource, new: current) {
                switch line {
                case .context(let text): add("  " + text, .textDim)
                case .removed(let text): add("- " + text, .diffRemove)
                case .added(let text): add("+ " + text, .diffAdd)
                }
            }
        }
        if let error = record.errorMessage {
            heading("Error")
            add(error, .outputError, indent: 2)
        }
        if !record.attempts.isEmpty {
            heading("Attempts (the profile's retries:)")
            for attempt in record.attempts {
                add(
                    "\(attempt.number). \(attempt.message); retried after \(RunAttempt.seconds(attempt.delayMs))",
                    .listMeta, indent: 2)
            }
            add(
                "\(record.attempts.count + 1). \(record.status == .ok ? "answered" : record.status.rawValue)",
                .listMeta, indent: 2)
        }
        heading("Variables")
        for (name, value) in (record.variables.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            add("\(name) = \(value.stringValue ?? value.serialized())", indent: 2)
        }
        heading("Parameters")
        for (name, value) in (record.parameters.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            add("\(name): \(value.serialized())", indent: 2)
        }
        heading("Rendered prompt")
        add(record.renderedPrompt, .templateText, indent: 2)
        heading("Request body (\(record.endpointURL))")
        add(record.requestBody, .previewHeader, indent: 2)
        if !record.requestHeaders.isEmpty {
            heading("Request headers (secrets masked)")
            for header in record.requestHeaders { add("\(header.name): \(header.value)", .listMeta, indent: 2) }
        }
        for choice in record.outputs.keys.sorted() {
            let reason = record.finishReasons[choice].map { " · \($0)" } ?? ""
            heading(record.outputs.count > 1 ? "Output, choice \(choice + 1)\(reason)" : "Output\(reason)")
            add(record.outputs[choice] ?? "", .outputText, indent: 2)
        }
        if !record.responseHeaders.isEmpty {
            heading("Response headers")
            for header in record.responseHeaders { add("\(header.name): \(header.value)", .listMeta, indent: 2) }
        }
        return out
    }

    static func metrics(_ record: RunRecord, timeZone: TimeZone) -> String {
        var parts = [HistoryListLines.when(record.createdAt, in: timeZone)]
        if let version = record.versionNumber { parts.append("\(record.promptID)@\(version)") }
        if let ttft = record.timeToFirstTokenMs { parts.append("ttft \(ttft) ms") }
        if let duration = record.durationMs { parts.append("\(duration) ms") }
        if let usage = record.usage {
            let mark = record.tokensEstimated ? "~" : ""
            parts.append(
                "tokens \(usage.promptTokens.map(String.init) ?? "-")+\(mark)\(usage.completionTokens.map(String.init) ?? "-")"
                    + "=\(mark)\(usage.totalTokens.map(String.init) ?? "-")"
                    + (record.tokensEstimated ? " (estimated)" : ""))
        }
        if let timings = record.timings?.summary { parts.append("server " + TerminalSafeText.make(timings)) }
        if !record.logprobs.isEmpty { parts.append("logprobs") }
        return parts.joined(separator: " · ")
    }

    /// Parent, this run, and its children as a small tree.
    static func tree(_ detail: HistoryDetail) -> [Line] {
        var out: [Line] = []
        var indent = ""
        if let parent = detail.parent {
            out.append(("◇ \(summary(parent))", .listMeta))
            indent = "└─"
        } else if let parentID = detail.record.parentID {
            out.append(("◇ \(String(parentID.prefix(12))) (deleted)", .textDim))
            indent = "└─"
        }
        out.append(
            (indent + "● \(detail.record.id) \(detail.record.status.rawValue) (this run)", .text))
        let pad = indent.isEmpty ? "" : "  "
        for (index, child) in detail.children.enumerated() {
            let branch = index == detail.children.count - 1 ? "└─" : "├─"
            out.append((pad + "  " + branch + "○ " + summary(child), .listItem))
        }
        return out
    }

    static func summary(_ run: RunSummary) -> String {
        "\(run.id) \(run.status.rawValue) \(TerminalSafeText.make(run.firstLine))"
    }

    static func statusRole(_ status: RunStatus) -> StyleRole {
        switch status {
        case .ok: return .statusOK
        case .error, .interrupted: return .statusError
        case .cancelled: return .statusCancelled
        case .running: return .statusRunning
        }
    }
}
