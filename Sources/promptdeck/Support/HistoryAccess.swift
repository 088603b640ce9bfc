import Foundation
import PromptDeckCore

/// History for runs started from the command line. It is opened lazily by the runs themselves, so a
/// database that is locked, read-only or corrupt never stops or delays a stream; what went wrong is
/// said once the run is over.
enum HistoryAccess {
    static func recorder(path: String, disabled: Bool) -> RunRecorder {
        disabled ? DiscardingRecorder() : DeferredHistoryRecorder(path: path)
    }

    /// The warning for a run history could not keep.
    static func notRecorded(_ runID: String, because error: Error) -> String {
        "warning: \(error.localizedDescription); run \(runID) was not recorded in history\n"
    }
}
