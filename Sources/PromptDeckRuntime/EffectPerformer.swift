import Foundation
import PromptDeckCore
import PromptDeckTUI
import Synchronization

/// Performs the effects that drive Core, off the key loop: prompt files, previews and saves on one
/// worker, SQLite on another, history search on its own (only the newest query is answered), and runs
/// through `RunSession` (recorded into the same history as the CLI). Every answer is a message on the
/// queue; `perform` itself never waits on the disk, SQLite or the network.
public final class EffectPerformer: Sendable {
    let library: PromptLibrary
    let planner: RunPlanner
    let history: HistoryAccess
    let transports = TransportRegistry()
    let discovery: ModelDiscovery
    let queue: MessageQueue
    let clock: @Sendable () -> Double
    /// Remembers the theme picked, for the next start (nil: not remembered).
    let rememberTheme: (@Sendable (String) throws -> Void)?
    private let sessions = Mutex<[String: RunSession]>([:])
    private let comparisons: ComparisonDriver
    private let evaluations: EvaluationDriver
    /// Prompt files, previews, saves and run preparation, in the order asked.
    let files = DispatchQueue(label: "promptdeck.effects.files")
    /// History reads and writes other than search, in the order asked.
    let database = DispatchQueue(label: "promptdeck.effects.history")
    let search = HistorySearchWorker()
    /// The draft waiting to be spliced and checked (only the newest one is).
    let drafts = Mutex(DraftWork())
    /// Checks and prices every single run as it ends (the prompt's `checks:`), in its final history write.
    let checking: CheckingRecorder
    /// `max_concurrency:` across the playground's single runs and comparisons together.
    let gate: ProfileGate
    /// Single runs holding one of the gate's slots.
    private let holding = Mutex<Set<String>>([])
    /// Whether Portkey's prompt lists were asked for (once a process).
    private let hostedListed = Mutex(false)
    /// Prompt texts already recorded as the version an edit started from.
    let pinned = Mutex<Set<String>>([])
    /// Watches the open prompt's file and partials for changes made elsewhere.
    let watcher = FileWatcher()
    /// The state file; drafts are kept in `drafts/` beside it.
    let stateFile: String

    /// A performer posting its answers to `queue`. History opens on first use, on a worker; if it cannot
    /// be opened, runs go unrecorded and the status bar says why.
    /// Portkey's prompt library, for the `portkey-hosted` profiles (listed beside the local prompts).
    let portkey: PortkeyLibrary

    public init(
        library: PromptLibrary, configuration: Configuration, historyPath: String, queue: MessageQueue,
        stateFile: String = PromptDeckPaths().stateFile,
        environment: [String: String] = ProcessEnvironment.current,
        portkeyCache: PortkeyListCache = PortkeyListCache(directory: PortkeyListCache.defaultDirectory()),
        rememberTheme: (@Sendable (String) throws -> Void)? = nil, clock: @escaping @Sendable () -> Double
    ) {
        self.library = library
        self.stateFile = stateFile
        gate = ProfileGate(profiles: configuration.profiles)
        discovery = ModelDiscovery(transports: transports)
        // A run with no model anywhere asks the server (on the files worker): its only model, or the list;
        // `ID@N` and version columns read their text from history.
        portkey = PortkeyLibrary(
            configuration: configuration, transport: CurlTransport(), environment: environment, cache: portkeyCache)
        var planner = RunPlanner(
            library: library, configuration: configuration, environment: environment, modelDiscovery: discovery,
            versions: HistoryFileVersions(path: historyPath))
        planner.portkey = portkey
        self.planner = planner
        history = HistoryAccess(path: historyPath)
        checking = CheckingRecorder(wrapping: history, prices: configuration.priceTable)
        self.queue = queue
        self.clock = clock
        self.rememberTheme = rememberTheme
        comparisons = ComparisonDriver(queue: queue, clock: clock)
        evaluations = EvaluationDriver(queue: queue)
    }

