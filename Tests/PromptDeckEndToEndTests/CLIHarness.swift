import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// A sandbox for running the built `promptdeck` binary: its own config, prompts, history and HOME,
/// so tests never touch a user's files. Profiles point at the local test server.
struct CLIHarness {
    let directory: URL
    let configPath: String
    let historyPath: String
    let promptsPath: String
    var environment: [String: String?]

    /// `profiles` is the YAML under `profiles:`; `defaultProfile` names the default.
    init(profiles: String = "", defaultProfile: String? = nil, environment: [String: String?] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pd-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configPath = directory.appendingPathComponent("config.yaml").path
        historyPath = directory.appendingPathComponent("data/history.sqlite").path
        promptsPath = directory.appendingPathComponent("prompts").path
        try FileManager.default.createDirectory(atPath: promptsPath + "/partials", withIntermediateDirectories: true)
        var config = ""
        if let defaultProfile { config += "default_profile: \(defaultProfile)\n" }
        if !profiles.isEmpty { config += "profiles:\n" + profiles }
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        self.environment = [
            "HOME": directory.path, "XDG_CONFIG_HOME": directory.path + "/xdg-config",
            "XDG_DATA_HOME": directory.path + "/xdg-data", "PROMPTDECK_CONFIG": configPath,
            "PROMPTDECK_HISTORY": historyPath, "PROMPTDECK_PROMPTS": promptsPath, "PROMPTDECK_ECHO_DELAY_MS": "0",
            "OPENAI_API_KEY": nil, "OPENAI_BASE_URL": nil, "PORTKEY_API_KEY": nil, "NO_COLOR": nil,
            "http_proxy": nil, "https_proxy": nil, "HTTP_PROXY": nil, "HTTPS_PROXY": nil, "ALL_PROXY": nil,
        ]
        for (key, value) in environment { self.environment[key] = value }
    }

    static var binary: String {
        get throws { try #require(PackageRoot.builtExecutable()?.path, "build promptdeck first (swift build)") }
    }

    /// Adds a prompt file to the sandbox's library.
    func addPrompt(_ id: String, _ yaml: String) throws {
        let path = promptsPath + "/\(id).yaml"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func run(
        _ arguments: [String], stdin: Data? = nil, environment extra: [String: String?] = [:], timeout: Double = 30
    )
        throws -> ProcessResult
    {
        var environment = self.environment
        for (key, value) in extra { environment[key] = value }
        return try ProcessRunner.run(
            try Self.binary, arguments: arguments, environment: environment, stdin: stdin, timeout: timeout)
    }

    func spawn(_ arguments: [String], environment extra: [String: String?] = [:]) throws -> SpawnedProcess {
        var environment = self.environment
        for (key, value) in extra { environment[key] = value }
        return try SpawnedProcess.spawn(
            try Self.binary, arguments: arguments, environment: environment, captureStdout: true, captureStderr: true)
    }

    func store() throws -> HistoryStore { try HistoryStore.open(path: historyPath) }

    /// An `openai` profile at a test-server scenario.
    static func profile(_ name: String, server: TestServer, scenario: String = "ok", extra: String = "") -> String {
        "  \(name):\n    type: openai\n    base_url: \(server.baseURL(scenario: scenario))\n    model: test-model\n"
            + extra
    }
}

/// Reads from a descriptor until `text` shows up or the deadline passes; returns what was read.
func readUntil(_ descriptor: Int32, contains text: String, timeout: Double = 10) -> String {
    var collected = Data()
    let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
    var buffer = [UInt8](repeating: 0, count: 4096)
    while ContinuousClock.now < deadline {
        if String(decoding: collected, as: UTF8.self).contains(text) { break }
        var pfd = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, 50) > 0 else { continue }
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { break }
        collected.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: collected, as: UTF8.self)
}

/// Everything left on a descriptor until EOF.
func readToEnd(_ descriptor: Int32) -> String {
    var collected = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { break }
        collected.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: collected, as: UTF8.self)
}
