import Foundation
import PromptDeckCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One request as the test server saw it.
public struct RecordedRequest: Sendable, Equatable, Codable {
    public var method: String
    /// The full request target, scenario prefix and query included.
    public var path: String
    /// Headers in the order they arrived, names as sent.
    public var headers: [HTTPHeader]
    /// The body decoded as UTF-8.
    public var body: String
}

/// The local OpenAI/Portkey-compatible server (`Tests/Server/pd_testserver.py`), one Python process.
///
/// The server exits when `stop()` runs, when this object is released, or when the test process dies
/// (it watches its stdin pipe and its parent pid).
public final class TestServer: @unchecked Sendable {
    /// The TCP port on 127.0.0.1.
    public let port: Int
    private let process: SpawnedProcess
    private let transport = CurlTransport(idleLinger: 1)
    private let lock = NSLock()
    private var stopped = false

    private init(port: Int, process: SpawnedProcess) {
        self.port = port
        self.process = process
    }

    deinit {
        stop()
    }

    /// Launches a fresh server and waits (up to 15 s) for it to announce its port; `arguments` go to the
    /// script (`["--tls", certificate, key]` serves HTTPS).
    public static func start(arguments: [String] = []) throws -> TestServer {
        guard let script = PackageRoot.testServerScript,
            FileManager.default.fileExists(atPath: script.path)
        else { throw SpawnError.scriptNotFound }
        let process = try SpawnedProcess.spawn(
            "python3", arguments: ["-u", script.path] + arguments,
            environment: ["PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"],
            captureStdin: true, captureStdout: true)
        do {
            let port = try readPort(from: process)
            process.closeDescriptor(1)
            return TestServer(port: port, process: process)
        } catch {
            process.signal(SIGKILL)
            process.waitForExit()
            throw error
        }
    }

    private static let sharedServer: Result<TestServer, any Error> = Result { try TestServer.start() }

    /// One server for the whole test process; its request log is shared, so use `start()` to inspect it.
    public static func shared() throws -> TestServer {
        try sharedServer.get()
    }

    private static func readPort(from process: SpawnedProcess) throws -> Int {
        guard let descriptor = process.stdoutDescriptor else { throw SpawnError.noPortLine("no stdout") }
        var seen = [UInt8]()
        let deadline = ContinuousClock.now + .seconds(15)
        var byte: UInt8 = 0
        while !seen.contains(UInt8(ascii: "\n")) {
            guard ContinuousClock.now < deadline else { break }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 250) >= 0 || errno == EINTR else { break }
            guard entry.revents != 0 else { continue }
            guard read(descriptor, &byte, 1) == 1 else { break }
            seen.append(byte)
        }
        let line = String(decoding: seen, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            throw SpawnError.noPortLine(line)
        }
        return port
    }

    /// `http://127.0.0.1:PORT`
    public var rootURL: String { "http://127.0.0.1:\(port)" }

    /// The OpenAI-style base URL for a scenario, e.g. `http://127.0.0.1:PORT/slow/v1`.
    public func baseURL(scenario: String = "ok") -> String {
        "\(rootURL)/\(scenario)/v1"
    }

    /// Every request recorded since the start or the last `reset()`.
    public func requests() throws -> [RecordedRequest] {
        let body = try fetch(method: "GET", path: "/__requests")
        return try JSONDecoder().decode([RecordedRequest].self, from: body)
    }

    /// Clears the server's request log.
    public func reset() throws {
        _ = try fetch(method: "POST", path: "/__reset")
    }

    private func fetch(method: String, path: String) throws -> Data {
        let delegate = CollectingDelegate()
        _ = transport.start(
            HTTPRequestSpec(method: method, url: rootURL + path), options: TransferOptions(totalTimeout: 10),
            delegate: delegate)
        switch delegate.waitForCompletion(timeout: 15) {
        case .completed where delegate.status == 200: return delegate.body
        case .failed(let error): throw error
        default: throw TransportError.other(code: delegate.status ?? 0, message: "\(method) \(path) failed")
        }
    }

    /// Stops the server and reaps it; safe to call more than once.
    public func stop() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        process.closeDescriptor(0)
        process.signal(SIGTERM)
        process.waitForExit()
    }
}
