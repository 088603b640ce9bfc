/// Watches a comparison. Calls arrive on transport and history threads; keep them short and read
/// `Comparison.snapshot` for the state.
public protocol ComparisonObserver: AnyObject, Sendable {
    /// A variant's state changed (it started, text arrived, it finished).
    func comparison(_ comparison: Comparison, didUpdateVariantAt position: Int)
    /// A variant is over and its final record is in history.
    func comparison(_ comparison: Comparison, didFinishVariantAt position: Int, record: RunRecord?)
    /// Every variant is over.
    func comparisonDidFinish(_ comparison: Comparison)
}

extension ComparisonObserver {
    public func comparison(_ comparison: Comparison, didUpdateVariantAt position: Int) {}
    public func comparison(_ comparison: Comparison, didFinishVariantAt position: Int, record: RunRecord?) {}
    public func comparisonDidFinish(_ comparison: Comparison) {}
}

/// Everything a UI draws for a comparison at one moment.
public struct ComparisonSnapshot: Sendable, Equatable {
    public var groupID: String
    public var variants: [VariantState]
    public var summary: ComparisonSummary { ComparisonSummary(variants: variants) }
    /// Whether every variant is over.
    public var isFinished: Bool { variants.allSatisfy { $0.status.isFinished } }
}
