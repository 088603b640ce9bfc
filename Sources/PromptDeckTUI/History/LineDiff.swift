/// A line diff by longest common subsequence: enough to show what changed in a prompt file.
enum LineDiff {
    enum Line: Equatable {
        case same(String), removed(String), added(String)
    }

    /// The lines of `old` and `new` as kept, removed and added (inputs past `limit` lines are cut).
    static func diff(_ old: String, _ new: String, limit: Int = 400) -> [Line] {
        let a = Array(old.split(separator: "\n", omittingEmptySubsequences: false).prefix(limit)).map(String.init)
        let b = Array(new.split(separator: "\n", omittingEmptySubsequences: false).prefix(limit)).map(String.init)
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var result: [Line] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                result.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
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
