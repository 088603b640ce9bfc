import Foundation
import PromptDeckCore
import PromptDeckTUI
import Synchronization

/// The history effects other than search, performed on the history worker.
extension EffectPerformer {
    func performHistory(_ effect: Effect) {
        let history: HistoryStore
        do {
            // Reads work on a file that cannot be written; writes (delete, re-run) then fail with its reason.
            switch effect {
            case .deleteRun, .rerun: history = try self.history.store()
            default: history = try self.history.reader()
            }
        } catch {
            let text = "history: \(error.localizedDescription)"
            if case .reopenComparison = effect {
                queue.post(.comparisonFailedToReopen(text))
            } else {
                queue.post(.warning(text))
            }
            return
        }
        switch effect {
        case .reopenComparison(let text):
            do {
                queue.post(.comparisonReopened(try history.comparison(matching: text)))
            } catch {
                queue.post(.comparisonFailedToReopen(error.localizedDescription))
            }
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
            } catch {
                queue.post(.runFailedToStart(error.localizedDescription))
            }
        case .compareRuns(let ids):
            do {
                let records = try ids.map { id throws(HistoryError) in try history.run(prefix: id) }
                let prompts = records.map(\.promptID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                guard prompts.count == 1 else {
                    // Columns share one prompt: a run of another would be re-run with the wrong template.
                    queue.post(
                        .comparisonFailedToReopen(
                            "the marked runs come from \(prompts.count) prompts (\(prompts.joined(separator: ", "))): "
                                + "mark runs of one prompt to compare them"))
                    return
                }
                queue.post(.comparisonReopened(ReopenedComparison(groupID: "marked", records: records)))
            } catch {
                queue.post(.comparisonFailedToReopen(error.localizedDescription))
            }
        case .exportRun(let id, let format, let path):
            let expanded = (path as NSString).expandingTildeInPath
            do {
                let folder = (expanded as NSString).deletingLastPathComponent
                if !folder.isEmpty {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
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
    private let dispatch = DispatchQueue(label: "promptdeck.history-search")
    private let newest = Mutex(0)

    func submit(_ query: HistoryQuery, sequence: Int, history: HistoryAccess, queue: MessageQueue) {
        newest.withLock { $0 = sequence }  // the runtime submits in order: the last one is the newest
        dispatch.async { [self] in
            guard newest.withLock({ $0 }) == sequence else { return }
            do {
                let rows = try query.rows(in: try history.reader())
                queue.post(.historyListed(sequence: sequence, rows: rows))
            } catch {
                queue.post(.historyListFailed(sequence: sequence, message: HistorySearchWorker.explain(error)))
            }
        }
    }

    /// A locked file says so plainly: another process holds it, and the view is usable meanwhile.
    static func explain(_ error: Error) -> String {
        let text = error.localizedDescription
        if text.contains("locked") || text.contains("busy") {
            return "history is busy: another process holds \(text.contains("history") ? "it" : "the file") locked "
                + "(\(text)); try again in a moment"
        }
        return text
    }
}
