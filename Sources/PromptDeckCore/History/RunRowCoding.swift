import Foundation
import GRDB

/// Turns a `RunRecord` into column values and back. JSON columns hold sorted-key JSON.
enum RunRowCoding {
    /// Header names whose values are always masked before they reach the file, whatever the caller did.
    static let secretHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "x-portkey-api-key", "x-portkey-virtual-key", "api-key",
        "x-api-key",
    ]
    /// URL query parameters masked the same way (some providers take a key in the query).
    static let secretQueryNames: Set<String> = ["key", "api-key", "api_key", "apikey", "access_token", "token"]

    static let insertSQL = """
        INSERT INTO run (id, created_at, finished_at, prompt_id, prompt_name, template_source, partials,
            rendered_prompt, kind, profile, endpoint_url, model, variables, parameters, request_body,
            request_headers, streamed, status, http_status, error_message, outputs, finish_reasons,
            output_preview, prompt_tokens, completion_tokens, total_tokens, ttft_ms, duration_ms,
            response_headers, logprobs, group_id, parent_id, writer_pid, writer_start, variant)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func insertArguments(_ r: RunRecord, writer: WriterProcess) -> StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = [
            r.id, milliseconds(r.createdAt), r.finishedAt.map(milliseconds), r.promptID, r.promptName,
            r.templateSource, stringMap(r.partials), r.renderedPrompt, r.kind, r.profileName,
            maskedURL(r.endpointURL), r.model, r.variables.serialized(), r.parameters.serialized(),
            r.requestBody, headers(masked(r.requestHeaders)), r.streamed, r.status.rawValue,
        ]
        values += stateValues(r)
        values += [r.groupID, r.parentID, Int64(writer.pid), writer.startMarker, r.variantLabel]
        return StatementArguments(values)
    }

    /// Everything that changes while a run streams, in `insertSQL` order from `http_status`; without the
    /// output and logprobs (what grows with the run) unless `growing`.
    private static func stateValues(_ r: RunRecord, growing: Bool = true) -> [(any DatabaseValueConvertible)?] {
        var values: [(any DatabaseValueConvertible)?] = [r.httpStatus, r.errorMessage]
        if growing { values.append(intMap(r.outputs)) }
        values += [
            intMap(r.finishReasons), preview(r), r.usage?.promptTokens, r.usage?.completionTokens,
            r.usage?.totalTokens, r.timeToFirstTokenMs, r.durationMs, headers(masked(r.responseHeaders)),
        ]
        if growing { values.append(logprobs(r.logprobs)) }
        return values
    }

    /// A flush while the run streams: everything `finishSQL` writes but the output and logprobs, which
    /// grow with the run (the output is the events' text until the finish writes it).
    static let snapshotSQL = """
        UPDATE run SET status = ?, http_status = ?, error_message = ?, finish_reasons = ?,
            output_preview = ?, prompt_tokens = ?, completion_tokens = ?, total_tokens = ?, ttft_ms = ?,
            duration_ms = ?, response_headers = ?
        WHERE id = ?
        """

    static func snapshotArguments(_ r: RunRecord) -> StatementArguments {
        StatementArguments([r.status.rawValue] + stateValues(r, growing: false) + [r.id])
    }

    static let finishSQL = """
        UPDATE run SET status = ?, http_status = ?, error_message = ?, outputs = ?, finish_reasons = ?,
            output_preview = ?, prompt_tokens = ?, completion_tokens = ?, total_tokens = ?, ttft_ms = ?,
            duration_ms = ?, response_headers = ?, logprobs = ?, finished_at = ?
        WHERE id = ?
        """

    static func finishArguments(_ r: RunRecord) -> StatementArguments {
        let finished = milliseconds(r.finishedAt ?? Date())
        return StatementArguments([r.status.rawValue] + stateValues(r) + [finished, r.id])
    }

    /// The columns of migrations v5 and v7, written after the insert or finish (they are only known at the end).
    static let extrasSQL = "UPDATE run SET tokens_estimated = ?, timings = ?, attempts = ? WHERE id = ?"

    static func extrasArguments(_ r: RunRecord) -> StatementArguments {
        [r.tokensEstimated, r.timings.map(encode), r.attempts.isEmpty ? nil : encode(r.attempts), r.id]
    }

    /// The columns of migration v9 (checks and cost), written once a run has been checked.
    static let evaluationSQL = """
        UPDATE run SET checks = ?, checks_passed = ?, checks_failed = ?, cost_usd = ?, cost_estimated = ?,
            cached_tokens = coalesce(?, cached_tokens)
        WHERE id = ?
        """

    static func evaluationArguments(
        runID: String, checks: [CheckResult], cost: RunCost?, cachedTokens: Int? = nil
    ) -> StatementArguments {
        let tally = CheckTally(checks)
        return [
            checks.isEmpty ? nil : encode(checks), checks.isEmpty ? nil : tally.passed,
            checks.isEmpty ? nil : tally.failed, cost?.usd, cost?.estimated ?? false, cachedTokens, runID,
        ]
    }

    /// The columns of migration v8 (reasoning, tool calls, conversation), written only for runs that have any.
    static let conversationSQL = """
        UPDATE run SET reasoning = ?, reasoning_tokens = ?, reasoning_ttft_ms = ?, tool_calls = ?, conversation = ?
        WHERE id = ?
        """

    static func hasConversationColumns(_ r: RunRecord) -> Bool {
        !r.conversation.isEmpty || !r.reasoning.isEmpty || !r.toolCalls.isEmpty || r.usage?.reasoningTokens != nil
    }

    static func conversationArguments(_ r: RunRecord) -> StatementArguments {
        [
            r.reasoning.isEmpty ? nil : intMap(r.reasoning), r.usage?.reasoningTokens, r.timeToFirstReasoningMs,
            r.toolCalls.isEmpty ? nil : encode(Dictionary(uniqueKeysWithValues: r.toolCalls.map { (String($0), $1) })),
            r.conversation.isEmpty ? nil : ConversationMessage.encode(r.conversation), r.id,
        ]
    }

    static let eventSQL = """
        INSERT OR REPLACE INTO run_event (run_seq, sequence, offset_ms, choice, text, logprobs, channel)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    static func eventArguments(_ e: RecordedEvent, runSeq: Int64) -> StatementArguments {
        [
            runSeq, e.sequence, e.offsetMs, e.choice, e.text, e.logprobs.map(encode),
            e.channel == .answer ? nil : e.channel.rawValue,
        ]
    }

    // MARK: Decoding

    static func record(from row: Row) -> RunRecord {
        var r = RunRecord(
            id: row["id"], createdAt: date(row["created_at"]), promptID: row["prompt_id"],
            promptName: row["prompt_name"], templateSource: row["template_source"],
            partials: parseStringMap(row["partials"]), renderedPrompt: row["rendered_prompt"], kind: row["kind"],
            profileName: row["profile"], endpointURL: row["endpoint_url"], model: row["model"],
            variables: json(row["variables"]), parameters: json(row["parameters"]),
            requestBody: row["request_body"], requestHeaders: parseHeaders(row["request_headers"]),
            streamed: row["streamed"], status: RunStatus(rawValue: row["status"]) ?? .error,
            groupID: row["group_id"], parentID: row["parent_id"])
        r.finishedAt = (row["finished_at"] as Int64?).map(date)
        r.variantLabel = row.hasColumn("variant") ? row["variant"] : nil
        r.versionNumber = row.hasColumn("version_number") ? row["version_number"] : nil
        r.httpStatus = row["http_status"]
        r.errorMessage = row["error_message"]
        r.outputs = parseIntMap(row["outputs"])
        r.finishReasons = parseIntMap(row["finish_reasons"])
        let usage = Usage(
            promptTokens: row["prompt_tokens"], completionTokens: row["completion_tokens"],
            totalTokens: row["total_tokens"])
        r.usage = usage == Usage() ? nil : usage
        r.tokensEstimated = row.hasColumn("tokens_estimated") ? row["tokens_estimated"] ?? false : false
        r.timings = row.hasColumn("timings") ? (row["timings"] as String?).flatMap { decode($0) } : nil
        r.attempts = row.hasColumn("attempts") ? (row["attempts"] as String?).flatMap { decode($0) } ?? [] : []
        if row.hasColumn("checks") {
            r.checkResults = (row["checks"] as String?).flatMap { decode($0) } ?? []
            r.cost = (row["cost_usd"] as Double?).map { RunCost(usd: $0, estimated: row["cost_estimated"] ?? false) }
        }
        if row.hasColumn("cached_tokens"), let cached = row["cached_tokens"] as Int? {
            var usage = r.usage ?? Usage()
            usage.cachedPromptTokens = cached
            r.usage = usage
        }
        r.timeToFirstTokenMs = row["ttft_ms"]
        r.durationMs = row["duration_ms"]
        r.responseHeaders = parseHeaders(row["response_headers"])
        let logprobs: [String: [TokenLogprob]] = decode(row["logprobs"]) ?? [:]
        r.logprobs = Dictionary(uniqueKeysWithValues: logprobs.compactMap { k, v in Int(k).map { ($0, v) } })
        if row.hasColumn("conversation") { decodeConversationColumns(row, into: &r) }
        return r
    }

    /// The v8 columns.
    private static func decodeConversationColumns(_ row: Row, into r: inout RunRecord) {
        r.reasoning = (row["reasoning"] as String?).map(parseIntMap) ?? [:]
        r.timeToFirstReasoningMs = row["reasoning_ttft_ms"]
        if let tokens = row["reasoning_tokens"] as Int? {
            var usage = r.usage ?? Usage()
            usage.reasoningTokens = tokens
            r.usage = usage
        }
        let calls: [String: [ToolCall]] = (row["tool_calls"] as String?).flatMap { decode($0) } ?? [:]
        r.toolCalls = Dictionary(uniqueKeysWithValues: calls.compactMap { k, v in Int(k).map { ($0, v) } })
        r.conversation = (row["conversation"] as String?).map(ConversationMessage.decode) ?? []
    }

    static func event(from row: Row) -> RecordedEvent {
        let channel = row.hasColumn("channel") ? (row["channel"] as String?).flatMap(RecordedEvent.Channel.init) : nil
        return RecordedEvent(
            sequence: row["sequence"], offsetMs: row["offset_ms"], choice: row["choice"], text: row["text"],
            logprobs: (row["logprobs"] as String?).flatMap { decode($0) }, channel: channel ?? .answer)
    }

    // MARK: Helpers

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    static func masked(_ headers: [HTTPHeader]) -> [HTTPHeader] {
        headers.map { h in
            guard secretHeaderNames.contains(h.name.lowercased()), h.value != "***", h.value != "Bearer ***"
            else { return h }
            return HTTPHeader(h.name, h.value.hasPrefix("Bearer ") ? "Bearer ***" : "***")
        }
    }

    static func maskedURL(_ url: String) -> String {
        guard var parts = URLComponents(string: url), let items = parts.queryItems,
            items.contains(where: { secretQueryNames.contains($0.name.lowercased()) })
        else { return url }
        parts.queryItems = items.map {
            secretQueryNames.contains($0.name.lowercased()) ? .init(name: $0.name, value: "***") : $0
        }
        return parts.string ?? url
    }

    /// The first line of the output, or of the first tool call when the answer is only calls.
    static func preview(_ r: RunRecord) -> String {
        let text = preview(r.outputs)
        guard text.isEmpty, let call = r.toolCalls.keys.min().flatMap({ r.toolCalls[$0]?.first }) else { return text }
        return String(("→ " + call.summary).prefix(200))
    }

    /// The first non-blank line of the lowest choice's output, for list views.
    ///
    /// It runs on every history flush, so it reads no further into the output than the line it shows: of a
    /// long line only the first `previewScanLimit` Characters are looked at, when they are enough to tell.
    static func preview(_ outputs: [Int: String]) -> String {
        guard let first = outputs.keys.min(), let text = outputs[first] else { return "" }
        var rest = text[...]
        while !rest.isEmpty {
            var end = rest.startIndex
            var count = 0
            while end < rest.endIndex, !rest[end].isNewline, count <= previewScanLimit {
                end = rest.index(after: end)
                count += 1
            }
            let piece = rest[..<end]
            if count > previewScanLimit {
                // A long line: its start decides unless it is all blank or ends its text early.
                guard !piece.allSatisfy(\.isWhitespace) else { return wholePreview(rest) }
                let trimmed = piece.trimmingCharacters(in: .whitespaces)
                let shown = trimmed.prefix(200)
                let more = trimmed[shown.endIndex...].unicodeScalars.contains { !CharacterSet.whitespaces.contains($0) }
                return more ? String(shown) : wholePreview(rest)
            }
            if !piece.allSatisfy(\.isWhitespace) {
                return String(piece.trimmingCharacters(in: .whitespaces).prefix(200))
            }
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[rest.endIndex...]
        }
        return ""
    }

    static let previewScanLimit = 1024

    /// The preview's definition, reading all of `text`.
    private static func wholePreview(_ text: Substring) -> String {
        let line = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        return String(line.trimmingCharacters(in: .whitespaces).prefix(200))
    }

    static func stringMap(_ map: [String: String]) -> String {
        JSONValue.object(map.mapValues { .string($0) }).serialized()
    }
    /// The same text as `JSONValue.object` of the map serialized (keys sorted as strings), written byte by
    /// byte: it holds the whole output and is written on every history flush.
    static func intMap(_ map: [Int: String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(map.values.reduce(16) { $0 + $1.utf8.count + 8 })
        for (position, (key, value)) in map.map({ (String($0.key), $0.value) }).sorted(by: { $0.0 < $1.0 })
            .enumerated()
        {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            JSONStringWriter.append(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONStringWriter.append(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
    static func headers(_ headers: [HTTPHeader]) -> String {
        JSONValue.array(headers.map { .array([.string($0.name), .string($0.value)]) }).serialized()
    }
    static func logprobs(_ map: [Int: [TokenLogprob]]) -> String {
        encode(Dictionary(uniqueKeysWithValues: map.map { (String($0.key), $0.value) }))
    }

    static func json(_ text: String) -> JSONValue { (try? JSONValue.parse(text)) ?? .null }
    static func parseStringMap(_ text: String) -> [String: String] {
        json(text).objectValue?.compactMapValues(\.stringValue) ?? [:]
    }
    static func parseIntMap(_ text: String) -> [Int: String] {
        var out: [Int: String] = [:]
        for (k, v) in json(text).objectValue ?? [:] { if let i = Int(k), let s = v.stringValue { out[i] = s } }
        return out
    }
    static func parseHeaders(_ text: String) -> [HTTPHeader] {
        (json(text).arrayValue ?? []).compactMap { pair in
            guard let p = pair.arrayValue, p.count == 2, let n = p[0].stringValue, let v = p[1].stringValue
            else { return nil }
            return HTTPHeader(n, v)
        }
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "null"
    }
    static func decode<T: Decodable>(_ text: String) -> T? { try? JSONDecoder().decode(T.self, from: Data(text.utf8)) }
}
