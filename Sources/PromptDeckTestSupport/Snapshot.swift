import Foundation
import Testing

/// Compares text with `Snapshots/<name>.txt` next to the calling test file; `PROMPTDECK_RECORD_SNAPSHOTS=1`
/// re-records and fails the run (so a recording never passes unseen). A missing file is recorded the same way.
public func assertSnapshot(
    _ text: String, named name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent(name + ".txt")
    let recording = ProcessInfo.processInfo.environment["PROMPTDECK_RECORD_SNAPSHOTS"] == "1"
    guard !recording, let data = FileManager.default.contents(atPath: file.path) else {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: file)
        Issue.record("recorded snapshot \(name); run again to compare", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    #expect(
        text == expected, "snapshot \(name) differs (PROMPTDECK_RECORD_SNAPSHOTS=1 re-records)",
        sourceLocation: sourceLocation)
}
