import Foundation
import PromptDeckTUI
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore
@testable import PromptDeckRuntime

/// Issue 14 item 2 across the playground: a profile's `max_concurrency: 1` holds a second single run (and
/// a comparison's columns) until the first is over, says it is queued, and a queued run cancelled never
/// reaches the server.
@Suite("Runtime: max_concurrency across runs")
struct SharedConcurrencyTests {
    let folder: String
    let queue: MessageQueue
    let performer: EffectPerformer
    let server: TestServer

    init() throws {
        server = try TestServer.shared()
        folder = NSTemporaryDirectory() + "pd-gate-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        queue = try MessageQueue()
        var slot = Profile(name: "slot", type: .openai, baseURL: server.baseURL(scenario: "slow-50"), model: "m")
        slot.maxConcurrency = 1
        let configuration = Configuration(profiles: [slot], defaultProfileName: "slot", file: nil, warnings: [])
        performer = EffectPerformer(
            library: PromptLibrary(directory: nil), configuration: configuration,
            historyPath: folder + "/history.sqlite", queue: queue, stateFile: folder + "/state.yaml",
            clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 })
    }

    static func inputs(_ shop: String) -> RunInputs {
        RunInputs(
            promptID: "examples/tagline", variables: ["shop": .string(shop)], overrides: ["max_tokens": 4],
            stream: true)
    }

    @Test func theSecondRunWaitsForTheFirstAndACancelledWaiterIsNeverSent() throws {
        let first = "gate-first-\(UUID().uuidString.prefix(6))"
        let second = "gate-second-\(UUID().uuidString.prefix(6))"
        let third = "gate-third-\(UUID().uuidString.prefix(6))"
        performer.perform(.startRun(Self.inputs(first)))
        performer.perform(.startRun(Self.inputs(second)))
        performer.perform(.startRun(Self.inputs(third)))
        var seen: [Msg] = []
        var queued: [String] = []
        var finished: [(String, RunStatus)] = []
        var starts: [String] = []
        let deadline = Date().addingTimeInterval(20)
        var handled = 0
        while finished.count < 3, Date() < deadline {
            _ = queue.wait(timeout: 0.05, seen: &seen, until: { _ in false })
            let fresh = seen[handled...]
            handled = seen.count
            for message in fresh {
                switch message {
                case .runStarted(let start): starts.append(start.id)
                case .runQueued(let id, let profile, let limit):
                    #expect(profile == "slot" && limit == 1)
                    queued.append(id)
                    // The third is cancelled while it waits.
                    if queued.count == 2 { performer.perform(.cancelRun(id: id)) }
                case .runFinished(let id, let record, _): finished.append((id, record.status))
                default: break
                }
            }
        }
        #expect(starts.count == 3)
        #expect(queued == Array(starts.dropFirst()), "the second and third wait for the first")
        #expect(finished.map(\.1).sorted { $0.rawValue < $1.rawValue } == [.cancelled, .ok, .ok])
        #expect(finished.first?.1 == .cancelled, "the waiter cancelled ends at once")
        let bodies = try server.requests().map(\.body)
        #expect(bodies.contains { $0.contains(first) } && bodies.contains { $0.contains(second) })
        #expect(!bodies.contains { $0.contains(third) }, "a queued run cancelled never reaches the server")
    }
}
