import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Identifies the process writing a run, so a later process can tell a live run from one left by a crash.
struct WriterProcess: Sendable, Equatable {
    var pid: Int32
    /// Boot id and process start time: distinguishes a reused pid from the original process.
    var startMarker: String

    /// The current process.
    static let current = WriterProcess(pid: getpid(), startMarker: startMarker(of: getpid()) ?? "")

    /// The start marker of a live process, or nil when it cannot be read (not Linux, or no such process).
    static func startMarker(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        // Field 2 (comm) may hold spaces and parentheses: count fields after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After comm, fields start at 3 (state); starttime is field 22.
        guard fields.count > 19 else { return nil }
        let boot =
            (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return boot + ":" + fields[19]
    }

    /// True when the process that wrote a row is still running.
    static func isAlive(pid: Int32, startMarker: String) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno != EPERM { return false }
        // A process with that pid exists: make sure it is the same one, not a reused pid.
        guard !startMarker.isEmpty, let marker = Self.startMarker(of: pid) else { return true }
        return marker == startMarker
    }
}
