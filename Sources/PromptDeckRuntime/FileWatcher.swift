import Dispatch
import Foundation
import Synchronization

/// Watches a few files for changes made by another program (vim in another tmux pane) by polling their
/// size and modification time twice a second: portable, cheap for a handful of files, and it sees a file
/// replaced by a rename, which editors do when they save.
public final class FileWatcher: @unchecked Sendable {
    private struct Stamp: Equatable {
        var size: UInt64
        var modified: Date
    }

    private struct Watched {
        var id = ""
        var stamps: [String: Stamp?] = [:]
        var changed: (@Sendable () -> Void)?
        var ignored: Set<String> = []
    }

    private let state = Mutex(Watched())
    private let timer: DispatchSourceTimer

    public init(interval: DispatchTimeInterval = .milliseconds(500)) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "promptdeck.file-watcher"))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.check() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Watches `paths` (the prompt file and its partials) instead of what was watched before.
    public func watch(id: String, paths: [String], changed: @escaping @Sendable () -> Void) {
        let stamps = Dictionary(paths.map { ($0, Self.stamp($0)) }, uniquingKeysWith: { first, _ in first })
        state.withLock { $0 = Watched(id: id, stamps: stamps, changed: changed) }
    }

    /// PromptDeck is writing `path` itself: the change that follows is not news.
    public func ignoreNextChange(of path: String) {
        state.withLock { _ = $0.ignored.insert(path) }
    }

    private func check() {
        let notify = state.withLock { watched -> (@Sendable () -> Void)? in
            var changed = false
            for (path, old) in watched.stamps {
                let now = Self.stamp(path)
                guard now != old else { continue }
                watched.stamps[path] = now
                if watched.ignored.remove(path) == nil { changed = true }
            }
            return changed ? watched.changed : nil
        }
        notify?()
    }

    private static func stamp(_ path: String) -> Stamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? UInt64, let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return Stamp(size: size, modified: modified)
    }
}
