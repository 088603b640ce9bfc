import CCurl
import Foundation

/// Sends HTTP requests with libcurl: every transfer of one transport streams on one thread and one multi handle.
///
/// Threading: the first `start` launches a thread that owns a curl multi handle and every easy handle on it.
/// Callers hand it work through a locked command queue and wake it with `curl_multi_wakeup`, so a
/// cancellation lands within a poll round-trip even on an idle connection. When no transfer has been active
/// for `idleLinger` seconds the thread cleans up its multi handle (and its connection cache) and exits;
/// the next `start` launches a fresh one. Delegates are called on that thread.
public final class CurlTransport: Transport {
    private let engine: CurlEngine

    /// A transport whose thread exits after `idleLinger` seconds without transfers.
    public init(idleLinger: Double = 5) {
        engine = CurlEngine(idleLinger: idleLinger)
    }

    /// Starts a transfer and returns at once; the delegate hears about it on the transport thread.
    public func start(
        _ request: HTTPRequestSpec, options: TransferOptions, delegate: TransferDelegate
    ) -> TransferHandle {
        let id = engine.register()
        let transfer = CurlTransfer(id: id, request: request, options: options, delegate: delegate)
        engine.post(.start(transfer))
        return CurlTransferHandle(engine: engine, id: id)
    }

    /// Loads and initializes libcurl on a background thread, so the first transfer need not wait for it.
    ///
    /// Loading libcurl and its ~30 libraries costs about 4 ms of CPU (most of it the loader binding their
    /// symbols) that the first transfer otherwise pays before its request leaves. The playground calls
    /// this once its first frame is on screen, while the user is still choosing what to run: the CPU is
    /// the same, the first run's wait is shorter. Idempotent; a transfer that starts meanwhile waits for
    /// the same one-time initialization. A headless run does not call it: loading on another thread
    /// while the main thread starts up cost ~3 ms more CPU and wall for a 100,000-chunk run (40
    /// interleaved runs; why was not pinned down) and gained nothing measurable for a short one.
    public static func warmUp() { _ = loading }

    /// Waits (up to `timeout` seconds) for a warm-up still loading libcurl; returns at once if none began.
    ///
    /// Call it before the process exits: `exit` runs OpenSSL's cleanup while the loading thread may still
    /// be inside `OPENSSL_init_crypto` (through `curl_global_init`), which then unlocks a freed lock and
    /// crashes. Quitting the playground right after its first frame hit it (SIGSEGV, 1 in 20 quits with
    /// a cold page cache).
    public static func waitForWarmUp(timeout: Double = 5) {
        _ = warmingUp.wait(timeout: .now() + timeout)
    }

    /// Entered while the loading thread runs; an untouched group's `wait` returns at once.
    private static let warmingUp = DispatchGroup()

    /// Starts the loading thread the first time it is read: one per process, however often `warmUp` runs.
    private static let loading: Void = {
        warmingUp.enter()
        let thread = Thread {
            _ = CurlEngine.globalInit
            warmingUp.leave()
        }
        thread.name = "promptdeck.curl-load"
        thread.start()
    }()
}

/// Cancels one transfer by posting a command to the transport thread.
final class CurlTransferHandle: TransferHandle {
    private let engine: CurlEngine
    private let id: UInt64

    init(engine: CurlEngine, id: UInt64) {
        self.engine = engine
        self.id = id
    }

    func cancel() {
        engine.cancel(id)
    }
}

/// The thread, the multi handle and the command queue behind a `CurlTransport`.
///
/// `@unchecked Sendable`: every mutable field is guarded by `lock`; the multi handle itself is only
/// touched by the transport thread, except `curl_multi_wakeup`, which libcurl allows from any thread
/// (it is called under `lock` while the handle is published, and the thread unpublishes it before cleanup).
final class CurlEngine: @unchecked Sendable {
    enum Command {
        case start(CurlTransfer)
        case cancel(UInt64)
    }

    /// libcurl loaded and initialized, once per process (`CurlTransport.warmUp` may do it early).
    fileprivate static let globalInit: CURLcode = pd_global_init_all()

    private let lock = NSLock()
    private let idleLinger: Double
    private var commands: [Command] = []
    private var threadRunning = false
    private var publishedMulti: UnsafeMutableRawPointer?
    private var nextID: UInt64 = 0
    private var liveIDs: Set<UInt64> = []

