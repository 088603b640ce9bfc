import Foundation
import PromptDeckCore

/// The one-line summary after a run: time to first token, tokens, tok/s, duration, finish reason, trace, cache.
enum RunReport {
    static func line(for record: RunRecord, eventCount: Int) -> String {
        var parts: [String] = [record.status.rawValue]
        if let ttft = record.timeToFirstReasoningMs { parts.append("reasoning ttft \(ttft) ms") }
        if let ttft = record.timeToFirstTokenMs { parts.append("ttft \(ttft) ms") }
        // The server's count; else Core's estimate from a stream's deltas (`tokensEstimated`), shown as `~N`.
        // A whole body without usage has no count: its one delta per choice says nothing about length.
        let tokens = record.completionTokens ?? 0
        if record.completionTokens == nil && eventCount > 0 {
            parts.append("? tokens")
        } else {
            parts.append((record.tokensEstimated ? "~" : "") + "\(tokens) tokens")
        }
        if let duration = record.durationMs {
            let generating = Double(duration - (record.timeToFirstTokenMs ?? 0)) / 1000
            if tokens > 0, generating > 0 { parts.append(String(format: "%.1f tok/s", Double(tokens) / generating)) }
            parts.append(String(format: "%.2f s", Double(duration) / 1000))
        }
        if let reasoning = record.usage?.reasoningTokens, reasoning > 0 {
            parts.append("\(reasoning) reasoning tokens")
        }
        let reasons = Set(record.finishReasons.values).sorted()
        if !reasons.isEmpty { parts.append(reasons.joined(separator: ",")) }
        let called = record.toolCalls.keys.sorted().flatMap { record.toolCalls[$0] ?? [] }.map(\.name)
        if !called.isEmpty { parts.append("called " + called.joined(separator: ", ")) }
        if let timings = record.timings { parts.append("server " + timings.summary) }
        if let trace = record.responseHeaders.value(for: "x-portkey-trace-id") { parts.append("trace \(trace)") }
        if let cache = record.responseHeaders.value(for: "x-portkey-cache-status") { parts.append("cache \(cache)") }
        if record.responseHeaders.value(for: "x-promptdeck-provider") == "echo" { parts.append("echo") }
        if let cost = record.cost { parts.append(cost.text) }
        if let badge = CheckTally(record.checkResults).badge { parts.append(badge) }
        parts.append("run \(record.id)")
        return parts.joined(separator: " · ")
    }

    /// The final response in OpenAI's shape, plus PromptDeck's timings and captured headers (`--json`).
    static func json(for record: RunRecord) -> JSONValue {
        let isChat = record.kind == PromptKind.chat.rawValue
        let choices: [JSONValue] = Set(record.outputs.keys).union(record.finishReasons.keys).sorted().map { index in
            var choice: [String: JSONValue] = [
                "index": .int(index),
                "finish_reason": record.finishReasons[index].map(JSONValue.string) ?? .null,
            ]
            let text = JSONValue.string(record.outputs[index] ?? "")
            if isChat {
                var message =
                    ConversationMessage.assistant(
                        record.outputs[index] ?? "", toolCalls: record.toolCalls[index] ?? []
                    ).json.objectValue ?? [:]
                if let reasoning = record.reasoning[index] { message["reasoning_content"] = .string(reasoning) }
                choice["message"] = .object(message)
            } else {
                choice["text"] = text
            }
            if let logprobs = record.logprobs[index] {
                choice["logprobs"] = .array(
                    logprobs.map {
                        [
                            "token": .string($0.token), "logprob": .number($0.logprob),
                            "top_logprobs": .array(
                                $0.topLogprobs.map { ["token": .string($0.token), "logprob": .number($0.logprob)] }),
                        ]
                    })
            }
            return .object(choice)
        }
        var object: [String: JSONValue] = [
            "id": .string(record.id), "object": .string(isChat ? "chat.completion" : "text_completion"),
            "created": .int(Int(record.createdAt.timeIntervalSince1970)), "model": .string(record.model),
            "choices": .array(choices),
        ]
        if let usage = record.usage {
            var fields: [String: JSONValue] = [
                "prompt_tokens": usage.promptTokens.map(JSONValue.int) ?? .null,
                "completion_tokens": usage.completionTokens.map(JSONValue.int) ?? .null,
                "total_tokens": usage.totalTokens.map(JSONValue.int) ?? .null,
            ]
            if let reasoning = usage.reasoningTokens {
                fields["completion_tokens_details"] = ["reasoning_tokens": .int(reasoning)]
            }
            if let cached = usage.cachedPromptTokens {
                fields["prompt_tokens_details"] = ["cached_tokens": .int(cached)]
            }
            object["usage"] = .object(fields)
        }
        var headers: [String: JSONValue] = [:]
        for header in record.responseHeaders { headers[header.name.lowercased()] = .string(header.value) }
        object["promptdeck"] = [
            "run_id": .string(record.id), "status": .string(record.status.rawValue),
            "profile": .string(record.profileName), "http_status": record.httpStatus.map(JSONValue.int) ?? .null,
            "error": record.errorMessage.map(JSONValue.string) ?? .null,
            "ttft_ms": record.timeToFirstTokenMs.map(JSONValue.int) ?? .null,
            "duration_ms": record.durationMs.map(JSONValue.int) ?? .null, "headers": .object(headers),
            "tokens_estimated": .bool(record.tokensEstimated), "timings": record.timings?.json ?? .null,
            "attempts": .array(record.attempts.map(\.json)),
            "cost": EvaluationReport.json(record.cost),
            "checks": .array(record.checkResults.map(EvaluationReport.json)),
            "reasoning_ttft_ms": record.timeToFirstReasoningMs.map(JSONValue.int) ?? .null,
            "parent_id": record.parentID.map(JSONValue.string) ?? .null,
            "conversation": .array(record.conversation.map(\.json)),
        ]
        return .object(object)
    }
}
