import Foundation
import PromptDeckCore
import PromptDeckTUI
import Synchronization

/// The history browser's effects: queries run on a background queue (only the newest is answered), the
/// rest on the runtime's thread.
extension CoreEffects {
    func performHistory(_ effect: Effect) {
        guard let history else {
            queue.post(.warning("history is not available"))
            return
        }
        switch effect {
        case .queryHistory(let query, let sequence):
            HistorySearchWorker.shared.submit(query, sequence: sequence, store: history, queue: queue)
        case .loadHistoryRun(let id):
            do {
                let record = try history.run(prefix: id)
                let parent = record.parentID.flatMap { summary(of: $0, in: history) }
                let current = try? library.load(record.promptID).prompt.sourceText
                queue.post(
                    .historyRunLoaded(
                        HistoryDetail(
                            record: record, events: try history.events(runID: record.id), parent: parent,
                            children: try history.children(of: record.id), currentSource: current)))
            } catch {
                queue.post(.warning("history: \(error.localizedDescription)"))
            }
        case .rerun(let id):
            do {
                let record = try history.run(prefix: id)
                launch(try planner.prepareRerun(of: record, overrides: RunPlanner.RerunOverrides()))
            } catch let error as DiagnosticList {
                queue.post(.runFailedToStart(error.description))
            } catch {
                queue.post(.runFailedToStart(error.localizedDescription))
            }
        case .compareRuns(let ids):
            do {
                let records = try ids.map { id throws(HistoryError) in try history.run(prefix: id) }
                queue.post(.comparisonReopened(ReopenedComparison(groupID: "marked", records: records)))
            } catch {
                queue.post(.comparisonFailedToReopen(error.localizedDescription))
            }
        case .exportRun(let id, let format, let path):
            let expanded = (path as NSString).expandingTildeInPath
            do {
                let record = try history.run(prefix: id)
                let text: String
                switch format {
                case .json: text = RunExporter.json(record, events: try history.events(runID: record.id))
                case .curl: text = RunExporter.curl(record)
                case .markdown: text = RunExporter.markdown(record)
                }
                try Data(text.utf8).write(to: URL(fileURLWithPath: expanded))
                queue.post(.runExported(path: expanded))
            } catch {
                queue.post(.warning("could not export to \(expanded): \(error.localizedDescription)"))
            }
        case .deleteRun(let id):
            do {
                queue.post(.historyRunDeleted(id: try history.delete(id: id)))
            } catch {
                queue.post(.warning("history: \(error.localizedDescription)"))
            }
        default:
            break
        }
    }

    /// The list row of run `id` (nil when it was deleted).
    private func summary(of id: String, in history: HistoryStore) -> RunSummary? {
        guard let record = try? history.run(prefix: id) else { return nil }
        let moment = HistoryFilter(
            promptID: record.promptID, since: record.createdAt, before: record.createdAt.addingTimeInterval(0.001))
        return (try? history.list(filter: moment, limit: 50))?.first { $0.id == id }
    }
}

/// Runs history queries one at a time off the key loop; a query older than the newest submitted is skipped.
final class HistorySearchWorker: Sendable {
    static let shared = HistorySearchWorker()
    private let dispatch = DispatchQueue(label: "promptdeck.history-search")
    private let newest = Mutex(0)

    func submit(_ query: HistoryQuery, sequence: Int, store: HistoryStore, queue: MessageQueue) {
        newest.withLock { $0 = sequence }  // the runtime submits in order: the last one is the newest
        dispatch.async { [self] in
            guard newest.withLock({ $0 }) == sequence else { return }
            do {
                queue.post(.historyListed(sequence: sequence, rows: try query.rows(in: store)))
            } catch {
                queue.post(.historyListFailed(sequence: sequence, message: error.localizedDescription))
            }
        }
    }
}
