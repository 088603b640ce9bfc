/// Edit distance (insert, delete, substitute, swap two neighbours; case ignored), for "did you mean" hints.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                // Two neighbours swapped ("teh") is one typo, not two.
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
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
