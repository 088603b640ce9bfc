import Foundation
import PromptDeckTUI
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore
@testable import PromptDeckRuntime

/// The effect performer with no terminal: the built-in echo provider, the bundled example prompts and a
/// real temporary history file. Answers arrive as messages on a real `MessageQueue`.
@Suite("Runtime: effects off the key loop")
struct EffectPerformerTests {
    let folder: String
    let queue: MessageQueue
    let performer: EffectPerformer

    init() throws {
        folder = NSTemporaryDirectory() + "pd-runtime-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        queue = try MessageQueue()
        let echo = Profile(name: "echo", type: .echo, baseURL: "", model: "echo-1", echoDelayMs: 1)
        let configuration = Configuration(profiles: [echo], defaultProfileName: "echo", file: nil, warnings: [])
        performer = EffectPerformer(
            library: PromptLibrary(directory: nil), configuration: configuration,
            historyPath: folder + "/history.sqlite", queue: queue,
            clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 })
    }

    private func wait(_ timeout: Double = 10, for match: (Msg) -> Bool) -> (Msg?, [Msg]) {
        var seen: [Msg] = []
        let found = queue.wait(timeout: timeout, seen: &seen, until: match)
        return (found, seen)
    }

    @Test func promptsLoadAndARunStreamsFinishesAndIsListedInHistory() throws {
        performer.perform(.loadPrompts)
        let (listed, _) = wait { if case .promptsLoaded = $0 { return true } else { return false } }
        guard case .promptsLoaded(let listing)? = listed else {
            Issue.record("no prompt listing")
            return
        }
        #expect(listing.prompts.contains { $0.id == "examples/tagline" })

        performer.perform(
            .startRun(
                RunInputs(promptID: "examples/tagline", variables: ["shop": "Bloom"], overrides: [:], stream: true)))
        let (finished, seen) = wait { if case .runFinished = $0 { return true } else { return false } }
        guard case .runFinished(_, let record, let warning)? = finished else {
            Issue.record("the run did not finish: \(seen)")
            return
        }
        #expect(warning == nil)
        #expect(record.status == .ok)
        #expect(seen.contains { if case .runStarted = $0 { return true } else { return false } })
        #expect(seen.contains { if case .runEvents = $0 { return true } else { return false } })

        performer.perform(.queryHistory(HistoryQuery(text: "", filter: HistoryFilter()), sequence: 1))
        let (rows, _) = wait { if case .historyListed(1, _) = $0 { return true } else { return false } }
        guard case .historyListed(_, let listedRows)? = rows else {
            Issue.record("history was not listed")
            return
        }
        #expect(listedRows.map(\.summary.id) == [record.id], "the run is in the history file")
    }

    @Test func theEchoProfileSaysWhichModelsItServes() {
        performer.perform(.discoverModels(profileName: "echo"))
        let (answer, _) = wait { if case .modelsDiscovered = $0 { return true } else { return false } }
        guard case .modelsDiscovered(let profile, let models)? = answer else {
            Issue.record("no answer")
            return
        }
        #expect(profile == "echo" && models == ["echo"])
    }

    @Test func aPromptThatCannotLoadAnswersWithItsReason() {
        performer.perform(.loadPrompt(id: "no/such-prompt"))
        let (answer, _) = wait { if case .promptFailedToLoad = $0 { return true } else { return false } }
        guard case .promptFailedToLoad(let id, let message)? = answer else {
            Issue.record("no answer")
            return
        }
        #expect(id == "no/such-prompt")
        #expect(message.contains("no/such-prompt"))
    }

    @Test func savingIntoAFolderThatDoesNotExistMakesIt() throws {
        let path = folder + "/new/deeper/out.txt"
        performer.perform(.saveOutput(path: path, text: "hello"))
        let (answer, seen) = wait { if case .outputSaved = $0 { return true } else { return false } }
        #expect(answer != nil, "\(seen)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
    }

    @Test func markedRunsOfTwoPromptsAreRefusedWithTheReason() throws {
        for (prompt, variables) in [
            ("examples/tagline", ["shop": JSONValue.string("Bloom")]), ("examples/weather", ["city": "Oslo"]),
        ] {
            performer.perform(
                .startRun(RunInputs(promptID: prompt, variables: variables, overrides: [:], stream: false)))
            let (finished, seen) = wait { if case .runFinished = $0 { return true } else { return false } }
            #expect(finished != nil, "\(seen)")
        }
        let store = try HistoryStore.open(path: folder + "/history.sqlite")
        let ids = try store.list(filter: HistoryFilter(), limit: 10).map(\.id)
        #expect(ids.count == 2)
        performer.perform(.compareRuns(ids))
        let (answer, _) = wait { if case .comparisonFailedToReopen = $0 { return true } else { return false } }
        guard case .comparisonFailedToReopen(let message)? = answer else {
            Issue.record("mixing prompts was not refused")
            return
        }
        #expect(message.contains("2 prompts"))
        #expect(message.contains("examples/tagline") && message.contains("examples/weather"))
    }

    /// Another process holds the history file locked: `perform` hands the query to a worker and returns
    /// while the worker still waits on the lock; the answer comes later and says the file is busy.
    @Test func aLockedHistoryNeverHoldsThePerformer() throws {
        let path = folder + "/history.sqlite"
        _ = try HistoryStore.open(path: path)
        let locker = try LockingProcess(path: path)
        defer { locker.stop() }
        performer.perform(.queryHistory(HistoryQuery(text: "", filter: HistoryFilter()), sequence: 7))
        performer.perform(.loadPrompts)
        // Prompt files are not behind the history lock: their answer comes first.
        let (first, _) = wait(3) { msg in
            switch msg {
            case .promptsLoaded, .historyListed, .historyListFailed: return true
            default: return false
            }
        }
        guard case .promptsLoaded? = first else {
            Issue.record("the prompt listing waited on the history lock: \(String(describing: first))")
            return
        }
        let (answer, _) = wait(15) { msg in
            switch msg {
            case .historyListFailed(7, _), .historyListed(7, _): return true
            default: return false
            }
        }
        #expect(answer != nil, "the query was answered (rows, or why not) while the file stayed locked")
        if case .historyListFailed(_, let message)? = answer { #expect(message.contains("busy"), "\(message)") }
    }
}

/// A lock holder: a Python child that opens the file in exclusive locking mode inside an exclusive
/// transaction, which shuts out readers and writers alike (see LINUX-NOTES), until it is stopped.
/// Spawned with an empty signal mask (`SpawnedProcess`) so `stop` ends it at once.
struct LockingProcess {
    let process: SpawnedProcess

    init(path: String) throws {
        let script = """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("PRAGMA locking_mode=EXCLUSIVE")
            db.execute("BEGIN EXCLUSIVE")
            db.execute("CREATE TABLE IF NOT EXISTS pd_lock(x)")
            print("locked", flush=True)
            time.sleep(60)
            """
        process = try SpawnedProcess.spawn("python3", arguments: ["-c", script, path], captureStdout: true)
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = process.stdoutDescriptor.map { read($0, &buffer, buffer.count) } ?? 0
        guard count > 0, String(decoding: buffer[0..<count], as: UTF8.self).contains("locked") else {
            stop()
            throw CocoaError(.fileLocking)
        }
    }

    func stop() {
        process.signal(SIGKILL)
        _ = process.waitForExit()
    }
}
