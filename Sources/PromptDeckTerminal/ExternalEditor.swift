import Foundation

/// Edits text in `$VISUAL` / `$EDITOR` (default `vi`) through a temporary file.
enum ExternalEditor {
    /// Runs the editor in the foreground and returns the edited text, or an error message.
    static func edit(_ text: String, name: String, environment: [String: String]) -> Result<String, EditorFailure> {
        let editor =
            environment["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["EDITOR"].flatMap {
                $0.isEmpty ? nil : $0
            } ?? "vi"
        let safeName = name.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        let path = NSTemporaryDirectory() + "promptdeck-\(getpid())-\(safeName).txt"
        defer { unlink(path) }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else {
            return .failure(EditorFailure(message: "cannot write \(path)"))
        }
        let arguments = ["/bin/sh", "-c", editor + " \"$1\"", "sh", path]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        guard result == 0 else { return .failure(EditorFailure(message: "cannot start \(editor)")) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard (status & 0x7F) == 0, (status >> 8) & 0xFF == 0 else {
            return .failure(EditorFailure(message: "\(editor) failed; the value is unchanged"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(EditorFailure(message: "cannot read \(path)"))
        }
        var edited = String(decoding: data, as: UTF8.self)
        if edited.hasSuffix("\n"), !text.hasSuffix("\n") { edited.removeLast() }
        return .success(edited)
    }
}

struct EditorFailure: Error {
    var message: String
}
