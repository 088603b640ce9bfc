import Foundation

/// Why a comparison could not be reopened from history.
public enum ComparisonError: Error, LocalizedError, Equatable, Sendable {
    /// The run exists but was not part of a comparison.
    case notAComparison(runID: String)
    /// History could not be read, or no run matched.
    case history(HistoryError)

    public var errorDescription: String? {
        switch self {
        case .notAComparison(let runID): return "run \(runID) is not part of a comparison (it has no group id)"
        case .history(let error): return error.errorDescription
        }
    }
}