    /// Hands `effect` to its worker and returns at once. Effects the terminal performs (the editor, the
    /// theme, the clipboard, suspend, quit) are ignored here.
    public func perform(_ effect: Effect) {
        switch effect {
        case .loadPrompts:
            files.async { [self] in queue.post(.promptsLoaded(library.list())) }
            listHostedPrompts()
        case .loadPrompt(let id):
            files.async { [self] in loadPrompt(id) }
        case .loadHistory(let promptID):
            database.async { [self] in loadHistory(promptID) }
        case .startRun(let inputs):
            files.async { [self] in start(inputs) }
        case .cancelRun(let id):
            guard let session = sessions.withLock({ $0[id] }) else { return }
            if gate.withdraw(id: id) {
                session.abandon()  // it waited for a slot: nothing was sent
            } else {
                session.cancel()
            }
        case .readResponseFormat(let id, let reference, let promptPath):
            files.async { [self] in
                do {
                    let value = try ResponseFormatFile.load(reference, besides: promptPath)
                    queue.post(.responseFormatRead(promptID: id, reference: reference, value: value))
                } catch {
                    queue.post(.warning("response_format not set: \(error.localizedDescription)"))
                }
            }
        case .preparePreview(let inputs):
            files.async { [self] in preview(inputs) }
        case .saveOutput(let path, let text):
            files.async { [self] in save(text, to: path) }
        case .startComparison(let base, let variants):
            files.async { [self] in
                comparisons.start(
                    base: base, variants: variants, planner: planner, transports: transports, recorder: history,
                    gate: gate, checking: checking)
            }
        case .cancelVariant(let position):
            comparisons.cancel(position: position)
        case .cancelComparison:
            comparisons.cancelAll()
        case .startEvaluation(let request):
            files.async { [self] in
                evaluations.start(
                    request, planner: planner, transports: transports, recorder: history, gate: gate,
                    prices: planner.configuration.priceTable, history: history)
            }
        case .cancelEvaluation:
            evaluations.cancelAll()
        case .saveThemeChoice(let name):
            files.async { [self] in
                do {
                    try rememberTheme?(name)
                } catch {
                    queue.post(.warning("could not remember the theme: \(error.localizedDescription)"))
                }
            }
        case .discoverModels(let profileName):
            guard let profile = planner.configuration.profile(named: profileName) else { return }
            DispatchQueue.global().async { [self] in
                do {
                    queue.post(.modelsDiscovered(profile: profileName, models: try discovery.models(for: profile)))
                } catch {
                    queue.post(.modelsUnavailable(profile: profileName, reason: error.localizedDescription))
                }
            }
        case .queryHistory(let query, let sequence):
            search.submit(query, sequence: sequence, history: history, queue: queue)
        case .listComparisons:
            database.async { [self] in
                guard let listings = try? history.reader().recentComparisons(limit: 12) else { return }
                queue.post(.comparisonsListed(listings))
            }
        case .reopenComparison, .loadHistoryRun, .loadConversation, .loadSiblings, .rerun, .compareRuns, .exportRun,
            .deleteRun:
            database.async { [self] in performHistory(effect) }
        case .analyzeDraft, .saveDraft, .discardDraftCopy, .createPrompt, .watchPrompt, .listVersions,
            .publishHostedVersion, .pushToPortkey:
            performDraft(effect)
        case .editExternally, .editDraftExternally, .useTheme, .quit, .copyToClipboard, .suspend:
            break  // the terminal performs these itself
        }
    }

    private func loadPrompt(_ id: String) {
        if PortkeyPromptID.isPortkey(id) { return loadHostedPrompt(id) }
        do {
            let loaded = try library.load(id)
            let variables = try library.variables(of: loaded.prompt)
            queue.post(.promptLoaded(PromptDetail(prompt: loaded.prompt, variables: variables)))
            recoveredDraft(of: loaded.prompt)
        } catch {
            queue.post(.promptFailedToLoad(id: id, message: error.description))
        }
    }

