/// Turns what a user typed into a safe FTS5 query: every word becomes a quoted phrase (so `-`, `:`, `*`,
/// `AND`, quotes and parentheses are just text) and the last word matches as a prefix, for search as you type.
enum SearchQuery {
    /// The FTS5 MATCH expression, or nil when the text holds nothing searchable.
    static func matchExpression(_ text: String) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace).filter { word in
            word.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
        guard !words.isEmpty else { return nil }
        let endsWithSpace = text.last?.isWhitespace ?? false
        return words.enumerated().map { index, word in
            let phrase = "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return index == words.count - 1 && !endsWithSpace ? phrase + "*" : phrase
        }.joined(separator: " ")
    }
}
