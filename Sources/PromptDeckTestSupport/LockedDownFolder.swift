import Foundation

/// A folder a test can make truly read-only, or full. Permissions do not stop root, so as root the folder is a
/// small tmpfs that is remounted read-only or filled up; otherwise `chmod` does it (and `fill` is unavailable).
public final class LockedDownFolder {
    /// The folder.
    public let path: String
    /// True when it is a tmpfs of its own (running as root).
    public let isMount: Bool

    /// A new empty folder; as root, a tmpfs of `sizeKiB`. Nil when a root mount fails (no capability).
    public init?(sizeKiB: Int = 2048) {
        path = NSTemporaryDirectory() + "promptdeck-locked-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            return nil
        }
        isMount = geteuid() == 0
        if isMount {
            let result = try? ProcessRunner.run(
                "/bin/mount", arguments: ["-t", "tmpfs", "-o", "size=\(sizeKiB)k,mode=0755", "tmpfs", path])
            guard result?.exitCode == 0 else {
                try? FileManager.default.removeItem(atPath: path)
                return nil
            }
        }
    }

    /// Makes the folder and everything in it read-only.
    public func makeReadOnly() -> Bool {
        if isMount {
            return (try? ProcessRunner.run("/bin/mount", arguments: ["-o", "remount,ro", path]))?.exitCode == 0
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for file in files { chmod(path + "/" + file, 0o444) }
        return chmod(path, 0o555) == 0
    }

    /// Fills the folder's file system until writes fail with ENOSPC (tmpfs only); false when not possible.
    public func fill() -> Bool {
        guard isMount else { return false }
        let fd = open(path + "/filler", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 { return errno == ENOSPC }
            if written == 0 { return true }
        }
    }

    deinit {
        if isMount {
            _ = try? ProcessRunner.run("/bin/umount", arguments: ["-l", path])
        } else {
            chmod(path, 0o755)
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
