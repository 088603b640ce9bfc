import Foundation
import PromptDeckCore
import PromptDeckTUI

/// Performs the effects that drive Core: list and load prompts, read history, prepare, start and cancel
/// runs (through `RunSession`, recording into the same `HistoryStore` as the CLI), preview and save.
/// Called on the runtime's thread; answers arrive as messages on the queue.
final class CoreEffects {
    let library: PromptLibrary
    let planner: RunPlanner
    private let historyPath: String
    private var historyOpened = false
    private var openedHistory: HistoryStore?
    let transports = TransportRegistry()
    let queue: MessageQueue
    private let clock: @Sendable () -> Double
    private(set) var sessions: [String: RunSession] = [:]
    private let comparisons: ComparisonDriver

    /// History is opened on first use (after the first frame); if it cannot be, runs go unrecorded and
    /// the status bar says why.
    init(
        library: PromptLibrary, configuration: Configuration, historyPath: String, queue: MessageQueue,
        clock: @escaping @Sendable () -> Double
    ) {
        self.library = library
        planner = RunPlanner(library: library, configuration: configuration)
        self.historyPath = historyPath
        self.queue = queue
        self.clock = clock
        comparisons = ComparisonDriver(queue: queue, clock: clock)
    }

    /// The history store, opened once for the process.
    var history: HistoryStore? {
        if !historyOpened {
            historyOpened = true
            do {
                openedHistory = try HistoryStore.open(path: historyPath)
            } catch {
                queue.post(.warning("history: \(error.localizedDescription); runs will not be recorded"))
            }
        }
        return openedHistory
    }

    /// Runs still going.
    var activeSessionIDs: [String] { Array(sessions.keys) }

    func perform(_ effect: Effect) {
        switch effect {
        case .loadPrompts:
            queue.post(.promptsLoaded(library.list()))
        case .loadPrompt(let id):
            do {
                let loaded = try library.load(id)
                let variables = try library.variables(of: loaded.prompt)
                queue.post(.promptLoaded(PromptDetail(prompt: loaded.prompt, variables: variables)))
            } catch {
                queue.post(.promptFailedToLoad(id: id, message: error.description))
            }
        case .loadHistory(let promptID):
            loadHistory(promptID)
        case .startRun(let inputs):
            start(inputs)
        case .cancelRun(let id):
            sessions[id]?.cancel()
        case .preparePreview(let inputs):
            do {
                let prepared = try planner.prepare(inputs, requireKeys: false)
                let spec = prepared.request.spec
                queue.post(
                    .previewReady(
                        PreviewContent(
                            method: spec.method, url: spec.url, headers: spec.maskedHeaders,
                            body: String(decoding: spec.body ?? Data(), as: UTF8.self),
                            warnings: prepared.warnings.map(\.description)
                                + prepared.request.unsetKeyVariables.map { "$\($0) is not set" })))
            } catch {
                queue.post(.previewFailed(error.description))
            }
        case .saveOutput(let path, let text):
            let expanded = (path as NSString).expandingTildeInPath
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: expanded))
                queue.post(.outputSaved(path: expanded))
            } catch {
                queue.post(.warning("could not save \(expanded): \(error.localizedDescription)"))
            }
        case .startComparison(let base, let variants):
            comparisons.start(
                base: base, variants: variants, planner: planner, transports: transports,
                recorder: history ?? DiscardingRecorder())
        case .cancelVariant(let position):
            comparisons.cancel(position: position)
        case .cancelComparison:
            comparisons.cancelAll()
        case .reopenComparison(let text):
            guard let history else {
                queue.post(.comparisonFailedToReopen("history is not available"))
                return
            }
            do {
                queue.post(.comparisonReopened(try history.comparison(matching: text)))
            } catch {
                queue.post(.comparisonFailedToReopen(error.localizedDescription))
            }
        case .queryHistory, .loadHistoryRun, .rerun, .compareRuns, .exportRun, .deleteRun:
            performHistory(effect)
        case .editExternally, .useTheme, .quit:
            break  // the runtime handles these itself
        }
    }

    private func loadHistory(_ promptID: String) {
        guard let history else { return }
        do {
            let runs = try history.list(filter: HistoryFilter(promptID: promptID), limit: 20)
            var models: [String] = []
            for run in runs where !models.contains(run.model) && !run.model.isEmpty { models.append(run.model) }
            var variables: [String: JSONValue] = [:]
            if let newest = runs.first {
                variables = try history.run(prefix: newest.id).variables.objectValue ?? [:]
            }
            queue.post(.historyLoaded(promptID: promptID, variables: variables, models: models))
        } catch {
            queue.post(.warning("history: \(error.localizedDescription)"))
        }
    }

    private func start(_ inputs: RunInputs) {
        let prepared: PreparedRun
        do {
            prepared = try planner.prepare(inputs)
        } catch {
            queue.post(.runFailedToStart(error.description))
            return
        }
        launch(prepared)
    }

    /// Starts a prepared run as a session recorded into history.
    func launch(_ prepared: PreparedRun) {
        let observer = RunBridge(queue: queue, clock: clock)
        let session = RunSession(
            record: prepared.record, request: prepared.request.spec,
            transport: transports.transport(for: prepared.profile),
            options: TransferOptions(connectTimeout: 10), recorder: history ?? DiscardingRecorder(), observer: observer,
            choiceCount: prepared.parameters.choiceCount)
        sessions[session.id] = session
        queue.post(
            .runStarted(
                RunStart(
                    id: session.id, model: prepared.record.model, profileName: prepared.profile.name,
                    choiceCount: prepared.parameters.choiceCount, streamed: prepared.parameters.stream, at: clock(),
                    warnings: prepared.warnings.map(\.description))))
        session.start()
    }

    /// Forgets a finished run (called by the runtime when `runFinished` arrives).
    func forget(_ id: String) { sessions[id] = nil }

    /// Cancels every run and waits (up to `timeout` seconds) for each to be recorded as cancelled.
    func cancelAll(timeout: Double) {
        let deadline = Date().addingTimeInterval(timeout)
        for session in sessions.values { session.cancel() }
        comparisons.cancelAndWait(timeout: timeout)
        for session in sessions.values {
            let waiter = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                session.waitUntilFinished()
                waiter.signal()
            }
            _ = waiter.wait(timeout: .now() + max(0, deadline.timeIntervalSinceNow))
        }
        sessions = [:]
    }
}

/// Passes one run's events to the key loop as messages (called on the transport thread).
final class RunBridge: RunObserver, Sendable {
    private let queue: MessageQueue
    private let clock: @Sendable () -> Double

    init(queue: MessageQueue, clock: @escaping @Sendable () -> Double) {
        self.queue = queue
        self.clock = clock
    }

    func runDidReceiveResponse(_ run: RunSession, status: Int, headers: [HTTPHeader]) {
        queue.post(.runResponse(id: run.id, status: status, headers: headers))
    }

    func run(_ run: RunSession, didReceive events: [StreamEvent]) {
        queue.post(.runEvents(id: run.id, events: events, at: clock()))
    }

    func runDidFinish(_ run: RunSession, record: RunRecord) {
        queue.post(.runFinished(id: run.id, record: record, historyWarning: run.recordingError?.localizedDescription))
    }
}