    init(idleLinger: Double) {
        self.idleLinger = max(0, idleLinger)
    }

    /// Reserves an id for a new transfer; it stays live until the transfer completes.
    func register() -> UInt64 {
        lock.withLock {
            nextID += 1
            liveIDs.insert(nextID)
            return nextID
        }
    }

    /// Cancels a live transfer; unknown or finished ids are ignored (cancel is idempotent).
    func cancel(_ id: UInt64) {
        let live = lock.withLock { liveIDs.contains(id) }
        if live { post(.cancel(id)) }
    }

    func post(_ command: Command) {
        let mustLaunch: Bool = lock.withLock {
            commands.append(command)
            if threadRunning {
                if let multi = publishedMulti { pd_curl_multi_wakeup(multi) }
                return false
            }
            threadRunning = true
            return true
        }
        if mustLaunch {
            let thread = Thread { [self] in run() }
            thread.name = "promptdeck.curl"
            thread.start()
        }
    }

    fileprivate func retire(_ id: UInt64) {
        _ = lock.withLock { liveIDs.remove(id) }
    }

    private func takeCommands() -> [Command] {
        lock.withLock {
            let taken = commands
            commands.removeAll(keepingCapacity: true)
            return taken
        }
    }

    // MARK: The transport thread

    private func run() {
        let initResult = Self.globalInit
        guard initResult == CURLE_OK, let multi = pd_curl_multi_init() else {
            failEverything(code: Int(initResult.rawValue))
            return
        }
        lock.withLock { publishedMulti = multi }
        var active: [UInt64: CurlTransfer] = [:]
        var idleSince: ContinuousClock.Instant?
        let lingerMs = Int32(min(idleLinger * 1000, 3_600_000))

        while true {
            for command in takeCommands() {
                switch command {
                case .start(let transfer):
                    if transfer.attach(to: multi) {
                        active[transfer.id] = transfer
                    } else {
                        retire(transfer.id)
                    }
                case .cancel(let id):
                    if let transfer = active.removeValue(forKey: id) {
                        transfer.finish(.cancelled, multi: multi)
                        retire(id)
                    }
                }
            }
            var stillRunning: Int32 = 0
            pd_curl_multi_perform(multi, &stillRunning)
            collectFinished(multi: multi, active: &active)

            if active.isEmpty {
                let now = ContinuousClock.now
                if let since = idleSince, now - since >= .milliseconds(Int(lingerMs)) {
                    let exit: Bool = lock.withLock {
                        guard commands.isEmpty else { return false }
                        threadRunning = false
                        publishedMulti = nil
                        return true
                    }
                    if exit { break }
                } else if idleSince == nil {
                    idleSince = now
                }
            } else {
                idleSince = nil
            }
            var readyDescriptors: Int32 = 0
            pd_curl_multi_poll(multi, nil, 0, active.isEmpty ? max(lingerMs, 1) : 1000, &readyDescriptors)
        }
        pd_curl_multi_cleanup(multi)
    }

    private func collectFinished(multi: UnsafeMutableRawPointer, active: inout [UInt64: CurlTransfer]) {
        var remaining: Int32 = 0
        while let message = pd_curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let result = pd_msg_result(message)
            var privatePointer: UnsafeMutableRawPointer?
            pd_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &privatePointer)
            guard let privatePointer else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(privatePointer).takeUnretainedValue()
            active.removeValue(forKey: transfer.id)
            transfer.finish(result: result, multi: multi)
            retire(transfer.id)
        }
    }

    /// Why no transfer can start: libcurl could not be loaded (dlerror's words), or its global init failed.
    private static var initialisationProblem: String {
        pd_curl_load_error().map { String(cString: $0) } ?? "libcurl could not be initialised"
    }

    /// Without a multi handle nothing can run: every queued start fails, and the thread stops.
    private func failEverything(code: Int) {
        while true {
            let pending: [Command]? = lock.withLock {
                if commands.isEmpty {
                    threadRunning = false
                    return nil
                }
                let taken = commands
                commands.removeAll()
                return taken
            }
            guard let pending else { return }
            for case .start(let transfer) in pending {
                transfer.finish(.failed(.other(code: code, message: Self.initialisationProblem)), multi: nil)
                retire(transfer.id)
            }
        }
    }
}
