import Foundation

/// Turns a recorded run into something to keep or share: JSON, a runnable curl command, a Markdown report.
public enum RunExporter {
    /// The whole run, events included when given, as pretty sorted-key JSON.
    public static func json(_ record: RunRecord, events: [RecordedEvent]? = nil) -> String {
        var value = jsonValue(record)
        if let events, case .object(var object) = value {
            object["events"] = .array(events.map(jsonValue))
            value = .object(object)
        }
        return value.serialized(pretty: true) + "\n"
    }

    /// A POSIX shell command that sends the recorded request again, byte for byte. Secret headers read
    /// their value from the environment variable `secretEnvironment[lowercased header name]`
    /// (`PROMPTDECK_API_KEY` when unknown). The body travels through `printf '%s'` (a shell builtin, so
    /// no argument-size limit) into `--data-binary @-`, which keeps every byte; a heredoc would add a newline.
    public static func curl(_ record: RunRecord, secretEnvironment: [String: String] = [:]) -> String {
        var lines = ["printf '%s' \(shellQuoted(record.requestBody)) |"]
        lines.append("  curl -sS -N -X POST \(shellQuoted(record.endpointURL))")
        var headers = record.requestHeaders.filter { !["content-length", "host"].contains($0.name.lowercased()) }
        if headers.value(for: "content-type") == nil {
            headers.insert(HTTPHeader("content-type", "application/json"), at: 0)
        }
        for header in headers {
            let name = header.name.lowercased()
            let isSecret =
                secretEnvironment[name] != nil || RunRowCoding.secretHeaderNames.contains(name)
                || header.value.contains("***")
            if isSecret {
                let variable = secretEnvironment[name].flatMap(validVariableName) ?? "PROMPTDECK_API_KEY"
                let prefix = header.value.hasPrefix("Bearer ") ? "Bearer " : ""
                lines.append("    -H \(shellQuoted("\(header.name): \(prefix)"))\"$\(variable)\"")
            } else {
                lines.append("    -H \(shellQuoted("\(header.name): \(header.value)"))")
            }
        }
        lines.append("    --data-binary @-")
        return lines.joined(separator: " \\\n").replacingOccurrences(of: "| \\\n", with: "|\n") + "\n"
    }

    /// A readable report: prompt, model, parameters, rendered prompt, output per choice, metrics.
    public static func markdown(_ record: RunRecord) -> String {
        var out = "# Run \(record.id): \(record.promptName) (`\(record.promptID)`)\n\n"
        out += "| | |\n|---|---|\n"
        var facts: [(String, String)] = [
            ("Status", record.status.rawValue + (record.httpStatus.map { " (HTTP \($0))" } ?? "")),
            ("Created", iso(record.createdAt)), ("Profile", record.profileName), ("Model", record.model),
            ("Endpoint", record.endpointURL), ("Kind", record.kind), ("Streamed", record.streamed ? "yes" : "no"),
        ]
        if let error = record.errorMessage { facts.append(("Error", error)) }
        if let group = record.groupID { facts.append(("Group", group)) }
        if let parent = record.parentID { facts.append(("Re-run of", parent)) }
        for (name, value) in facts { out += "| \(name) | \(cell(value)) |\n" }
        out += table("Parameters", record.parameters)
        out += table("Variables", record.variables)
        out += "\n## Rendered prompt\n\n" + fenced(record.renderedPrompt)
        if !record.conversation.isEmpty {
            out +=
                "\n## Earlier turns and this turn's messages\n\n"
                + fenced(
                    record.conversation.map(\.summary).joined(separator: "\n\n"))
        }
        for choice in record.reasoning.keys.sorted() {
            out +=
                "\n## Reasoning\(record.reasoning.count > 1 ? " (choice \(choice))" : "")\n\n"
                + fenced(record.reasoning[choice] ?? "")
        }
        for choice in record.toolCalls.keys.sorted() {
            let calls = (record.toolCalls[choice] ?? []).map { "\($0.id)  \($0.summary)" }
            out +=
                "\n## Tool calls\(record.toolCalls.count > 1 ? " (choice \(choice))" : "")\n\n"
                + fenced(calls.joined(separator: "\n"))
        }
        for choice in record.outputs.keys.sorted() {
            let title = record.outputs.count > 1 ? "Output (choice \(choice))" : "Output"
            let reason = record.finishReasons[choice].map { " (finish: \($0))" } ?? ""
            out += "\n## \(title)\(reason)\n\n" + fenced(record.outputs[choice] ?? "")
        }
        out += "\n## Metrics\n\n"
        out += "- Time to first token: \(record.timeToFirstTokenMs.map { "\($0) ms" } ?? "n/a")\n"
        out += "- Duration: \(record.durationMs.map { "\($0) ms" } ?? "n/a")\n"
        if let usage = record.usage {
            out +=
                "- Tokens: \(usage.promptTokens.map(String.init) ?? "?") prompt, "
                + "\(usage.completionTokens.map(String.init) ?? "?") completion, "
                + "\(usage.totalTokens.map(String.init) ?? "?") total"
                + (record.tokensEstimated ? " (estimated: the server reported no usage)" : "") + "\n"
        }
        if let timings = record.timings { out += "- Server timings: \(timings.summary)\n" }
        for attempt in record.attempts {
            out +=
                "- Attempt \(attempt.number): \(attempt.message); retried after \(RunAttempt.seconds(attempt.delayMs))\n"
        }
        return out
    }

