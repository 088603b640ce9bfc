import Foundation
import Synchronization
import Testing

@testable import PromptDeckCore

/// `max_concurrency:` shared by every run of a process (issue 14 item 2): the first come get the slots,
/// the others wait in order, and one withdrawn while waiting never starts.
@Suite("Profile gate")
struct ProfileGateTests {
    static let profiles = [
        {
            var profile = Profile(name: "llama", type: .openai, baseURL: "http://127.0.0.1:1/v1")
            profile.maxConcurrency = 1
            return profile
        }(),
        Profile(name: "open", type: .openai, baseURL: "http://127.0.0.1:2/v1"),
    ]

    @Test func slotsPassInOrderAndAWithdrawnRunNeverStarts() {
        let gate = ProfileGate(profiles: Self.profiles)
        let started = Mutex<[String]>([])
        let done = DispatchSemaphore(value: 0)
        func start(_ id: String) -> @Sendable () -> Void {
            {
                started.withLock { $0.append(id) }; done.signal()
            }
        }
        #expect(!gate.enter("llama", id: "a", start: start("a")))
        #expect(gate.enter("llama", id: "b", start: start("b")), "b waits for a's slot")
        #expect(gate.enter("llama", id: "c", start: start("c")))
        #expect(!gate.enter("open", id: "x", start: start("x")), "a profile with no limit never waits")
        #expect(gate.withdraw(id: "b"))
        #expect(!gate.withdraw(id: "b"))
        gate.leave("llama")  // a is over: c, not the withdrawn b
        _ = done.wait(timeout: .now() + 5)
        _ = done.wait(timeout: .now() + 5)
        _ = done.wait(timeout: .now() + 5)
        #expect(started.withLock { $0 } == ["a", "x", "c"])
        gate.leave("llama")
        #expect(!gate.enter("llama", id: "d", start: start("d")), "the slot is free again")
    }
}
