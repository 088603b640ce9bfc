/// Levenshtein distance, for "did you mean" hints.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The closest candidate within `maximum` edits, if any.
    public static func nearest(to word: String, in candidates: some Sequence<String>, maximum: Int = 2) -> String? {
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let d = between(word, candidate)
            guard d <= maximum else { continue }
            if let current = best, d > current.distance || (d == current.distance && candidate >= current.word) {
                continue
            }
            best = (candidate, d)
        }
        return best?.word
    }
}