    /// Each `portkey-hosted` profile's prompts: the cached list at once, then Portkey's answer (or the
    /// cache with its age and the error), off the key loop; start-up never waits for it. Asked once a
    /// process: the local list reloads after every save, and the TUI keeps the hosted prompts across that.
    private func listHostedPrompts() {
        guard
            hostedListed.withLock({ listed in
                defer { listed = true }
                return !listed
            })
        else { return }
        for profile in planner.configuration.profiles where profile.type == .portkeyHosted {
            let cached = portkey.cachedList(profile: profile)
            if !cached.prompts.isEmpty { queue.post(Self.hostedListing(cached, profile: profile.name)) }
            DispatchQueue.global().async { [self] in
                queue.post(Self.hostedListing(portkey.list(profile: profile), profile: profile.name))
            }
        }
    }

    static func hostedListing(_ list: PortkeyPromptList, profile: String) -> Msg {
        let prompts = list.prompts.map {
            PromptSummary(
                id: $0.promptID, name: $0.name, kind: .chat, description: "Portkey · \(profile)", model: $0.model,
                sourcePath: "portkey:" + profile)
        }
        var note: String?
        if let error = list.error {
            let age = list.ageDescription().map { "the cached list from \($0)" } ?? "no cached list"
            note = "Portkey prompts (\(profile)): \(error.diagnostic(file: profile).message); showing \(age)"
        }
        return .hostedPromptsListed(profile: profile, prompts: prompts, note: note)
    }

    /// A `portkey:slug[@N|@label]` prompt, fetched from Portkey and read like a local file.
    private func loadHostedPrompt(_ id: String) {
        do {
            let reference = try PromptReference.parse(id)
            let loaded = try portkey.load(reference)
            let variables = try library.variables(of: loaded.prompt, partials: loaded.partials)
            queue.post(.promptLoaded(PromptDetail(prompt: loaded.prompt, variables: variables)))
        } catch let error as DiagnosticList {
            queue.post(.promptFailedToLoad(id: id, message: error.description))
        } catch {
            queue.post(.promptFailedToLoad(id: id, message: "\(error)"))
        }
    }

    private func preview(_ inputs: RunInputs) {
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
    }

    /// Writes the output; a folder that does not exist yet is made first.
    private func save(_ text: String, to path: String) {
        let expanded = (path as NSString).expandingTildeInPath
        let folder = (expanded as NSString).deletingLastPathComponent
        do {
            try Self.write(text, to: expanded)
            queue.post(.outputSaved(path: expanded))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            queue.post(.warning("could not save the output to \(expanded) (folder \(folder)): \(reason)"))
        }
    }

    /// Writes `text` to `path` (already expanded), making its folder first when it does not exist yet.
    /// `replacing` (prompt files) goes through a temporary file and a rename, as editors save, so a crash never
    /// leaves half a prompt file and the file keeps its permissions; outputs and exports are written in place
    /// (a path that is a symlink or a device stays one).
    static func write(_ text: String, to path: String, replacing: Bool = false) throws {
        let manager = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        guard replacing else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        let temporary =
            (folder.isEmpty ? "" : folder + "/") + ".\((path as NSString).lastPathComponent).promptdeck-\(getpid())"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        if let mode = (try? manager.attributesOfItem(atPath: path))?[.posixPermissions] {
            try? manager.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(atPath: temporary)
            throw SaveProblem("cannot write \(path): \(reason)")
        }
    }

    private func loadHistory(_ promptID: String) {
        do {
            let store = try history.store()
            let runs = try store.list(filter: HistoryFilter(promptID: promptID), limit: 20)
            var models: [String] = []
            for run in runs where !models.contains(run.model) && !run.model.isEmpty { models.append(run.model) }
            var variables: [String: JSONValue] = [:]
            if let newest = runs.first {
                variables = try store.run(prefix: newest.id).variables.objectValue ?? [:]
            }
            queue.post(.historyLoaded(promptID: promptID, variables: variables, models: models))
        } catch {
            queue.post(.warning("history: \(error.localizedDescription)"))
        }
    }

