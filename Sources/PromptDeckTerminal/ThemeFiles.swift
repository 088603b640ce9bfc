import Foundation

/// Reads the user's theme files (`*.yaml` in the config folder's `themes/`).
enum ThemeFiles {
    static func read(directory: String) -> [(path: String, text: String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return (path, String(decoding: data, as: UTF8.self))
        }
    }
}
