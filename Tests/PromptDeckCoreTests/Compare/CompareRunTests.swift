import Foundation
import PromptDeckTestSupport
import Synchronization
import Testing

@testable import PromptDeckCore

@Suite("Compare: running variants together")
struct CompareRunTests {
    let server: TestServer
    init() throws { server = try TestServer.shared() }

    func plan(
        _ specs: [String], sweeps: [String] = [], scenario: String = "ok", extraProfiles: [String: String] = [:],
        maxTokens: Int = 3
    ) throws -> ComparisonPlan {
        try ComparisonPlan.prepare(
            base: CompareFixtures.inputs(maxTokens: maxTokens),
            variants: CompareFixtures.variants(specs, sweeps: sweeps),
            planner: CompareFixtures.planner(server, scenario: scenario, extraProfiles: extraProfiles))
    }

    @Test func threeSlowVariantsTakeAboutAsLongAsOne() throws {
        let single = try plan(["seed=1"], scenario: "slow-200")
        let singleStart = ContinuousClock.now
        let alone = CompareFixtures.run(single)
        let singleTime = ContinuousClock.now - singleStart
        #expect(alone.variants[0].status == .ok)

        let three = try plan([], sweeps: ["seed=1..3"], scenario: "slow-200")
        let start = ContinuousClock.now
        let snapshot = CompareFixtures.run(three)
        let total = ContinuousClock.now - start
        print(
            "compare: one slow-200 run \(Int(singleTime.compareMilliseconds)) ms; three together \(Int(total.compareMilliseconds)) ms"
        )
        #expect(snapshot.variants.allSatisfy { $0.status == .ok })
        #expect(snapshot.variants.allSatisfy { !$0.output.isEmpty })
        #expect(total < singleTime * 2)
    }

    /// Runs finish on several threads: while the observer is still being told of one (slowly, here), the
    /// others finish. Whoever waits must still see every finish the observer was told, as an evaluation's
    /// progress counts them (it read 1 of 2 done under load before the comparison waited for the telling).
    @Test func aWaiterSeesEveryFinishTheObserverWasTold() throws {
        final class SlowFirstTelling: ComparisonObserver, @unchecked Sendable {
            let begun = Mutex(0)
            let told = Mutex(0)
            func comparison(_ comparison: Comparison, didFinishVariantAt position: Int, record: RunRecord?) {
                let first = begun.withLock { count in
                    count += 1
                    return count == 1
                }
                if first { Thread.sleep(forTimeInterval: 0.3) }
                told.withLock { $0 += 1 }
            }
        }
        for _ in 0..<3 {
            let observer = SlowFirstTelling()
            let snapshot = CompareFixtures.run(try plan([], sweeps: ["seed=1..3"]), concurrency: 3, observer: observer)
            #expect(snapshot.variants.allSatisfy { $0.status == .ok })
            #expect(observer.told.withLock { $0 } == 3)
        }
    }

    @Test func aFailingVariantDoesNotStopTheOthers() throws {
        let plan = try plan(["", "profile=broken", "temperature=0"], extraProfiles: ["broken": "500"])
        let snapshot = CompareFixtures.run(plan)
        #expect(snapshot.variants.map(\.status) == [.ok, .error, .ok])
        #expect(snapshot.variants[1].errorMessage?.hasPrefix("HTTP 500 Internal Server Error") == true)
        #expect(snapshot.variants[0].output == "shop. flower a")
        #expect(snapshot.variants[0].finishReason == "length")
        #expect(snapshot.variants[0].completionTokens == 3)
        let summary = snapshot.summary
        #expect(summary.succeeded == 2)
        #expect(summary.failed == 1)
        #expect(summary.mostTokens?.value == 3)
        #expect(summary.line.hasSuffix("2 ok, 1 failed of 3"))
    }

    @Test func allVariantsShareAGroupInHistoryAndReopen() throws {
        let folder = CompareTemporaryFolder()
        let store = try HistoryStore.open(path: folder.path + "/history.sqlite")
        let plan = try plan([], sweeps: ["temperature=0,0.5", "model=m1,m2"])
        let snapshot = CompareFixtures.run(plan, recorder: store)
        #expect(snapshot.variants.allSatisfy { $0.status == .ok })

        let rows = try store.list(filter: HistoryFilter(groupID: plan.groupID))
        #expect(rows.count == 4)
        #expect(Set(rows.map(\.groupID)) == [plan.groupID])

        let reopened = try store.comparison(matching: plan.groupID)
        #expect(reopened.promptID == "examples/tagline")
        #expect(reopened.variables["shop"] == "Bloom, a flower shop")
        #expect(reopened.varyingKeys == ["model", "temperature"])
        #expect(reopened.variants.map(\.runID) == snapshot.variants.map(\.runID))
        #expect(reopened.variants.map(\.output) == snapshot.variants.map(\.output))
        #expect(reopened.variants.map(\.variant.model) == ["m1", "m2", "m1", "m2"])
        #expect(reopened.variants.map { $0.variant.overrides["temperature"] } == [0, 0, 0.5, 0.5])
        #expect(reopened.variants.allSatisfy { $0.status == .ok && $0.timeToFirstTokenMs != nil })

        // A prefix of one of its runs finds the same comparison.
        let byRun = try store.comparison(matching: String(snapshot.variants[2].runID.prefix(11)))
        #expect(byRun == reopened)
    }

