import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `command:` check: `/bin/sh -c COMMAND` with the output on stdin and the run as JSON in
/// `PROMPTDECK_RUN`. Exit 0 passes; its stderr is the message. A command still going at its timeout is
/// killed (its whole process group) and fails.
enum CommandCheck {
    struct Outcome {
        var passed: Bool
        var message: String
    }

    /// At most this much of stderr is kept as the message.
    static let messageLimit = 2000

    /// Pipes are made close-on-exec with a second call: the lock keeps concurrent checks out of that gap.
    private static let spawnLock = NSLock()
    /// Writing the output to a command that does not read it must fail with EPIPE, not end PromptDeck.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    static func run(_ command: String, input: String, runJSON: String, timeoutSeconds: Double) -> Outcome {
        _ = ignoreBrokenPipes
        var environment = ProcessEnvironment.current
        environment["PROMPTDECK_RUN"] = runJSON
        // posix_spawn and waitpid on the child itself: Foundation's Process learns of a child's exit from
        // SIGCHLD, which several checks ending together can delay by a second.
        let spawned: (pid: pid_t, stdin: Int32, stderr: Int32)
        do {
            spawned = try spawn(["/bin/sh", "-c", command], environment: environment)
        } catch {
            return Outcome(passed: false, message: "could not start /bin/sh: \(error.message)")
        }
        let exited = DispatchSemaphore(value: 0)
        let status = Collected()
        // Threads of their own, not Dispatch's pool: with the pool's few threads blocked in waitpid and
        // read, the stdin writer would wait for the pool to grow (about a second).
        detach {
            var code: Int32 = 0
            while waitpid(spawned.pid, &code, 0) < 0 && errno == EINTR {}
            status.code = code
            exited.signal()
        }
        let collected = Collected()
        let reader = DispatchSemaphore(value: 0)
        detach {
            collected.data = FileHandle(fileDescriptor: spawned.stderr, closeOnDealloc: true).readDataToEndOfFile()
            reader.signal()
        }
        detach {
            // A command that does not read its stdin closes the pipe: the write fails (EPIPE), which is fine.
            let handle = FileHandle(fileDescriptor: spawned.stdin, closeOnDealloc: true)
            try? handle.write(contentsOf: Data(input.utf8))
            try? handle.close()
        }
        let timedOut = exited.wait(timeout: .now() + timeoutSeconds) == .timedOut
        if timedOut {
            // The whole group: what the shell started stops too.
            kill(-spawned.pid, SIGKILL)
            _ = exited.wait(timeout: .now() + 2)
        }
        // A grandchild may hold stderr open after the shell is gone: do not wait for it for long.
        _ = reader.wait(timeout: .now() + (timedOut ? 0.5 : 2))
        let text = String(decoding: collected.data.prefix(messageLimit), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if timedOut {
            let seconds = timeoutSeconds.rounded() == timeoutSeconds ? "\(Int(timeoutSeconds))" : "\(timeoutSeconds)"
            return Outcome(passed: false, message: "timed out after \(seconds) s" + (text.isEmpty ? "" : ": \(text)"))
        }
        let code = status.code
        // WIFSIGNALED / WEXITSTATUS by hand: the macros are not imported into Swift.
        if code & 0x7f != 0 {
            return Outcome(
                passed: false, message: "killed by signal \(code & 0x7f)" + (text.isEmpty ? "" : ": \(text)"))
        }
        let exit = (code >> 8) & 0xff
        if exit == 0 { return Outcome(passed: true, message: text) }
        return Outcome(passed: false, message: "exit \(exit)" + (text.isEmpty ? "" : ": \(text)"))
    }

    private static func detach(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 256 << 10
        thread.start()
    }

    struct SpawnFailure: Error {
        var message: String
    }

    /// Starts `arguments` in a process group of its own with stdin and stderr on pipes, stdout on /dev/null.
    private static func spawn(
        _ arguments: [String], environment: [String: String]
    ) throws(SpawnFailure) -> (pid: pid_t, stdin: Int32, stderr: Int32) {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var input: [Int32] = [0, 0]
        var errors: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { throw SpawnFailure(message: String(cString: strerror(errno))) }
        guard pipe(&errors) == 0 else {
            close(input[0])
            close(input[1])
            throw SpawnFailure(message: String(cString: strerror(errno)))
        }
        for descriptor in input + errors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(input[0])
        close(errors[1])
        guard result == 0 else {
            close(input[1])
            close(errors[0])
            throw SpawnFailure(message: String(cString: strerror(result)))
        }
        return (pid, input[1], errors[0])
    }

    /// What `PROMPTDECK_RUN` holds: the run's id, prompt, model, variables, this choice's output, usage
    /// and timings.
    static func runJSON(_ record: RunRecord, choice: Int, variables: [String: JSONValue]) -> String {
        var object: [String: JSONValue] = [
            "id": .string(record.id), "prompt_id": .string(record.promptID), "model": .string(record.model),
            "profile": .string(record.profileName), "status": .string(record.status.rawValue),
            "variables": .object(variables), "choice": .int(choice), "output": .string(record.outputs[choice] ?? ""),
            "rendered_prompt": .string(record.renderedPrompt), "parameters": record.parameters,
            "finish_reason": record.finishReasons[choice].map(JSONValue.string) ?? .null,
            "duration_ms": record.durationMs.map(JSONValue.int) ?? .null,
            "ttft_ms": record.timeToFirstTokenMs.map(JSONValue.int) ?? .null,
        ]
        if let usage = record.usage {
            object["usage"] = [
                "prompt_tokens": usage.promptTokens.map(JSONValue.int) ?? .null,
                "completion_tokens": usage.completionTokens.map(JSONValue.int) ?? .null,
                "total_tokens": usage.totalTokens.map(JSONValue.int) ?? .null,
                "estimated": .bool(record.tokensEstimated),
            ]
        }
        let text = JSONValue.object(object).serialized()
        // Linux refuses an environment string over 128 KiB: a long run leaves its texts out (the output is on
        // stdin all the same) and says so.
        guard text.utf8.count > maximumRunJSON else { return text }
        object["output"] = nil
        object["rendered_prompt"] = nil
        object["variables"] = nil
        object["texts_left_out"] = .bool(true)
        return JSONValue.object(object).serialized()
    }

    /// Bytes of `PROMPTDECK_RUN` kept whole.
    static let maximumRunJSON = 100_000

    private final class Collected: @unchecked Sendable {
        var data = Data()
        var code: Int32 = 0
    }
}
