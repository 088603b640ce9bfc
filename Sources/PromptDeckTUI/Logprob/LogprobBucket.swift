import Foundation
import PromptDeckCore

/// How likely a token was, in four bands that the heatmap colours.
public enum LogprobBucket: Equatable, Sendable, CaseIterable {
    case high, mid, low, veryLow

    /// The band of a probability: ≥ 0.9 high, ≥ 0.5 mid, ≥ 0.2 low, below that very low.
    public init(probability: Double) {
        switch probability {
        case 0.9...: self = .high
        case 0.5..<0.9: self = .mid
        case 0.2..<0.5: self = .low
        default: self = .veryLow
        }
    }

    /// The band of a natural-log probability.
    public init(logprob: Double) { self.init(probability: exp(logprob)) }

    /// The theme role that colours it.
    public var role: StyleRole {
        switch self {
        case .high: return .logprobHigh
        case .mid: return .logprobMid
        case .low: return .logprobLow
        case .veryLow: return .logprobVeryLow
        }
    }
}

extension TokenLogprob {
    /// The token's probability (0...1).
    public var probability: Double { exp(logprob) }
}
