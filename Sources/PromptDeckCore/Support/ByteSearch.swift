import Foundation

/// Searching UTF-8 bytes for a byte string: memchr to each candidate first byte, then memcmp (glibc's
/// memmem is not exported to Swift). A long reply is searched at memchr's speed, never a byte at a time.
public enum ByteSearch {
    /// Whether `needle` occurs in `haystack`; false for an empty needle.
    public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty, let hayBase = haystack.baseAddress, let needleBase = needle.baseAddress else {
            return false
        }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            guard let hit = memchr(hayBase + start, Int32(needle[0]), last - start + 1) else { return false }
            let at = hayBase.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(hayBase + at, needleBase, needle.count) == 0 { return true }
            start = at + 1
        }
        return false
    }
}