    @Test func repeatsAreRecognisedWhenReopened() throws {
        let folder = CompareTemporaryFolder()
        let store = try HistoryStore.open(path: folder.path + "/history.sqlite")
        let variants = try CompareFixtures.variants(["temperature=0", "temperature=1"], repeatCount: 2)
        let plan = try ComparisonPlan.prepare(
            base: CompareFixtures.inputs(), variants: variants, planner: CompareFixtures.planner(server))
        _ = CompareFixtures.run(plan, recorder: store)
        let reopened = try store.comparison(matching: plan.groupID)
        #expect(reopened.variants.map(\.variant.label) == ["#1.1", "#1.2", "#2.1", "#2.2"])
    }

    @Test func aRunOutsideAComparisonIsNotOne() throws {
        let folder = CompareTemporaryFolder()
        let store = try HistoryStore.open(path: folder.path + "/history.sqlite")
        var record = RunRecord(
            id: HistoryStore.newRunID(), promptID: "p", promptName: "P", templateSource: "", renderedPrompt: "",
            kind: "chat", profileName: "local", endpointURL: "http://x", model: "m", requestBody: "{}", streamed: false)
        record.status = .ok
        try store.insert([record])
        #expect(throws: ComparisonError.notAComparison(runID: record.id)) { try store.comparison(matching: record.id) }
        #expect(throws: ComparisonError.history(.runNotFound("zzzz"))) { try store.comparison(matching: "zzzz") }
    }

    @Test func concurrencyLimitKeepsAtMostKInFlight() throws {
        let observer = InFlightObserver()
        let plan = try plan([], sweeps: ["seed=1..4"], scenario: "slow-50")
        let snapshot = CompareFixtures.run(plan, concurrency: 2, observer: observer)
        #expect(snapshot.variants.allSatisfy { $0.status == .ok })
        #expect(observer.maximum == 2)
    }

    @Test func observersSeeOutputWhileItStreams() throws {
        let observer = InFlightObserver()
        let plan = try plan(["seed=1", "seed=2"], scenario: "slow-100", maxTokens: 5)
        let snapshot = CompareFixtures.run(plan, observer: observer)
        #expect(snapshot.isFinished)
        #expect(observer.sawPartialOutput)
        #expect(observer.finishedCount == 2)
        #expect(observer.completions == 1)
    }

    @Test func cancellingOneVariantLeavesTheOthersRunning() throws {
        let plan = try plan(["profile=stalled", ""], extraProfiles: ["stalled": "stall"])
        let comparison = Comparison(
            plan: plan, transports: TransportRegistry(environment: [:]), recorder: DiscardingRecorder())
        comparison.start()
        let deadline = ContinuousClock.now + .seconds(10)
        while comparison.snapshot.variants[1].status != .ok, ContinuousClock.now < deadline { usleep(5000) }
        #expect(comparison.snapshot.variants[0].status.isFinished == false)
        comparison.cancel(position: 0)
        let snapshot = comparison.waitUntilFinished()
        #expect(snapshot.variants.map(\.status) == [.cancelled, .ok])
    }

    @Test func cancelAllStopsRunningAndWaitingVariants() throws {
        let plan = try plan([], sweeps: ["seed=1..3"], scenario: "stall")
        let comparison = Comparison(
            plan: plan, transports: TransportRegistry(environment: [:]), recorder: DiscardingRecorder(), concurrency: 2)
        comparison.start()
        let start = ContinuousClock.now
        comparison.cancelAll()
        let snapshot = comparison.waitUntilFinished()
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(snapshot.variants.allSatisfy { $0.status == .cancelled })
        #expect(snapshot.variants[2].errorMessage == "cancelled before it started")
        #expect(snapshot.summary.cancelled == 3)
    }
}

/// Counts variants in flight at each update and notes partial output.
final class InFlightObserver: ComparisonObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var _maximum = 0
    private var _partial = false
    private var _finished = 0
    private var _completions = 0

    var maximum: Int { lock.withLock { _maximum } }
    var sawPartialOutput: Bool { lock.withLock { _partial } }
    var finishedCount: Int { lock.withLock { _finished } }
    var completions: Int { lock.withLock { _completions } }

    func comparison(_ comparison: Comparison, didUpdateVariantAt position: Int) {
        let variants = comparison.snapshot.variants
        let inFlight = variants.count(where: { $0.status == .running || $0.status == .streaming })
        let partial = variants[position].status == .streaming && !variants[position].output.isEmpty
        lock.withLock {
            _maximum = max(_maximum, inFlight)
            _partial = _partial || partial
        }
    }

    func comparison(_ comparison: Comparison, didFinishVariantAt position: Int, record: RunRecord?) {
        lock.withLock { _finished += 1 }
    }

    func comparisonDidFinish(_ comparison: Comparison) {
        lock.withLock { _completions += 1 }
    }
}
