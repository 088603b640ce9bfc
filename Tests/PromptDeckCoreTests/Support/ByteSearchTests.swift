import Testing

@testable import PromptDeckCore

/// `ByteSearch.contains` finds a byte string where a plain scan of every offset does.
@Suite("Byte search")
struct ByteSearchTests {
    static func found(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { hay in needle.withUnsafeBufferPointer { ByteSearch.contains(hay, $0) } }
    }

    static func scanned(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<$0 + needle.count]) == needle }
    }

    @Test(arguments: [
        ("", "a", false), ("a", "", false), ("", "", false), ("ab", "abc", false), ("abc", "abc", true),
        ("xxabc", "abc", true), ("abcxx", "abc", true), ("aab", "ab", true), ("abab", "bab", true),
        ("a{ {b", "{{", false), ("a{{", "{{", true), ("{", "{{", false), ("ababa", "abb", false),
    ])
    func edges(haystack: String, needle: String, expected: Bool) {
        #expect(Self.found(Array(haystack.utf8), Array(needle.utf8)) == expected)
        #expect(Self.scanned(Array(haystack.utf8), Array(needle.utf8)) == expected)
    }

    @Test func agreesWithAScanOnRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let alphabet: [UInt8] = [0x61, 0x62, 0x7B, 0x00]
            let haystack = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            let needle = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            #expect(Self.found(haystack, needle) == Self.scanned(haystack, needle), "\(haystack) \(needle)")
        }
    }
}
