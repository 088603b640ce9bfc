/// Turns what a user typed into a safe FTS5 query: every word becomes a quoted phrase (so `-`, `:`, `*`,
/// `AND`, quotes and parentheses are just text). A word typed with a trailing `*` matches as a prefix;
/// with `prefixLastWord` (search as you type) so does the last word.
enum SearchQuery {
    /// The FTS5 MATCH expression, or nil when the text holds nothing searchable.
    static func matchExpression(_ text: String, prefixLastWord: Bool = true) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace).filter { word in
            word.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
        guard !words.isEmpty else { return nil }
        let endsWithSpace = text.last?.isWhitespace ?? false
        return words.enumerated().map { index, word in
            let explicitPrefix = word.hasSuffix("*")
            let core = explicitPrefix ? word.dropLast() : word
            let phrase = "\"" + core.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let typing = prefixLastWord && index == words.count - 1 && !endsWithSpace
            return explicitPrefix || typing ? phrase + "*" : phrase
        }.joined(separator: " ")
    }
}
