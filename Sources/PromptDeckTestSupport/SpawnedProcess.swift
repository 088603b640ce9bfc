import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a child process could not be started.
public enum SpawnError: Error, LocalizedError, Sendable {
    case pipeFailed(errno: Int32)
    case spawnFailed(executable: String, errno: Int32)
    case noPortLine(String)
    case scriptNotFound

    public var errorDescription: String? {
        switch self {
        case .pipeFailed(let code): return "pipe failed: \(String(cString: strerror(code)))"
        case .spawnFailed(let executable, let code):
            return "could not start \(executable): \(String(cString: strerror(code)))"
        case .noPortLine(let seen): return "test server did not print PORT: \(seen)"
        case .scriptNotFound: return "Tests/Server/pd_testserver.py not found above the support sources"
        }
    }
}

private let spawnLock = NSLock()

/// A child started with `posix_spawn` and an empty signal mask (`Foundation.Process` inherits the test
/// runner's blocked signals and hangs under Swift Testing). Pipe ends kept here are close-on-exec.
public final class SpawnedProcess: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// Write end of the child's stdin, when captured.
    public private(set) var stdinDescriptor: Int32?
    /// Read end of the child's stdout, when captured.
    public private(set) var stdoutDescriptor: Int32?
    /// Read end of the child's stderr, when captured.
    public private(set) var stderrDescriptor: Int32?
    private let lock = NSLock()
    private var exitStatus: Int32?

    private init(pid: pid_t, stdin: Int32?, stdout: Int32?, stderr: Int32?) {
        self.pid = pid
        stdinDescriptor = stdin
        stdoutDescriptor = stdout
        stderrDescriptor = stderr
    }

    deinit {
        for descriptor in [stdinDescriptor, stdoutDescriptor, stderrDescriptor].compactMap({ $0 }) {
            close(descriptor)
        }
    }

    /// Starts `executable` (searched on PATH when it has no slash) with `arguments`.
    /// Uncaptured stdin reads /dev/null; uncaptured stdout and stderr are inherited.
    public static func spawn(
        _ executable: String, arguments: [String], environment overrides: [String: String?] = [:],
        workingDirectory: String? = nil, captureStdin: Bool = false, captureStdout: Bool = false,
        captureStderr: Bool = false
    ) throws -> SpawnedProcess {
        if let workingDirectory {
            // posix_spawn_file_actions_addchdir_np is a GNU extension Swift does not see: let sh change folder.
            return try spawn(
                "/bin/sh", arguments: ["-c", "cd \"$0\" && exec \"$@\"", workingDirectory, executable] + arguments,
                environment: overrides, captureStdin: captureStdin, captureStdout: captureStdout,
                captureStderr: captureStderr)
        }
        // Pipes are made close-on-exec with a second call: the lock keeps our own spawns out of that gap.
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in overrides { environment[key] = value }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }
        var parentEnds: [Int32?] = [nil, nil, nil]
        do {
            for (target, capture) in [(Int32(0), captureStdin), (1, captureStdout), (2, captureStderr)] where capture {
                let (readEnd, writeEnd) = try makePipe()
                let childEnd = target == 0 ? readEnd : writeEnd
                childEnds.append(childEnd)
                parentEnds[Int(target)] = target == 0 ? writeEnd : readEnd
                posix_spawn_file_actions_adddup2(&actions, childEnd, target)
            }
        } catch {
            parentEnds.compactMap { $0 }.forEach { close($0) }
            throw error
        }
        if !captureStdin { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result =
            executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            parentEnds.compactMap { $0 }.forEach { close($0) }
            throw SpawnError.spawnFailed(executable: executable, errno: result)
        }
        return SpawnedProcess(pid: pid, stdin: parentEnds[0], stdout: parentEnds[1], stderr: parentEnds[2])
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw SpawnError.pipeFailed(errno: errno) }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    /// Closes our end of one of the child's pipes (closing stdin sends it EOF).
    public func closeDescriptor(_ which: Int32) {
        lock.withLock {
            switch which {
            case 0: Self.closeAndClear(&stdinDescriptor)
            case 1: Self.closeAndClear(&stdoutDescriptor)
            default: Self.closeAndClear(&stderrDescriptor)
            }
        }
    }

    private static func closeAndClear(_ descriptor: inout Int32?) {
        if let open = descriptor { _ = close(open) }
        descriptor = nil
    }

    /// Sends a signal unless the child has already been reaped.
    public func signal(_ number: Int32) {
        lock.withLock {
            if exitStatus == nil { _ = kill(pid, number) }
        }
    }

    /// Waits for the child to exit and returns its raw wait status (once reaped, the same value again).
    @discardableResult
    public func waitForExit() -> Int32 {
        if let known = lock.withLock({ exitStatus }) { return known }
        // Wait without reaping, then reap under the lock: `signal` can never hit a recycled pid.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
        return lock.withLock {
            if let known = exitStatus { return known }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exitStatus = status
            return status
        }
    }

    /// Exit code for a normal exit; 128 + signal number for a child killed by a signal.
    public static func exitCode(fromWaitStatus status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
