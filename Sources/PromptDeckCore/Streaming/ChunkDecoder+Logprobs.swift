extension ChunkDecoder {
    /// The tokens of a choice's `logprobs` value, in either shape; nil when it holds none.
    ///
    /// - Chat: `{"content": [{"token", "logprob", "bytes", "top_logprobs": [{"token", "logprob"}]}]}`.
    /// - Text completion: `{"tokens": [], "token_logprobs": [], "top_logprobs": [{token: logprob} or null],
    ///   "text_offset": []}`.
    ///
    /// Alternatives are sorted most likely first. A null logprob (the first token when `echo` is on) becomes
    /// `-infinity`, "no probability given", rather than a number that would look real.
    /// Only requested logprobs reach here, so this builds a `JSONValue` tree rather than scanning.
    static func tokenLogprobs(in bytes: UnsafeBufferPointer<UInt8>) -> [TokenLogprob]? {
        guard let value = try? JSONValue.parse(bytes), case .object(let object) = value else { return nil }
        let tokens: [TokenLogprob]
        if let content = object["content"] {
            tokens = (content.arrayValue ?? []).compactMap(chatToken)
        } else if let texts = object["tokens"]?.arrayValue {
            tokens = textCompletionTokens(
                texts, logprobs: object["token_logprobs"]?.arrayValue ?? [],
                alternatives: object["top_logprobs"]?.arrayValue ?? [])
        } else {
            return nil
        }
        return tokens.isEmpty ? nil : tokens
    }

    private static func chatToken(_ value: JSONValue) -> TokenLogprob? {
        guard let token = value["token"]?.stringValue else { return nil }
        let alternatives = (value["top_logprobs"]?.arrayValue ?? []).compactMap { item -> TokenLogprob.Alternative? in
            guard let token = item["token"]?.stringValue else { return nil }
            return TokenLogprob.Alternative(token: token, logprob: item["logprob"]?.doubleValue ?? -.infinity)
        }
        return TokenLogprob(
            token: token, logprob: value["logprob"]?.doubleValue ?? -.infinity,
            topLogprobs: mostLikelyFirst(alternatives))
    }

    private static func textCompletionTokens(
        _ texts: [JSONValue], logprobs: [JSONValue], alternatives: [JSONValue]
    ) -> [TokenLogprob] {
        texts.indices.compactMap { i in
            guard let token = texts[i].stringValue else { return nil }
            let logprob = i < logprobs.count ? logprobs[i].doubleValue : nil
            let top = (i < alternatives.count ? alternatives[i].objectValue : nil) ?? [:]
            // A JSON object has no order: sort by token first so ties come out the same every time.
            let options = top.sorted { $0.key < $1.key }.map { entry in
                TokenLogprob.Alternative(token: entry.key, logprob: entry.value.doubleValue ?? -.infinity)
            }
            return TokenLogprob(token: token, logprob: logprob ?? -.infinity, topLogprobs: mostLikelyFirst(options))
        }
    }

    /// Sorted by logprob, highest first; ties keep their order.
    private static func mostLikelyFirst(_ alternatives: [TokenLogprob.Alternative]) -> [TokenLogprob.Alternative] {
        alternatives.enumerated()
            .sorted { a, b in
                a.element.logprob != b.element.logprob ? a.element.logprob > b.element.logprob : a.offset < b.offset
            }
            .map(\.element)
    }
}
