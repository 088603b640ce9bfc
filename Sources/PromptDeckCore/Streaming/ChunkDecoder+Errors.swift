extension ChunkDecoder {
    /// The error a failed HTTP response describes, worded for the user; the caller shows `status` itself.
    ///
    /// Understands OpenAI's `{"error": {"message", "type", "code"}}` and `{"error": "..."}`, Portkey's
    /// `{"status": "failure", "message"}`, a bare `{"message"}` or `{"detail"}`; an HTML page becomes its
    /// `<title>` (or "HTML error page"), an empty body "empty response body", anything else its first 200
    /// characters. Text is passed through `displaySafe(_:limit:)`.
    public static func decodeHTTPError(status: Int, body: [UInt8], contentType: String?) -> ServerError {
        body.withUnsafeBufferPointer { buffer in
            let trimmed = trimmingWhitespace(buffer)
            if trimmed.isEmpty { return ServerError(message: "empty response body") }
            // JSON first: some servers label a JSON error `text/html`.
            switch try? JSONValue.parse(trimmed) {
            case .string(let message)?: return ServerError(message: displaySafe(message, limit: 200))
            case let value?: if let error = serverError(from: value) { return error }
            case nil: break
            }
            if looksLikeHTML(trimmed, contentType: contentType) {
                return ServerError(message: htmlTitle(in: trimmed) ?? "HTML error page")
            }
            return ServerError(message: displaySafe(String(decoding: trimmed, as: UTF8.self), limit: 200))
        }
    }

    /// `text` made safe to print on a terminal (`TerminalSafeText`), trimmed, and cut to `limit` characters
    /// (an ellipsis marks the cut).
    public static func displaySafe(_ text: String, limit: Int? = nil) -> String {
        var source = Substring(text).drop(while: \.isWhitespace)
        while source.last?.isWhitespace == true { source.removeLast() }
        var suffix = ""
        if let limit, source.count > limit {
            source = source.prefix(limit)
            suffix = "…"
        }
        return TerminalSafeText.make(String(source)) + suffix
    }

    // MARK: - Error shapes

    /// An `event: error` server-sent event, its data JSON or plain text.
    static func errorEvent(_ data: String) -> ServerError {
        var data = data
        return data.withUTF8 { bytes in
            let trimmed = trimmingWhitespace(bytes)
            if trimmed.isEmpty { return ServerError(message: "the server reported an error without details") }
            return serverError(inJSON: trimmed)
        }
    }

    /// The error in a chunk or body already known to carry one; falls back to the text itself.
    static func serverError(inJSON bytes: UnsafeBufferPointer<UInt8>) -> ServerError {
        if let value = try? JSONValue.parse(bytes), let error = serverError(from: value) { return error }
        return ServerError(message: displaySafe(String(decoding: bytes, as: UTF8.self), limit: 200))
    }

    static func serverError(from value: JSONValue) -> ServerError? {
        guard case .object(let object) = value else { return nil }
        switch object["error"] {
        case .string(let message)?:
            return ServerError(message: displaySafe(message))
        case .object(let error)?:
            let message = error["message"]?.stringValue ?? JSONValue.object(error).serialized()
            return ServerError(
                message: displaySafe(message, limit: error["message"] == nil ? 200 : nil),
                type: error["type"]?.stringValue.map { displaySafe($0) }, code: codeText(error["code"]))
        default:
            break
        }
        let failed = object["status"]?.stringValue == "failure"
        if let message = object["message"]?.stringValue ?? object["detail"]?.stringValue {
            return ServerError(
                message: displaySafe(message), type: object["type"]?.stringValue.map { displaySafe($0) },
                code: codeText(object["code"]))
        }
        return failed ? ServerError(message: "the request failed (Portkey gave no message)") : nil
    }

    /// A `code` as text: OpenAI sends strings, some gateways numbers.
    private static func codeText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let code)?: return displaySafe(code)
        case .number(let code)?: return JSONValue.format(code)
        default: return nil
        }
    }

    // MARK: - HTML

    private static func looksLikeHTML(_ bytes: UnsafeBufferPointer<UInt8>, contentType: String?) -> Bool {
        if let contentType, contentType.lowercased().contains("html") { return true }
        guard bytes.first == UInt8(ascii: "<") else { return false }
        let head = UnsafeBufferPointer(rebasing: bytes[..<min(bytes.count, 4096)])
        return ["<!doctype html", "<html", "<head", "<body", "<title"].contains { find($0, in: head, from: 0) != nil }
    }

    /// The page's `<title>`, entities decoded and whitespace collapsed; nil when it has none.
    private static func htmlTitle(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let open = find("<title", in: bytes, from: 0),
            let close = bytes[open...].firstIndex(of: UInt8(ascii: ">"))
        else { return nil }
        let end = find("</title", in: bytes, from: close + 1) ?? min(bytes.count, close + 1 + 1024)
        var title = String(decoding: UnsafeBufferPointer(rebasing: bytes[(close + 1)..<end]), as: UTF8.self)
        for (entity, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " "),
            ("&amp;", "&"),
        ] {
            title = title.replacing(entity, with: character)
        }
        title = title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return title.isEmpty ? nil : displaySafe(title, limit: 200)
    }

    /// Where `needle` (lowercase ASCII) first occurs in `bytes` at or after `start`, ignoring ASCII case.
    private static func find(_ needle: String, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        for i in start...(bytes.count - pattern.count) {
            var matched = true
            for (j, expected) in pattern.enumerated() {
                let byte = bytes[i + j]
                let lowered = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                if lowered != expected {
                    matched = false
                    break
                }
            }
            if matched { return i }
        }
        return nil
    }
}
