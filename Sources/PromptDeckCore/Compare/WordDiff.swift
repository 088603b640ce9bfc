/// A word-level diff of two texts (Myers' O(ND) algorithm over words and the whitespace between them).
/// Joining the `equal` and `delete` runs gives the old text back; `equal` and `insert`, the new one.
public enum WordDiff {
    /// What a run of text is in the diff.
    public enum Operation: String, Sendable, Equatable {
        case equal, insert, delete
    }

    /// Consecutive tokens with the same operation.
    public struct Run: Sendable, Equatable {
        public var operation: Operation
        public var text: String

        public init(_ operation: Operation, _ text: String) {
            self.operation = operation
            self.text = text
        }
    }

    /// Beyond this many differing tokens the diff gives up on alignment: all of the old text is
    /// deleted and all of the new inserted (the trace would otherwise grow as the square).
    public static let maximumEditDistance = 2000

    /// The runs that turn `old` into `new`. Where two alignments are equally short, deletions come
    /// before insertions and the earliest match is kept, so the result is always the same.
    public static func diff(_ old: String, _ new: String) -> [Run] {
        let a = tokens(old)
        let b = tokens(new)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        var edits: [(Operation, Substring)] = a[..<prefix].map { (.equal, $0) }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        edits += middle(middleA, middleB)
        edits += a[(a.count - suffix)...].map { (.equal, $0) }
        return merge(edits)
    }

    /// Words and whitespace runs, alternating; together they are the whole text.
    public static func tokens(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        var start = text.startIndex
        var inSpace: Bool?
        var index = text.startIndex
        while index < text.endIndex {
            let space = text[index].isWhitespace
            if let current = inSpace, current != space {
                tokens.append(text[start..<index])
                start = index
            }
            inSpace = space
            index = text.index(after: index)
        }
        if start < text.endIndex { tokens.append(text[start...]) }
        return tokens
    }

    /// Myers' greedy forward search, keeping each round's frontier so the path can be traced back.
    private static func middle(_ a: [Substring], _ b: [Substring]) -> [(Operation, Substring)] {
        if a.isEmpty { return b.map { (.insert, $0) } }
        if b.isEmpty { return a.map { (.delete, $0) } }
        let n = a.count
        let m = b.count
        let limit = min(n + m, maximumEditDistance)
        let offset = limit + 1
        var frontier = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int32]] = []
        var found = false
        search: for d in 0...limit {
            trace.append(frontier[(offset - d - 1)...(offset + d + 1)].map { Int32($0) })
            for k in stride(from: -d, through: d, by: 2) {
                // Step down (insert) from k+1, or right (delete) from k-1: prefer the deletion on ties.
                var x: Int
                if k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]) {
                    x = frontier[offset + k + 1]
                } else {
                    x = frontier[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[offset + k] = x
                if x >= n && y >= m {
                    found = true
                    break search
                }
            }
        }
        guard found else { return a.map { (.delete, $0) } + b.map { (.insert, $0) } }
        return backtrack(trace, a, b)
    }

    /// Walks the saved frontiers from the end back to the start, collecting edits in reverse.
    private static func backtrack(_ trace: [[Int32]], _ a: [Substring], _ b: [Substring]) -> [(Operation, Substring)] {
        var x = a.count
        var y = b.count
        var edits: [(Operation, Substring)] = []
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let saved = trace[d]
            // `saved` holds the frontier before round d, for k from -d-1 to d+1.
            func at(_ k: Int) -> Int { Int(saved[k + d + 1]) }
            let k = x - y
            let previousK: Int
            if k == -d || (k != d && at(k - 1) < at(k + 1)) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d == 0 ? 0 : at(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                edits.append((.equal, a[x]))
            }
            if d > 0 {
                if x == previousX {
                    y -= 1
                    edits.append((.insert, b[y]))
                } else {
                    x -= 1
                    edits.append((.delete, a[x]))
                }
            }
        }
        return edits.reversed()
    }

    /// Joins neighbouring tokens with the same operation; within a change, deletions come first.
    private static func merge(_ edits: [(Operation, Substring)]) -> [Run] {
        var runs: [Run] = []
        var deleted = ""
        var inserted = ""
        func flushChange() {
            if !deleted.isEmpty { runs.append(Run(.delete, deleted)) }
            if !inserted.isEmpty { runs.append(Run(.insert, inserted)) }
            deleted = ""
            inserted = ""
        }
        for (operation, token) in edits {
            switch operation {
            case .delete: deleted += token
            case .insert: inserted += token
            case .equal:
                flushChange()
                if let last = runs.last, last.operation == .equal {
                    runs[runs.count - 1].text += token
                } else {
                    runs.append(Run(.equal, String(token)))
                }
            }
        }
        flushChange()
        return runs
    }
}
