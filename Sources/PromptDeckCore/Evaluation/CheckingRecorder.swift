import Synchronization

/// Checks a run and prices it as it ends, before its final state is written: the results land in history
/// in the same write as the run, and whoever waits for the run (a comparison's next slot, an evaluation's
/// progress) waits for its checks too. Runs it was not told about pass through unchecked (priced still).
public final class CheckingRecorder: RunRecorder, @unchecked Sendable {
    private let base: RunRecorder
    private let prices: PriceTable?
    private let plans = Mutex<[String: Plan]>([:])
    private let finished = Mutex<[String: RunRecord]>([:])

    private struct Plan {
        var checks: [CheckSpec]
        var variables: [String: JSONValue]
    }

    /// `prices` nil leaves costs out.
    public init(wrapping base: RunRecorder, prices: PriceTable?) {
        self.base = base
        self.prices = prices
    }

    /// The checks for the run `runID`, with the variables that fill `{{name}}` in their values.
    public func expect(runID: String, checks: [CheckSpec], variables: [String: JSONValue]) {
        plans.withLock { $0[runID] = Plan(checks: checks, variables: variables) }
    }

    /// The run as it was written at its end (with check results and cost); nil until then.
    public func finishedRecord(runID: String) -> RunRecord? { finished.withLock { $0[runID] } }

    /// Drops what is kept about a run (a long-lived recorder, the playground's, calls it once it has the record).
    public func forget(runID: String) {
        plans.withLock { $0[runID] = nil }
        finished.withLock { $0[runID] = nil }
    }

    public var recordsEvents: Bool { base.recordsEvents }

    public func begin(_ record: RunRecord) throws { try base.begin(record) }

    public func append(_ events: [RecordedEvent], snapshot: RunRecord) throws {
        try base.append(events, snapshot: snapshot)
    }

    public func finish(_ record: RunRecord, events: [RecordedEvent]) throws {
        var checked = record
        if let plan = plans.withLock({ $0[record.id] }) {
            checked.checkResults = CheckRunner.evaluate(checks: plan.checks, record: record, variables: plan.variables)
        }
        checked.cost = prices?.cost(of: record)
        finished.withLock { $0[record.id] = checked }
        try base.finish(checked, events: events)
    }
}
