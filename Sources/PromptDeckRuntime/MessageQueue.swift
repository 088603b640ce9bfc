import Foundation
import PromptDeckTUI
import Synchronization

/// Messages from other threads (workers, run observers) and signal handlers, and the pipe that wakes the
/// key loop. A byte 0 on the pipe means "messages queued"; any other byte is a signal number.
public final class MessageQueue: Sendable {
    /// A message, or one made when the loop takes it (so it carries the newest state, once per batch).
    private enum Entry {
        case message(Msg)
        case latest(key: String, make: @Sendable () -> Msg)
    }

    private let pending = Mutex<[Entry]>([])
    public let readDescriptor: Int32
    public let writeDescriptor: Int32

    /// A queue and its wake-up pipe.
    public init() throws {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw RuntimeError.setup("cannot create the wake-up pipe") }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Queues a message from any thread and wakes the loop (once per batch).
    public func post(_ msg: Msg) {
        enqueue(.message(msg))
    }

    /// Queues a message made when the loop takes it; while one with `key` waits, further posts are dropped.
    /// A stream of updates thus becomes one message per batch, always with the newest state.
    public func postLatest(key: String, _ make: @escaping @Sendable () -> Msg) {
        enqueue(.latest(key: key, make: make)) { queue in
            queue.contains { entry in
                if case .latest(let waiting, _) = entry { return waiting == key }
                return false
            }
        }
    }

    private func enqueue(_ entry: Entry, unless skip: ([Entry]) -> Bool = { _ in false }) {
        let wasEmpty = pending.withLock { queue -> Bool in
            guard !skip(queue) else { return false }
            queue.append(entry)
            return queue.count == 1
        }
        if wasEmpty {
            var byte: UInt8 = 0
            _ = write(writeDescriptor, &byte, 1)
        }
    }

    /// Up to `limit` queued messages, oldest first (the loop reads keys between batches).
    public func drain(limit: Int = .max) -> [Msg] {
        let batch = pending.withLock { queue in
            let count = min(limit, queue.count)
            let batch = Array(queue.prefix(count))
            queue.removeFirst(count)
            return batch
        }
        return batch.map { entry in
            switch entry {
            case .message(let msg): return msg
            case .latest(_, let make): return make()
            }
        }
    }

    /// Whether messages are waiting.
    public var hasPending: Bool { pending.withLock { !$0.isEmpty } }

    /// Waits (up to `timeout` seconds) for the first message that `match` accepts, collecting every
    /// message drained meanwhile into `seen` (tests, and the way out, where no key loop runs).
    public func wait(
        timeout: Double, seen: inout [Msg], until match: (Msg) -> Bool
    ) -> Msg? {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            for msg in drain() {
                seen.append(msg)
                if match(msg) { return msg }
            }
            var descriptor = pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 10)
            _ = readWakeups()
        }
        return nil
    }

    /// Reads the wake-up pipe empty; returns the signal numbers it carried.
    public func readWakeups() -> [Int32] {
        var signals: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = read(readDescriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            for byte in buffer[0..<count] where byte != 0 { signals.append(Int32(byte)) }
        }
        return signals
    }
}

/// Problems that stop the playground before it starts.
public enum RuntimeError: Error, LocalizedError, Sendable {
    case setup(String)
    /// ncurses has no terminfo entry for this `TERM`.
    case unknownTerminal(String)

    public var errorDescription: String? {
        switch self {
        case .setup(let message): return message
        case .unknownTerminal(let term):
            return "the playground cannot drive TERM=\(term): this machine has no terminfo entry for it. "
                + "Set TERM to a known type (for example TERM=xterm-256color; `toe -a` lists them), "
                + "or use `promptdeck run PROMPT`"
        }
    }
}
