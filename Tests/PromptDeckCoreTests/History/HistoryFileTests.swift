import Foundation
import Testing

@testable import PromptDeckCore

@Suite struct HistoryFileTests {
    @Test func fileIsCreatedWithMode0600InNewFolders() throws {
        let folder = TemporaryFolder()
        _ = try HistoryStore.open(path: folder.historyFile)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.historyFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func corruptFileIsReportedByNameAndLeftUntouched() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/data", withIntermediateDirectories: true)
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        try garbage.write(to: URL(fileURLWithPath: folder.historyFile))
        #expect {
            _ = try HistoryStore.open(path: folder.historyFile)
        } throws: { error in
            guard case .notADatabase(let path, _) = error as? HistoryError else { return false }
            return path == folder.historyFile && error.localizedDescription.contains(folder.historyFile)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.historyFile)) == garbage)
    }

    @Test func readOnlyFileGivesAMessageNamingIt() throws {
        let folder = TemporaryFolder()
        _ = try HistoryStore.open(path: folder.historyFile)
        guard try Self.makeReadOnly(folder.historyFile) else { return }
        defer { Self.undoReadOnly(folder.historyFile) }
        #expect {
            _ = try HistoryStore.open(path: folder.historyFile)
        } throws: { error in
            guard case .notWritable(let path, _) = error as? HistoryError else { return false }
            return path == folder.historyFile && error.localizedDescription.contains(folder.historyFile)
        }
    }

    @Test func readOnlyFolderGivesAMessageNamingTheFile() throws {
        let folder = TemporaryFolder()
        let dir = folder.path + "/locked"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard try Self.makeReadOnly(dir) else { return }
        defer { Self.undoReadOnly(dir) }
        let file = dir + "/history.sqlite"
        #expect {
            _ = try HistoryStore.open(path: file)
        } throws: { error in
            guard case .notWritable(let path, _) = error as? HistoryError else { return false }
            return path == file && error.localizedDescription.contains(file)
        }
    }

    @Test func noSecretReachesTheFile() throws {
        let folder = TemporaryFolder()
        let secret = "sk-PROMPTDECK-FAKE-SECRET-4242"
        let store = try HistoryStore.open(path: folder.historyFile)
        // What the caller is meant to hand over (masked by HTTPRequestSpec) and what a careless one might.
        let spec = HTTPRequestSpec(
            url: "http://127.0.0.1/v1/chat/completions",
            headers: [HTTPHeader("Authorization", "Bearer \(secret)"), HTTPHeader("x-portkey-api-key", secret)],
            secretHeaderNames: ["authorization", "x-portkey-api-key"])
        for (index, headers) in [spec.maskedHeaders, spec.headers].enumerated() {
            var record = HistoryFixtures.fullRecord()
            record.endpointURL = "https://example.test/v1/chat?api-key=\(secret)&x=1"
            record.requestHeaders =
                headers + [
                    HTTPHeader("api-key", secret), HTTPHeader("X-Api-Key", secret),
                    HTTPHeader("x-portkey-virtual-key", secret),
                ]
            record.responseHeaders = [HTTPHeader("authorization", secret)]
            record.status = .running
            try store.begin(record)
            try store.append([RecordedEvent(sequence: 0, offsetMs: 1, choice: 0, text: "ok")], snapshot: record)
            record.status = index == 0 ? .ok : .error
            try store.finish(record)
            let back = try store.run(prefix: record.id)
            #expect(back.requestHeaders.value(for: "authorization") == "Bearer ***")
            #expect(back.requestHeaders.value(for: "x-api-key") == "***")
        }
        for suffix in ["", "-wal", "-shm"] {
            guard let bytes = FileManager.default.contents(atPath: folder.historyFile + suffix) else { continue }
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "secret found in history.sqlite\(suffix)")
        }
    }

    @Test func fourWritersFiveHundredRunsEachGiveTwoThousandRows() async throws {
        let folder = TemporaryFolder()
        _ = try HistoryStore.open(path: folder.historyFile)
        let path = folder.historyFile
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    // Each writer on its own thread with its own store (own connections), like separate processes.
                    try await Self.onThread {
                        let store = try HistoryStore.open(path: path)
                        var failed = 0
                        for i in 0..<500 {
                            var record = HistoryFixtures.run(at: Date(), prompt: "w\(writer)", output: "run \(i)")
                            record.status = .running
                            do {
                                try store.begin(record)
                                try store.append(
                                    [RecordedEvent(sequence: 0, offsetMs: 1, choice: 0, text: "run")], snapshot: record)
                                record.status = .ok
                                try store.finish(record)
                            } catch { failed += 1 }
                        }
                        return failed
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 0)
        let stats = try HistoryStore.open(path: path).stats()
        #expect(stats.total.runs == 2000)
        #expect(stats.byPrompt.map(\.runs) == [500, 500, 500, 500])
    }

    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }

    /// Makes a path unwritable even for root (immutable flag) or by mode for other users; false if impossible.
    static func makeReadOnly(_ path: String) throws -> Bool {
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: path)
            return true
        }
        return run("/usr/bin/chattr", ["+i", path]) == 0
    }

    static func undoReadOnly(_ path: String) {
        if getuid() == 0 { _ = run("/usr/bin/chattr", ["-i", path]) }
        try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }

    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return -1 }
        var pid = pid_t()
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, tool, nil, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status
    }
}
