import Dispatch
import Synchronization

/// `max_concurrency:` across everything one process sends: the playground's single runs and its
/// comparisons draw on the same slots per profile, so a one-slot server never gets a second request from
/// PromptDeck, whichever screen asked. A run that finds every slot taken waits its turn (first come, first
/// served) and starts when one is let go; withdrawing it while it waits means it never sends a byte.
public final class ProfileGate: Sendable {
    private struct Waiting {
        var id: String
        var start: @Sendable () -> Void
    }

    private struct Slots {
        var inFlight: [String: Int] = [:]
        var waiting: [String: [Waiting]] = [:]
    }

    private let limits: [String: Int]
    private let slots = Mutex(Slots())

    /// A gate for the profiles with a `max_concurrency:` (the others are never held back).
    public init(profiles: [Profile]) {
        var limits: [String: Int] = [:]
        for profile in profiles { if let limit = profile.maxConcurrency { limits[profile.name] = limit } }
        self.limits = limits
    }

    /// Runs `start` now if `profile` has a free slot (or no limit), else when one is let go. Returns
    /// whether the run has to wait. Every `enter` that started must be matched by one `leave`.
    @discardableResult
    public func enter(_ profile: String, id: String, start: @escaping @Sendable () -> Void) -> Bool {
        guard let limit = limits[profile] else {
            start()
            return false
        }
        let startsNow = slots.withLock { slots -> Bool in
            if slots.inFlight[profile, default: 0] < limit {
                slots.inFlight[profile, default: 0] += 1
                return true
            }
            slots.waiting[profile, default: []].append(Waiting(id: id, start: start))
            return false
        }
        if startsNow { start() }
        return !startsNow
    }

    /// A run to `profile` is over: its slot goes to the next one waiting.
    public func leave(_ profile: String) {
        guard limits[profile] != nil else { return }
        let next = slots.withLock { slots -> Waiting? in
            if var queue = slots.waiting[profile], !queue.isEmpty {
                let next = queue.removeFirst()
                slots.waiting[profile] = queue
                return next  // the slot passes straight to it
            }
            slots.inFlight[profile] = max(0, slots.inFlight[profile, default: 0] - 1)
            return nil
        }
        if let next { DispatchQueue.global().async { next.start() } }
    }

    /// Takes a waiting run out of the queue; true if it was waiting (it will never start).
    public func withdraw(id: String) -> Bool {
        slots.withLock { slots in
            for (profile, queue) in slots.waiting {
                if let index = queue.firstIndex(where: { $0.id == id }) {
                    slots.waiting[profile]?.remove(at: index)
                    return true
                }
            }
            return false
        }
    }

    /// Whether the profile has a limit here.
    public func limit(of profile: String) -> Int? { limits[profile] }
}
