import Foundation

/// What the echo provider says to one request: the words, cut by `max_tokens` and `stop`, for `n` choices.
struct EchoAnswer {
    let isChat: Bool
    let stream: Bool
    let choices: Int
    let model: String
    /// The tokens (words with their trailing space) each choice emits.
    let tokens: [String]
    let finishReason: String
    let promptTokens: Int
    /// The canned call the answer makes instead of text, when the request offers tools (see `EchoToolCall`).
    let toolCall: EchoToolCall?
    let created = Int(Date().timeIntervalSince1970)
    let id = "echo-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)

    init(request: JSONValue, isChat: Bool) {
        self.isChat = isChat
        stream = request["stream"]?.boolValue ?? false
        choices = max(1, request["n"]?.intValue ?? 1)
        model = request["model"]?.stringValue ?? "echo"
        let source: String
        toolCall = isChat ? EchoToolCall(request: request) : nil
        if isChat {
            let messages = request["messages"]?.arrayValue ?? []
            let user = messages.last { $0["role"]?.stringValue == "user" } ?? messages.last
            source = EchoToolCall.resultsText(messages) ?? user?["content"]?.stringValue ?? ""
            promptTokens = messages.reduce(0) { $0 + Self.words(in: $1["content"]?.stringValue ?? "").count }
        } else {
            let prompt = request["prompt"]
            source = prompt?.stringValue ?? prompt?.arrayValue?.first?.stringValue ?? ""
            promptTokens = Self.words(in: source).count
        }
        let limit =
            request["max_completion_tokens"]?.intValue ?? request["max_tokens"]?.intValue ?? (isChat ? Int.max : 16)
        var stops: [String] = []
        if let stop = request["stop"]?.stringValue { stops = [stop] }
        if let list = request["stop"]?.arrayValue { stops = list.compactMap(\.stringValue) }
        (tokens, finishReason) = Self.cut(Self.words(in: source), limit: limit, stops: stops.filter { !$0.isEmpty })
    }

    /// Splits text into words that keep their trailing whitespace, so joining them restores the text.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inSpace = false
        for character in text {
            if character.isWhitespace {
                inSpace = true
            } else if inSpace {
                words.append(current)
                current = ""
                inSpace = false
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Applies `max_tokens` then `stop`: the output ends before the first stop sequence.
    static func cut(_ words: [String], limit: Int, stops: [String]) -> ([String], String) {
        let kept = Array(words.prefix(max(0, limit)))
        var reason = kept.count < words.count ? "length" : "stop"
        let text = kept.joined()
        guard let stopIndex = stops.compactMap({ text.range(of: $0)?.lowerBound }).min() else { return (kept, reason) }
        reason = "stop"
        var remaining = text.distance(from: text.startIndex, to: stopIndex)
        var result: [String] = []
        for word in kept where remaining > 0 {
            if word.count <= remaining {
                result.append(word)
                remaining -= word.count
            } else {
                result.append(String(word.prefix(remaining)))
                remaining = 0
            }
        }
        return (result, reason)
    }

    var usage: JSONValue {
        let completion = (toolCall?.pieces.count ?? tokens.count) * choices
        return [
            "prompt_tokens": .int(promptTokens), "completion_tokens": .int(completion),
            "total_tokens": .int(promptTokens + completion),
        ]
    }

    private func envelope(_ choices: [JSONValue], object: String) -> [String: JSONValue] {
        [
            "id": .string(id), "object": .string(object), "created": .int(created), "model": .string(model),
            "system_fingerprint": "promptdeck-echo", "provider": "echo", "choices": .array(choices),
        ]
    }

    /// SSE events for a streamed answer: one per word per choice, interleaved, then finishes, usage and `[DONE]`.
    func chunks() -> [String] {
        let object = isChat ? "chat.completion.chunk" : "text_completion"
        var events: [String] = []
        func event(_ choices: [JSONValue], usage: JSONValue? = nil) {
            var fields = envelope(choices, object: object)
            if let usage { fields["usage"] = usage }
            events.append("data: " + JSONValue.object(fields).serialized() + "\n\n")
        }
        if let toolCall {
            for piece in toolCall.streamedDeltas() {
                event((0..<choices).map { ["index": .int($0), "delta": piece, "finish_reason": .null] })
            }
        }
        for (step, token) in toolCall == nil ? Array(tokens.enumerated()) : [] {
            event(
                (0..<choices).map { index in
                    if isChat {
                        var delta: [String: JSONValue] = ["content": .string(token)]
                        if step == 0 { delta["role"] = "assistant" }
                        return ["index": .int(index), "delta": .object(delta), "finish_reason": .null]
                    }
                    return ["index": .int(index), "text": .string(token), "logprobs": .null, "finish_reason": .null]
                })
        }
        event(
            (0..<choices).map { index in
                isChat
                    ? [
                        "index": .int(index), "delta": [:],
                        "finish_reason": .string(toolCall == nil ? finishReason : "tool_calls"),
                    ]
                    : ["index": .int(index), "text": "", "logprobs": .null, "finish_reason": .string(finishReason)]
            }, usage: usage)
        events.append("data: [DONE]\n\n")
        return events
    }

    /// The whole answer as one JSON body (`stream: false`).
    func wholeBody() -> String {
        let text = tokens.joined()
        let choiceValues: [JSONValue] = (0..<choices).map { index in
            if let toolCall {
                return [
                    "index": .int(index), "finish_reason": "tool_calls",
                    "message": ["role": "assistant", "content": .null, "tool_calls": [toolCall.json]],
                ]
            }
            return isChat
                ? [
                    "index": .int(index), "message": ["role": "assistant", "content": .string(text)],
                    "finish_reason": .string(finishReason),
                ]
                : [
                    "index": .int(index), "text": .string(text), "logprobs": .null,
                    "finish_reason": .string(finishReason),
                ]
        }
        var fields = envelope(choiceValues, object: isChat ? "chat.completion" : "text_completion")
        fields["usage"] = usage
        return JSONValue.object(fields).serialized()
    }

    static func errorBody(_ message: String) -> String {
        JSONValue.object(["error": ["message": .string(message), "type": "invalid_request_error"]]).serialized()
    }
}
