import Foundation

@testable import PromptDeckCore

/// A prompt folder in the temporary directory, removed when the value is released.
final class TemporaryPromptFolder {
    let path: String

    init() throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("promptdeck-prompts-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `relativePath` inside the folder, creating subfolders; returns the full path.
    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> String {
        let file = "\(path)/\(relativePath)"
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    var library: PromptLibrary { PromptLibrary(directory: path) }
}

/// The messages of a thrown `DiagnosticList`, as the user reads them (empty when nothing was thrown).
func diagnostics(_ body: () throws -> Void) -> [String] {
    do {
        try body()
        return []
    } catch let error as DiagnosticList {
        return error.diagnostics.map(\.description)
    } catch {
        return ["unexpected error: \(error)"]
    }
}

/// A completion prompt whose template starts at 1:1 of `t.yaml`.
func completionPrompt(_ template: String, variables: [VariableSpec] = [], htmlEscape: Bool = false) -> Prompt {
    Prompt(
        id: "t", name: "t", kind: .completion, template: template, variables: variables, htmlEscape: htmlEscape,
        sourcePath: "t.yaml")
}
