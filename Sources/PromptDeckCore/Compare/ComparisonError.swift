import Foundation

/// Why a comparison could not be reopened from history.
public enum ComparisonError: Error, LocalizedError, Equatable, Sendable {
    /// The run exists but was not part of a comparison.
    case notAComparison(runID: String)
    /// More than one group id starts with the text typed.
    case ambiguousGroup(prefix: String, matches: [String])
    /// History could not be read, or no run matched.
    case history(HistoryError)

    public var errorDescription: String? {
        switch self {
        case .notAComparison(let runID): return "run \(runID) is not part of a comparison (it has no group id)"
        case .ambiguousGroup(let prefix, let matches):
            return "'\(prefix)' starts more than one group id (\(matches.joined(separator: ", "))): type more of it"
        case .history(let error): return error.errorDescription
        }
    }
}
