import Foundation

extension HistoryStore {
    /// Lowercase base32 without i, l, o, u: ids read aloud and typed without confusion.
    static let idAlphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// A new run id: 9 base32 digits of milliseconds since 1970 (so ids sort by time) and 5 random ones.
    public static func newRunID(date: Date = Date()) -> String {
        var ms = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded()))
        var time = [Character](repeating: "0", count: 9)
        for i in stride(from: 8, through: 0, by: -1) {
            time[i] = idAlphabet[Int(ms & 31)]
            ms >>= 5
        }
        var random = SystemRandomNumberGenerator()
        // 25 random bits: runs started in the same millisecond by concurrent processes (four
        // `compare --repeat` runs at once, say) must not collide; 15 bits did, now and then.
        let suffix = (0..<5).map { _ in idAlphabet[Int(random.next() & 31)] }
        return String(time + suffix)
    }

    /// A user-typed id or prefix, lowercased; nil when it holds characters no id has.
    static func normalizedID(_ text: String) -> String? {
        let lower = text.lowercased()
        guard !lower.isEmpty, lower.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else { return nil }
        return lower
    }
}

extension HistoryStore {
    /// The shortest prefix length, at least `minimum`, at which each of `ids` matches no other run in the
    /// file: every prefix a listing prints then works with `run(prefix:)`.
    public func uniquePrefixLengths(of ids: [String], minimum: Int = 8) throws(HistoryError) -> [String: Int] {
        try read { db in
            var lengths: [String: Int] = [:]
            let before = try db.cachedStatement(sql: "SELECT max(id) FROM run WHERE id < ?")
            let after = try db.cachedStatement(sql: "SELECT min(id) FROM run WHERE id > ?")
            for id in ids {
                var length = minimum
                for neighbour in [
                    try String.fetchOne(before, arguments: [id]), try String.fetchOne(after, arguments: [id]),
                ] {
                    guard let neighbour else { continue }
                    let shared = zip(id, neighbour).prefix { $0 == $1 }.count
                    length = max(length, shared + 1)
                }
                lengths[id] = min(length, id.count)
            }
            return lengths
        }
    }
}
