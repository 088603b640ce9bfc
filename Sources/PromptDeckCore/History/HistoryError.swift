import Foundation

/// What can go wrong with the history database, worded for the user and naming the file.
public enum HistoryError: Error, LocalizedError, Equatable, Sendable {
    /// The file or its folder cannot be written (read-only file, read-only folder, permissions).
    case notWritable(path: String, reason: String)
    /// The file exists but cannot be read (permissions).
    case notReadable(path: String, reason: String)
    /// The file exists but is not a SQLite database, or is damaged. It is left untouched.
    case notADatabase(path: String, reason: String)
    /// Another process held the database longer than the busy timeout.
    case locked(path: String)
    /// Any other database failure.
    case database(path: String, message: String)
    /// No run has this id or id prefix.
    case runNotFound(String)
    /// More than one run starts with this prefix.
    case ambiguousRunID(prefix: String, candidates: [String])
    /// The text cannot be a run id (ids are lowercase base32).
    case invalidRunID(String)
    /// A read found no history file: nothing has been recorded yet (and nothing was created).
    case noHistoryYet(path: String)
    /// A version reference (`tagline@9`) names no version; `numbers` are the prompt's versions.
    case noSuchVersion(reference: String, promptID: String, numbers: [Int])
    /// A label reference (`tagline@prod`) names no label of the prompt; `labels` are the ones it has.
    case noSuchLabel(reference: String, label: String, labels: [String])
    /// The text cannot be a label (empty, a number, `latest`, spaces or `@`).
    case invalidLabel(String)
    /// `--remove` named a version the label is not on.
    case labelOnOtherVersion(reference: String, label: String, number: Int)

    public var errorDescription: String? {
        switch self {
        case .notWritable(let path, let reason):
            return "cannot write the history database \(path): \(reason)"
        case .notReadable(let path, let reason):
            return "cannot read the history database \(path): \(reason)"
        case .notADatabase(let path, let reason):
            return "\(path) is not a usable history database (\(reason)); the file was left untouched: "
                + "move it aside or choose another file with --history"
        case .locked(let path):
            return "the history database \(path) is locked by another process (still busy after "
                + "\(Int(HistoryStore.busyTimeoutSeconds)) s)"
        case .database(let path, let message):
            return "history database \(path): \(message)"
        case .runNotFound(let id):
            return "no run with id '\(id)'"
        case .ambiguousRunID(let prefix, let candidates):
            return "run id '\(prefix)' is ambiguous; it matches: " + candidates.joined(separator: ", ")
                + (candidates.count >= HistoryStore.ambiguityListLimit ? ", ..." : "")
        case .invalidRunID(let id):
            return "'\(id)' is not a run id (run ids use the characters 0-9 and a-z)"
        case .noHistoryYet(let path):
            return "no history yet (\(path) does not exist)"
        case .noSuchVersion, .noSuchLabel, .invalidLabel, .labelOnOtherVersion:
            return diagnostic.description
        }
    }

    /// True when the user's input was wrong (bad or unknown id), as opposed to a database failure.
    public var isInvalidInput: Bool {
        switch self {
        case .runNotFound, .ambiguousRunID, .invalidRunID, .noSuchVersion, .noSuchLabel, .invalidLabel,
            .labelOnOtherVersion:
            return true
        default: return false
        }
    }

    /// The error as a diagnostic pinned to what the user typed: `tagline@9: no such version (tagline has
    /// versions 1–3)`. Database failures are pinned to `history`.
    public var diagnostic: Diagnostic {
        switch self {
        case .noSuchVersion(let reference, let promptID, let numbers):
            let have: String
            switch numbers.count {
            case 0: have = "\(promptID) has no versions yet: a run or a save from the playground makes one"
            case 1: have = "\(promptID) has version \(numbers[0])"
            default: have = "\(promptID) has versions \(numbers.min() ?? 1)–\(numbers.max() ?? 1)"
            }
            return Diagnostic(file: reference, message: "no such version (\(have))")
        case .noSuchLabel(let reference, let label, let labels):
            let have = labels.isEmpty ? "no labels yet" : "labels: " + labels.joined(separator: ", ")
            return Diagnostic(file: reference, message: "no label \"\(label)\" (\(have))")
        case .invalidLabel(let name):
            return Diagnostic(
                file: name,
                message: "cannot be a label: use letters, digits, '-', '_' or '.' (not only digits), and not 'latest'")
        case .labelOnOtherVersion(let reference, let label, let number):
            return Diagnostic(file: reference, message: "label \"\(label)\" is on version \(number), not this one")
        default:
            return Diagnostic(file: "history", message: errorDescription ?? "\(self)")
        }
    }
}