    // MARK: Helpers

    /// `'text'` for a POSIX shell: nothing inside single quotes is special; a quote becomes `'\''`.
    public static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func validVariableName(_ name: String) -> String? {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic),
            name.unicodeScalars.allSatisfy({
                $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
            })
        else { return nil }
        return name
    }

    private static func table(_ title: String, _ value: JSONValue) -> String {
        guard let object = value.objectValue, !object.isEmpty else { return "" }
        var out = "\n## \(title)\n\n| Name | Value |\n|---|---|\n"
        for key in object.keys.sorted() {
            let v = object[key] ?? .null
            out += "| \(cell(key)) | \(cell(v.stringValue ?? v.serialized())) |\n"
        }
        return out
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: "<br>")
            .replacingOccurrences(of: "\n", with: "<br>")
    }

    /// A code fence longer than any run of backticks in the text, so the text cannot close it.
    private static func fenced(_ text: String) -> String {
        var longest = 0
        var current = 0
        for c in text {
            current = c == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "\n" + text + (text.hasSuffix("\n") ? "" : "\n") + fence + "\n"
    }

    private static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    private static func jsonValue(_ r: RunRecord) -> JSONValue {
        func intMap(_ m: [Int: String]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: m.map { (String($0.key), .string($0.value)) }))
        }
        func headers(_ h: [HTTPHeader]) -> JSONValue {
            .array(h.map { .object(["name": .string($0.name), "value": .string($0.value)]) })
        }
        func optional(_ i: Int?) -> JSONValue { i.map { .int($0) } ?? .null }
        let logprobs = JSONValue.object(
            Dictionary(uniqueKeysWithValues: r.logprobs.map { (String($0.key), .array($0.value.map(jsonValue))) }))
        return [
            "id": .string(r.id), "createdAt": .string(iso(r.createdAt)),
            "finishedAt": r.finishedAt.map { .string(iso($0)) } ?? .null,
            "promptID": .string(r.promptID), "promptName": .string(r.promptName),
            "templateSource": .string(r.templateSource),
            "partials": .object(r.partials.mapValues { .string($0) }), "renderedPrompt": .string(r.renderedPrompt),
            "kind": .string(r.kind), "profile": .string(r.profileName), "endpointURL": .string(r.endpointURL),
            "model": .string(r.model), "variables": r.variables, "parameters": r.parameters,
            "requestBody": .string(r.requestBody), "requestHeaders": headers(r.requestHeaders),
            "streamed": .bool(r.streamed), "status": .string(r.status.rawValue), "httpStatus": optional(r.httpStatus),
            "errorMessage": r.errorMessage.map { .string($0) } ?? .null, "outputs": intMap(r.outputs),
            "finishReasons": intMap(r.finishReasons),
            "usage": r.usage.map {
                [
                    "promptTokens": optional($0.promptTokens), "completionTokens": optional($0.completionTokens),
                    "totalTokens": optional($0.totalTokens), "reasoningTokens": optional($0.reasoningTokens),
                    "cachedPromptTokens": optional($0.cachedPromptTokens),
                ]
            } ?? .null,
            "reasoning": intMap(r.reasoning), "timeToFirstReasoningMs": optional(r.timeToFirstReasoningMs),
            "toolCalls": .object(
                Dictionary(uniqueKeysWithValues: r.toolCalls.map { (String($0.key), .array($0.value.map(\.json))) })),
            "conversation": .array(r.conversation.map(\.json)),
            "tokensEstimated": .bool(r.tokensEstimated), "timings": r.timings?.json ?? .null,
            "attempts": .array(r.attempts.map(\.json)),
            "timeToFirstTokenMs": optional(r.timeToFirstTokenMs), "durationMs": optional(r.durationMs),
            "responseHeaders": headers(r.responseHeaders), "logprobs": logprobs,
            "groupID": r.groupID.map { .string($0) } ?? .null, "parentID": r.parentID.map { .string($0) } ?? .null,
            "versionNumber": optional(r.versionNumber),
            "checks": .array(r.checkResults.map(EvaluationReport.json)), "cost": EvaluationReport.json(r.cost),
        ]
    }

    private static func jsonValue(_ e: RecordedEvent) -> JSONValue {
        [
            "sequence": .int(e.sequence), "offsetMs": .int(e.offsetMs), "choice": .int(e.choice),
            "text": .string(e.text), "channel": .string(e.channel.rawValue),
            "logprobs": e.logprobs.map { .array($0.map(jsonValue)) } ?? .null,
        ]
    }

    private static func jsonValue(_ t: TokenLogprob) -> JSONValue {
        [
            "token": .string(t.token), "logprob": .number(t.logprob),
            "topLogprobs": .array(t.topLogprobs.map { ["token": .string($0.token), "logprob": .number($0.logprob)] }),
        ]
    }
}
