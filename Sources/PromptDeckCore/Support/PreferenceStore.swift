import Foundation
import Yams

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The playground's remembered choices (the last theme picked), in a small YAML file under the XDG state
/// folder (`PromptDeckPaths.stateFile`). A missing, unreadable or corrupt file is never fatal: it reads as
/// no preferences, with a warning to show; writes replace the file atomically with mode 0600.
public struct PreferenceStore: Sendable {
    /// What is remembered.
    public struct Preferences: Sendable, Equatable {
        /// The theme last chosen in the playground.
        public var themeName: String?

        /// Creates preferences.
        public init(themeName: String? = nil) {
            self.themeName = themeName
        }
    }

    /// Why a save failed, naming the file.
    public struct SaveError: Error, LocalizedError, Equatable, Sendable {
        /// The state file.
        public var path: String
        /// What went wrong.
        public var reason: String

        public var errorDescription: String? { "cannot save preferences to \(path): \(reason)" }
    }

    /// The file read and written.
    public let path: String

    static let knownKeys: Set<String> = ["theme"]

    /// A store over `path`.
    public init(path: String) {
        self.path = path
    }

    /// A store over `paths.stateFile` (so `PROMPTDECK_STATE` and `XDG_STATE_HOME` are honoured).
    public init(paths: PromptDeckPaths) {
        self.init(path: paths.stateFile)
    }

    /// The saved preferences, and a warning when the file was there but could not be used (fully or in part).
    public func load() -> (preferences: Preferences, warning: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return (Preferences(), nil) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            return (Preferences(), "warning: \(path): cannot read the saved preferences; they are ignored")
        }
        let root: Node?
        do {
            root = try YAMLSupport.compose(yaml: text)
        } catch {
            return (Preferences(), "warning: \(path): the saved preferences are not valid YAML; they are ignored")
        }
        guard let root else { return (Preferences(), nil) }
        guard let mapping = root.mapping else {
            return (Preferences(), "warning: \(path): the saved preferences are not a mapping; they are ignored")
        }
        var preferences = Preferences()
        var problems: [String] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "theme":
                if let name = value.string, value.scalar != nil, !name.isEmpty {
                    preferences.themeName = name
                } else {
                    problems.append("'theme' is not a theme name")
                }
            default:
                problems.append("unknown key '\(key)'")
            }
        }
        let warning =
            problems.isEmpty ? nil : "warning: \(path): \(problems.joined(separator: ", ")) ignored"
        return (preferences, warning)
    }

    /// Replaces the file with `preferences`: written to a temporary file in the same folder (mode 0600),
    /// then renamed over it, so a crash leaves the old file or the new one, never half of one.
    public func save(_ preferences: Preferences) throws(SaveError) {
        var lines: [String] = []
        if let theme = preferences.themeName {
            let encoded = (try? Yams.dump(object: theme, allowUnicode: true)) ?? theme
            lines.append("theme: " + encoded.trimmingCharacters(in: .newlines))
        }
        let text = lines.map { $0 + "\n" }.joined()
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw SaveError(path: path, reason: "cannot create the folder \(folder)")
            }
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = SystemFile.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SaveError(path: path, reason: String(cString: strerror(errno))) }
        _ = fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        var offset = 0
        var failure: String?
        bytes.withUnsafeBytes { raw in
            while offset < raw.count, let base = raw.baseAddress {
                let written = Foundation.write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw SaveError(path: path, reason: failure)
        }
    }

    /// The theme to use: `--theme` first, then the one last chosen in the playground, then `theme:` in the
    /// config file, then `fallback`.
    public static func themeName(flag: String?, lastChosen: String?, configured: String?, fallback: String)
        -> String
    {
        flag ?? lastChosen ?? configured ?? fallback
    }

}