    private func start(_ inputs: RunInputs) {
        do {
            launch(try planner.prepare(inputs))
        } catch {
            queue.post(.runFailedToStart(error.description))
        }
    }

    /// Starts a prepared run as a session recorded into history.
    func launch(_ prepared: PreparedRun) {
        let profile = prepared.profile.name
        let observer = RunBridge(queue: queue, clock: clock) { [weak self] id in
            guard let self else { return }
            sessions.withLock { $0[id] = nil }
            if holding.withLock({ $0.remove(id) }) != nil { gate.leave(profile) }
        } checked: { [checking] record in
            defer { checking.forget(runID: record.id) }
            return checking.finishedRecord(runID: record.id) ?? record
        }
        let session = RunSession(
            record: prepared.record, request: prepared.request.spec,
            transport: transports.transport(for: prepared.profile),
            options: TransferOptions(connectTimeout: 10), retry: prepared.profile.retry, recorder: checking,
            observer: observer,
            choiceCount: prepared.parameters.choiceCount)
        sessions.withLock { $0[session.id] = session }
        if !prepared.checks.isEmpty {
            checking.expect(
                runID: session.id, checks: prepared.checks,
                variables: prepared.record.variables.objectValue ?? [:])
        }
        queue.post(
            .runStarted(
                RunStart(
                    id: session.id, model: prepared.record.model, profileName: profile,
                    choiceCount: prepared.parameters.choiceCount, streamed: prepared.parameters.stream, at: clock(),
                    warnings: prepared.warnings.map(\.description))))
        let waits = gate.enter(profile, id: session.id) { [self] in
            holding.withLock { _ = $0.insert(session.id) }
            session.start()
        }
        if waits, let limit = gate.limit(of: profile) {
            queue.post(.runQueued(id: session.id, profile: profile, limit: limit))
        }
    }

    /// Cancels every run and waits (up to `timeout` seconds) for each to be recorded as cancelled.
    /// Runs still being prepared are waited for first, so none starts after this returns.
    public func cancelAll(timeout: Double) {
        let deadline = Date().addingTimeInterval(timeout)
        files.sync {}
        let running = sessions.withLock { Array($0.values) }
        for session in running {
            if gate.withdraw(id: session.id) { session.abandon() } else { session.cancel() }
        }
        comparisons.cancelAndWait(timeout: timeout)
        evaluations.cancelAndWait(timeout: max(0, deadline.timeIntervalSinceNow))
        for session in running {
            BoundedWait.run(timeout: deadline.timeIntervalSinceNow) { session.waitUntilFinished() }
        }
    }
}

/// Passes one run's events to the key loop as messages (called on the transport thread).
final class RunBridge: RunObserver, Sendable {
    private let queue: MessageQueue
    private let clock: @Sendable () -> Double
    private let finished: @Sendable (String) -> Void
    private let checked: @Sendable (RunRecord) -> RunRecord

    init(
        queue: MessageQueue, clock: @escaping @Sendable () -> Double, finished: @escaping @Sendable (String) -> Void,
        checked: @escaping @Sendable (RunRecord) -> RunRecord = { $0 }
    ) {
        self.queue = queue
        self.clock = clock
        self.finished = finished
        self.checked = checked
    }

    func runDidReceiveResponse(_ run: RunSession, status: Int, headers: [HTTPHeader]) {
        queue.post(.runResponse(id: run.id, status: status, headers: headers))
    }

    func runWillRetry(_ run: RunSession, attempt: RunAttempt, retries: Int) {
        queue.post(.runRetrying(id: run.id, attempt: attempt, retries: retries, at: clock()))
    }

    func run(_ run: RunSession, didReceive batch: StreamBatch) {
        queue.post(.runEvents(id: run.id, events: batch.events, textDeltas: batch.textDeltas, at: clock()))
    }

    func runDidFinish(_ run: RunSession, record: RunRecord) {
        finished(run.id)
        queue.post(
            .runFinished(id: run.id, record: checked(record), historyWarning: run.recordingError?.localizedDescription))
    }
}
