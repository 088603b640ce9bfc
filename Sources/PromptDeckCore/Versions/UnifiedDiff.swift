/// A unified line diff (`diff -u` style) of two texts: what changed between two prompt versions.
public enum UnifiedDiff {
    /// One line of a hunk.
    public enum Line: Sendable, Equatable {
        case context(String), removed(String), added(String)

        /// The line as a unified diff prints it: ` text`, `-text`, `+text`.
        public var text: String {
            switch self {
            case .context(let line): return " " + line
            case .removed(let line): return "-" + line
            case .added(let line): return "+" + line
            }
        }
    }

    /// A run of changes with its context; starts are 1-based line numbers, as in `@@ -1,3 +1,4 @@`.
    public struct Hunk: Sendable, Equatable {
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        public var lines: [Line]

        /// `@@ -3,4 +3,5 @@` (a count of 1 is left out, as `diff -u` does).
        public var header: String {
            func range(_ start: Int, _ count: Int) -> String {
                count == 1 ? "\(start)" : "\(count == 0 ? start - 1 : start),\(count)"
            }
            return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@"
        }
    }

    /// Line pairs past this many (after common leading and trailing lines are set aside) are not aligned:
    /// the middle shows as all removed, then all added. Prompt files stay far below it.
    public static let alignmentLimit = 4_000_000

    /// The hunks that turn `old` into `new`, each with up to `context` unchanged lines around its changes.
    /// Empty when the texts have the same lines. A missing newline at the end is not a difference.
    public static func hunks(old: String, new: String, context: Int = 3) -> [Hunk] {
        let lines = changes(lines(of: old), lines(of: new))
        guard lines.contains(where: { if case .context = $0 { false } else { true } }) else { return [] }
        // Positions of changed lines, then group those within 2 × context of each other.
        var hunks: [Hunk] = []
        var oldLine = 1
        var newLine = 1
        var positions: [(old: Int, new: Int)] = []
        for line in lines {
            positions.append((oldLine, newLine))
            switch line {
            case .context:
                oldLine += 1
                newLine += 1
            case .removed: oldLine += 1
            case .added: newLine += 1
            }
        }
        let changed = lines.indices.filter { if case .context = lines[$0] { false } else { true } }
        var groupStart = changed[0]
        var groupEnd = changed[0]
        func close() {
            let from = max(0, groupStart - context)
            let to = min(lines.count - 1, groupEnd + context)
            let slice = Array(lines[from...to])
            let oldCount = slice.filter { if case .added = $0 { false } else { true } }.count
            let newCount = slice.filter { if case .removed = $0 { false } else { true } }.count
            hunks.append(
                Hunk(
                    oldStart: positions[from].old, oldCount: oldCount, newStart: positions[from].new,
                    newCount: newCount, lines: slice))
        }
        for index in changed.dropFirst() {
            if index - groupEnd > 2 * context {
                close()
                groupStart = index
            }
            groupEnd = index
        }
        close()
        return hunks
    }

    /// The whole diff as text: `--- oldName` / `+++ newName`, then the hunks; empty when nothing differs.
    public static func text(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let hunks = hunks(old: old, new: new, context: context)
        guard !hunks.isEmpty else { return "" }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks {
            out += hunk.header + "\n"
            for line in hunk.lines { out += line.text + "\n" }
        }
        return out
    }

    static func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Every line of `old` and `new`, in order, kept, removed or added (the history detail's "prompt file
    /// changed since this run", and the hunks below).
    public static func lines(old: String, new: String) -> [Line] {
        changes(
            old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// Every line of both, in order, by longest common subsequence on what lies between the common
    /// leading and trailing lines.
    static func changes(_ a: [String], _ b: [String]) -> [Line] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var result = a[..<prefix].map(Line.context)
        if middleA.count * middleB.count > alignmentLimit {
            result += middleA.map(Line.removed) + middleB.map(Line.added)
        } else {
            result += aligned(middleA, middleB)
        }
        result += a[(a.count - suffix)...].map(Line.context)
        return result
    }

    private static func aligned(_ a: [String], _ b: [String]) -> [Line] {
        let width = b.count + 1
        var table = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i * width + j] =
                    a[i] == b[j]
                    ? table[(i + 1) * width + j + 1] + 1 : max(table[(i + 1) * width + j], table[i * width + j + 1])
            }
        }
        var result: [Line] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                result.append(.context(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || table[(i + 1) * width + j] >= table[i * width + j + 1] {
                // Removals before additions, as `diff -u` prints a changed line.
                result.append(.removed(a[i]))
                i += 1
            } else {
                result.append(.added(b[j]))
                j += 1
            }
        }
        return result
    }
}
