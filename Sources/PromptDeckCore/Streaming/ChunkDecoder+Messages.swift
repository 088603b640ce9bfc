/// The parts of a chat `delta` or `message` beyond its text: reasoning and tool calls; and reasoning tokens.
extension ChunkDecoder {
    /// What a chat `delta` or `message` object carries that PromptDeck reads.
    struct MessageFields {
        /// `content`; nil when absent, null or not a string.
        var content: String?
        /// Where `content`'s body is in the chunk, when it was written without escapes.
        var contentBody: Range<Int>?
        /// `reasoning_content` (DeepSeek, vLLM) or `reasoning` (OpenRouter, Ollama); both joined if both come.
        var reasoning: String?
        /// Where `tool_calls` is, when it is a list.
        var toolCalls: Range<Int>?
    }

    static func readMessage(_ scanner: inout Scanner) throws(Scanner.Malformed) -> MessageFields {
        var fields = MessageFields()
        guard try scanner.enter(UInt8(ascii: "{")) else {
            try scanner.skipValue()
            return fields
        }
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if Scanner.key(key, is: "content") {
                fields.content = try scanner.readString()
                fields.contentBody = scanner.plainStringBody
            } else if Scanner.key(key, is: "reasoning_content") || Scanner.key(key, is: "reasoning") {
                if let piece = try scanner.readString() { fields.reasoning = (fields.reasoning ?? "") + piece }
            } else if Scanner.key(key, is: "tool_calls"), scanner.peek() == UInt8(ascii: "[") {
                fields.toolCalls = try scanner.skipValueReturningRange()
            } else {
                try scanner.skipValue()
            }
        }
        return fields
    }

    /// The pieces of `tool_calls` (already checked to be well-formed JSON). Rare, so read through `JSONValue`.
    /// A call without `index` (a whole body's) takes its position in the list.
    static func toolCallDeltas(in bytes: UnsafeBufferPointer<UInt8>, choice: Int) -> [StreamEvent] {
        guard let calls = (try? JSONValue.parse(bytes))?.arrayValue else { return [] }
        return calls.enumerated().compactMap { position, call in
            guard call.objectValue != nil else { return nil }
            let function = call["function"]
            let arguments = function?["arguments"].map { $0.stringValue ?? ($0 == .null ? "" : $0.serialized()) }
            return .toolCallDelta(
                choice: choice, index: call["index"]?.intValue ?? position, id: call["id"]?.stringValue,
                name: function?["name"]?.stringValue, arguments: arguments ?? "")
        }
    }

    /// A count in a usage details object: `completion_tokens_details.reasoning_tokens`,
    /// `prompt_tokens_details.cached_tokens`.
    static func readDetailCount(_ scanner: inout Scanner, named name: StaticString) throws(Scanner.Malformed) -> Int? {
        guard try scanner.enter(UInt8(ascii: "{")) else {
            try scanner.skipValue()
            return nil
        }
        var tokens: Int?
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if Scanner.key(key, is: name) {
                tokens = try scanner.readInt()
            } else {
                try scanner.skipValue()
            }
        }
        return tokens
    }
}
