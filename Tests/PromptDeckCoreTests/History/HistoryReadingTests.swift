import Foundation
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore

@Suite("HistoryStore.openForReading: reads whenever the file can be read, writes nothing")
struct HistoryReadingTests {
    /// A history with two runs in `folder`, closed (so SQLite has removed `-wal` and `-shm`) unless `keepOpen`.
    private func populate(_ folder: String, keepOpen: Bool = false) throws -> (String, HistoryStore?) {
        let path = folder + "/history.sqlite"
        let store = try HistoryStore.open(path: path)
        try store.insert([
            HistoryFixtures.fullRecord(id: "aaaaaaaaaa001"), HistoryFixtures.fullRecord(id: "aaaaaaaaab002"),
        ])
        return (path, keepOpen ? store : nil)
    }

    @Test("a missing file is 'no history yet' and nothing is created")
    func missingFile() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/none/history.sqlite"
        #expect(throws: HistoryError.noHistoryYet(path: path)) { try HistoryStore.openForReading(path: path) }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/none"))
        #expect(HistoryError.noHistoryYet(path: path).localizedDescription.contains("no history yet"))
    }

    @Test("a read-only file in a read-only folder lists, searches and shows; writes fail as not writable")
    func readOnlyFolder() throws {
        let locked = try #require(LockedDownFolder(), "cannot make a read-only folder here")
        let (path, _) = try populate(locked.path)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "closed cleanly: no WAL files")
        #expect(locked.makeReadOnly())
        let store = try HistoryStore.openForReading(path: path)
        #expect(store.isReadOnly)
        #expect(try store.list().count == 2)
        #expect(try store.run(prefix: "aaaaaaaaab").id == "aaaaaaaaab002")
        #expect(try !store.search(query: "Zürich").isEmpty)
        #expect(try store.stats().total.runs == 2)
        #expect(throws: HistoryError.self) { try store.delete(id: "aaaaaaaaab002") }
    }

    @Test("with WAL files present (another process has it open) the runs it wrote are seen")
    func walPresent() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let (path, writer) = try populate(folder.path, keepOpen: true)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        let store = try HistoryStore.openForReading(path: path)
        #expect(try store.list().count == 2)
        try writer?.insert([HistoryFixtures.fullRecord(id: "aaaaaaaaac003")])
        #expect(try store.list().count == 3, "a later write by the other process is seen")
    }

    @Test("on a full disk the history still lists")
    func fullDisk() throws {
        let locked = try #require(LockedDownFolder(sizeKiB: 1024), "cannot make a small file system here")
        guard locked.isMount else { return }  // only root can fill a file system of its own
        let (path, _) = try populate(locked.path)
        #expect(locked.fill())
        #expect(throws: HistoryError.self) { try HistoryStore.open(path: path).insert([HistoryFixtures.fullRecord()]) }
        #expect(try HistoryStore.openForReading(path: path).list().count == 2)
    }

    @Test("shortest unique prefixes: never under 8, long enough to tell apart runs that share 10 characters")
    func uniquePrefixes() throws {
        let folder = TemporaryFolder()
        let store = try HistoryStore.open(path: folder.historyFile)
        try store.insert([
            HistoryFixtures.fullRecord(id: "aaaaaaaaaa001"), HistoryFixtures.fullRecord(id: "aaaaaaaaab002"),
            HistoryFixtures.fullRecord(id: "zzzzzzzzzz003"),
        ])
        let lengths = try store.uniquePrefixLengths(of: ["aaaaaaaaaa001", "aaaaaaaaab002", "zzzzzzzzzz003"])
        #expect(lengths == ["aaaaaaaaaa001": 10, "aaaaaaaaab002": 10, "zzzzzzzzzz003": 8])
        for (id, length) in lengths { #expect(try store.run(prefix: String(id.prefix(length))).id == id) }
    }
}
