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
            queue.post(Self.failure(of: effect, error.localizedDescription))
            return
        }
        do {
            switch effect {
            case .reopenComparison(let text): queue.post(.comparisonReopened(try history.comparison(matching: text)))
            case .loadHistoryRun(let id): queue.post(.historyRunLoaded(try detail(of: id, in: history)))
            case .loadConversation(let id): queue.post(.conversationChainLoaded(try history.conversation(endingAt: id)))
            case .loadSiblings(let id): queue.post(.siblingsLoaded(runID: id, records: try history.siblings(of: id)))
            case .rerun(let id):
                let record = try history.run(prefix: id)
                launch(try planner.prepareRerun(of: record, overrides: RunPlanner.RerunOverrides()))
            case .compareRuns(let ids): queue.post(try markedComparison(ids, in: history))
            case .exportRun(let id, let format, let path): try export(id, as: format, to: path, from: history)
            case .deleteRun(let id): queue.post(.historyRunDeleted(id: try history.delete(id: id)))
            default: break
            }
        } catch {
            queue.post(Self.failure(of: effect, error.localizedDescription))
        }
    }

    /// How a failed history effect is told: each in the words of what it tried.
    static func failure(of effect: Effect, _ reason: String) -> Msg {
        switch effect {
        case .reopenComparison, .compareRuns: return .comparisonFailedToReopen(reason)
        case .rerun: return .runFailedToStart(reason)
        case .loadConversation(let id): return .conversationChainFailed(runID: id, reason: reason)
        case .exportRun(_, _, let path):
            return .warning("could not export to \((path as NSString).expandingTildeInPath): \(reason)")
        default: return .warning("history: \(reason)")
        }
    }

    /// The selected run whole: its events, parent, children and the prompt file as it is now.
    private func detail(of id: String, in history: HistoryStore) throws -> HistoryDetail {
        let record = try history.run(prefix: id)
        let parent = record.parentID.flatMap { summary(of: $0, in: history) }
        let current = try? library.load(record.promptID).prompt.sourceText
        return HistoryDetail(
            record: record, events: try history.events(runID: record.id), parent: parent,
            children: try history.children(of: record.id), currentSource: current)
    }

    /// Marked runs as compare columns: they must share one prompt, since columns are re-run with one
    /// template (a run of another prompt would be re-run with the wrong one).
    private func markedComparison(_ ids: [String], in history: HistoryStore) throws -> Msg {
        let records = try ids.map { id throws(HistoryError) in try history.run(prefix: id) }
        let prompts = records.map(\.promptID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard prompts.count == 1 else {
            return .comparisonFailedToReopen(
                "the marked runs come from \(prompts.count) prompts (\(prompts.joined(separator: ", "))): "
                    + "mark runs of one prompt to compare them")
        }
        return .comparisonReopened(ReopenedComparison(groupID: "marked", records: records))
    }

    /// Writes the run as JSON, curl or markdown; a folder that does not exist yet is made first.
    private func export(_ id: String, as format: ExportFormat, to path: String, from history: HistoryStore) throws {
        let expanded = (path as NSString).expandingTildeInPath
        let record = try history.run(prefix: id)
        let text: String
        switch format {
        case .json: text = RunExporter.json(record, events: try history.events(runID: record.id))
        case .curl: text = RunExporter.curl(record)
        case .markdown: text = RunExporter.markdown(record)
        }
        try Self.write(text, to: expanded)
        queue.post(.runExported(path: expanded))
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
        guard case .locked? = error as? HistoryError else { return error.localizedDescription }
        return "history is busy: \(error.localizedDescription); the next search tries again"
    }
}
