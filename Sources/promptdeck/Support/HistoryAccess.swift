import Foundation
import PromptDeckCore

/// Opens history for recording runs; a database that cannot be written never stops a run.
enum HistoryAccess {
    static func recorder(path: String, disabled: Bool) -> RunRecorder {
        if disabled { return DiscardingRecorder() }
        do {
            let store = try HistoryStore.open(path: path)
            try? store.markInterruptedRuns()
            return store
        } catch {
            StandardError.write("warning: \(error.localizedDescription); this run will not be recorded\n")
            return DiscardingRecorder()
        }
    }
}
