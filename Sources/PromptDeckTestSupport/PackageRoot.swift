import Foundation

/// Finds the package's folders and built products from inside tests.
public enum PackageRoot {
    /// The folder holding `Package.swift`, found by walking up from this source file.
    public static func url(from filePath: String = #filePath) -> URL? {
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// The test server script, `Tests/Server/pd_testserver.py`.
    public static var testServerScript: URL? {
        url()?.appendingPathComponent("Tests/Server/pd_testserver.py")
    }

    /// A built executable: `$PROMPTDECK_BINARY`, next to the running test bundle, or `.build/debug/<name>`.
    public static func builtExecutable(named name: String = "promptdeck") -> URL? {
        let manager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["PROMPTDECK_BINARY"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var candidates: [URL] = []
        if let running = try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            // The test runner lives in .build/<triple>/debug/<Package>PackageTests.xctest (or inside it).
            var folder = URL(fileURLWithPath: running).deletingLastPathComponent()
            for _ in 0..<3 {
                candidates.append(folder.appendingPathComponent(name))
                folder.deleteLastPathComponent()
            }
        }
        if let root = url() {
            candidates.append(root.appendingPathComponent(".build/debug/\(name)"))
        }
        return candidates.first { manager.isExecutableFile(atPath: $0.path) }
    }
}
