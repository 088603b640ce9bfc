/// The headline of a comparison: who was fastest to the first token, first to finish, most verbose.
public struct ComparisonSummary: Sendable, Equatable {
    /// A winner: the variant's position and label, and the figure it won with.
    public struct Leader: Sendable, Equatable {
        public var position: Int
        public var label: String
        /// Milliseconds, or tokens for `mostTokens`.
        public var value: Int
        /// `mostTokens` only: the count is PromptDeck's estimate (the server sent no usage), shown `~64`.
        public var estimated = false
    }

    /// Lowest time to first token among variants that produced text.
    public var fastestFirstToken: Leader?
    /// The successful variant that finished first (its duration).
    public var firstFinished: Leader?
    /// Most completion tokens among successful variants.
    public var mostTokens: Leader?
    public var succeeded: Int
    public var failed: Int
    public var cancelled: Int
    public var total: Int

    public init(variants: [VariantState]) {
        total = variants.count
        succeeded = variants.count(where: { $0.status == .ok })
        failed = variants.count(where: { $0.status == .error || $0.status == .interrupted })
        cancelled = variants.count(where: { $0.status == .cancelled })
        func leader(_ state: VariantState, _ value: Int) -> Leader {
            Leader(position: state.variant.position, label: state.variant.label, value: value)
        }
        // Ties go to the earlier variant: `min`/`max` over positions in order keep the first.
        fastestFirstToken = variants.compactMap { state in state.timeToFirstTokenMs.map { leader(state, $0) } }
            .min { $0.value < $1.value }
        let finished = variants.filter { $0.status == .ok && $0.finishOrder != nil }
        firstFinished = finished.min { ($0.finishOrder ?? 0) < ($1.finishOrder ?? 0) }
            .map { leader($0, $0.durationMs ?? 0) }
        let successful = variants.filter { $0.status == .ok }.map { state in
            var most = leader(state, state.completionTokens)
            most.estimated = state.tokensEstimated
            return most
        }
        mostTokens = successful.reduce(nil) { best, next in (best.map { next.value > $0.value } ?? true) ? next : best }
    }

    /// `fastest to first token #2 (120 ms) · first to finish #1 (1.20 s) · most tokens #3 (64) · 3 ok`
    public var line: String {
        var parts: [String] = []
        if let fastestFirstToken {
            parts.append("fastest to first token \(fastestFirstToken.label) (\(fastestFirstToken.value) ms)")
        }
        if let firstFinished {
            parts.append("first to finish \(firstFinished.label) (\(Self.seconds(firstFinished.value)))")
        }
        if let mostTokens {
            parts.append("most tokens \(mostTokens.label) (\(mostTokens.estimated ? "~" : "")\(mostTokens.value))")
        }
        var counts = ["\(succeeded) ok"]
        if failed > 0 { counts.append("\(failed) failed") }
        if cancelled > 0 { counts.append("\(cancelled) cancelled") }
        parts.append(counts.joined(separator: ", ") + " of \(total)")
        return parts.joined(separator: " · ")
    }

    /// `1.20 s`
    public static func seconds(_ milliseconds: Int) -> String {
        let hundredths = (milliseconds + 5) / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }
}
