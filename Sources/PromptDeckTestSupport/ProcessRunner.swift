import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished child process left behind.
public struct ProcessResult: Sendable, Equatable {
    /// Exit code, or 128 + signal number when the child was killed.
    public var exitCode: Int32
    public var stdout: Data
    public var stderr: Data
    /// True when the runner killed the child because it ran past its timeout.
    public var timedOut: Bool

    /// Standard output decoded as UTF-8.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error decoded as UTF-8.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs a program to completion with captured output (the end-to-end tests run `promptdeck` this way).
public enum ProcessRunner {
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Runs `executable` with `arguments`, feeding `stdin`, and returns its exit code and output.
    /// `environment` adds or (with nil) removes variables. Past `timeout` seconds the child is killed.
    public static func run(
        _ executable: String, arguments: [String] = [], environment: [String: String?] = [:],
        stdin: Data? = nil, workingDirectory: String? = nil, timeout: Double = 30
    ) throws -> ProcessResult {
        ignoreBrokenPipes
        let child = try SpawnedProcess.spawn(
            executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            captureStdin: stdin != nil, captureStdout: true, captureStderr: true)
        var pump = OutputPump(child: child, input: stdin ?? Data())
        let timedOut = !pump.run(deadline: ContinuousClock.now + .milliseconds(Int(timeout * 1000)))
        if timedOut {
            child.signal(SIGKILL)
        }
        let status = child.waitForExit()
        return ProcessResult(
            exitCode: SpawnedProcess.exitCode(fromWaitStatus: status), stdout: pump.output[1],
            stderr: pump.output[2], timedOut: timedOut)
    }
}

/// Feeds stdin and drains stdout and stderr together with `poll`, so no pipe fills up and blocks the child.
private struct OutputPump {
    let child: SpawnedProcess
    let input: Data
    var written = 0
    var output: [Data] = [Data(), Data(), Data()]

    init(child: SpawnedProcess, input: Data) {
        self.child = child
        self.input = input
        if let descriptor = child.stdinDescriptor {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            if input.isEmpty { child.closeDescriptor(0) }
        }
    }

    /// Returns false when the deadline passed before both output pipes closed.
    mutating func run(deadline: ContinuousClock.Instant) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var descriptors: [pollfd] = []
            if let fd = child.stdinDescriptor { descriptors.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)) }
            if let fd = child.stdoutDescriptor { descriptors.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            if let fd = child.stderrDescriptor { descriptors.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            if child.stdoutDescriptor == nil && child.stderrDescriptor == nil { return true }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return false }
            let parts = remaining.components
            let milliseconds = Int32(min(parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if ready < 0 && errno != EINTR { return false }
            for entry in descriptors where entry.revents != 0 {
                if entry.fd == child.stdinDescriptor {
                    feedInput(entry.fd)
                } else {
                    let stream: Int32 = entry.fd == child.stdoutDescriptor ? 1 : 2
                    let count = read(entry.fd, &buffer, buffer.count)
                    if count > 0 {
                        output[Int(stream)].append(contentsOf: buffer[0..<count])
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        child.closeDescriptor(stream)
                    }
                }
            }
        }
    }

    private mutating func feedInput(_ descriptor: Int32) {
        let count = input.withUnsafeBytes { bytes -> Int in
            guard let base = bytes.baseAddress else { return 0 }
            return write(descriptor, base + written, bytes.count - written)
        }
        if count > 0 { written += count }
        if written >= input.count || (count < 0 && errno != EAGAIN && errno != EINTR) {
            child.closeDescriptor(0)
        }
    }
}
