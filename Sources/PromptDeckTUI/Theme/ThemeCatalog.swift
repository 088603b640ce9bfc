import PromptDeckCore
import Synchronization
import Yams

/// Every theme the playground can use: the built-in ones, then the user's (`themes/*.yaml` in the config
/// folder), each extending a built-in one. Problems are collected as messages naming file and key.
public struct ThemeCatalog: Sendable {
    /// The user's themes by name (a user theme may replace a built-in one of the same name).
    private var userThemes: [String: Theme] = [:]
    /// Messages about theme files that could not be used (each names the file and the key).
    public private(set) var problems: [String] = []

    /// The built-in themes only.
    public static let builtIn = ThemeCatalog(userFiles: [])

    /// The built-ins plus user theme files, given as (path, text) so this stays free of file I/O.
    /// Built-in themes are parsed when first asked for (start-up draws with one of them), once a process.
    public init(userFiles: [(path: String, text: String)]) {
        for file in userFiles.sorted(by: { $0.path < $1.path }) {
            let base = file.path.split(separator: "/").last.map(String.init) ?? file.path
            let name = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base
            add(path: file.path, text: file.text, fallbackName: name)
        }
    }

    /// Every theme by name.
    public var themes: [String: Theme] {
        var all: [String: Theme] = [:]
        for name in BuiltinThemes.order { all[name] = Self.builtInTheme(name) }
        return all.merging(userThemes) { _, user in user }
    }

    /// The theme called `name`: the user's, else the built-in one.
    public func theme(named name: String) -> Theme? { userThemes[name] ?? Self.builtInTheme(name) }

    /// Theme names, built-ins first in their usual order, then the user's sorted.
    public var names: [String] {
        BuiltinThemes.order.filter { userThemes[$0] != nil || BuiltinThemes.sources[$0] != nil }
            + userThemes.keys.filter { !BuiltinThemes.order.contains($0) }.sorted()
    }

    /// The theme to draw with: `mono` when colour is off (`NO_COLOR`, fewer than 8 colours), else `name`,
    /// else `default`. Unknown names add a problem message.
    public func resolve(_ name: String?, colorsAvailable: Int, noColor: Bool) -> (theme: Theme, problem: String?) {
        let fallback = theme(named: "default") ?? Theme(name: "default", styles: [:])
        var problem: String?
        var chosen = fallback
        if let name {
            if let theme = theme(named: name) {
                chosen = theme
            } else {
                problem = "theme '\(name)' not found (known: \(names.joined(separator: ", "))); using default"
            }
        }
        if noColor || colorsAvailable < 8 {
            return (theme(named: "mono") ?? chosen.monochrome, problem)
        }
        return (chosen, problem)
    }

    private mutating func add(path: String, text: String, fallbackName: String) {
        switch Self.parse(path: path, text: text, fallbackName: fallbackName, lookup: theme(named:)) {
        case .success(let theme): userThemes[theme.name] = theme
        case .failure(let problem): problems.append(problem.message + "; using default")
        }
    }

    private static let parsedBuiltIns = Mutex<[String: Theme]>([:])

    /// A built-in theme, parsed on first use (with the built-in it extends); nil for an unknown name.
    static func builtInTheme(_ name: String) -> Theme? {
        if let theme = parsedBuiltIns.withLock({ $0[name] }) { return theme }
        guard let text = BuiltinThemes.sources[name] else { return nil }
        // The generated sources always parse (ThemeTests checks each).
        guard
            case .success(let theme) = parse(
                path: "themes/\(name).yaml", text: text, fallbackName: name, lookup: builtInTheme)
        else { return nil }
        parsedBuiltIns.withLock { $0[name] = theme }
        return theme
    }

    /// Reads one theme file against the themes known so far (for `extends`).
    static func parse(path: String, text: String, fallbackName: String, lookup: (String) -> Theme?)
        -> Result<Theme, ThemeProblem>
    {
        let loaded: Any?
        do {
            // Every value is read as the text it is (`Resolver.basic`): a style is words, never a number or a
            // bool, and the default resolver's regular expressions would cost the first frame ~3 ms.
            loaded = try Yams.load(yaml: text, .basic, .default, .utf8)
        } catch {
            return .failure(ThemeProblem(message: "\(path): invalid YAML: \(error)"))
        }
        guard let root = loaded as? [String: Any] else {
            return .failure(ThemeProblem(message: "\(path): expected a mapping with `roles:`"))
        }
        for key in root.keys where !["name", "description", "extends", "roles"].contains(key) {
            return .failure(
                ThemeProblem(message: "\(path): \(key): unknown key (expected name, description, extends, roles)"))
        }
        let name = (root["name"] as? String) ?? fallbackName
        let description = (root["description"] as? String) ?? ""
        let extends = (root["extends"] as? String) ?? (name == "default" ? "none" : "default")
        var base = Theme(name: name, styles: [:])
        if extends != "none" {
            guard let parent = lookup(extends) else {
                return .failure(ThemeProblem(message: "\(path): extends: unknown theme '\(extends)'"))
            }
            base = parent
        }
        guard let roles = root["roles"] as? [String: Any] else {
            return .failure(ThemeProblem(message: "\(path): roles: expected a mapping of role -> style"))
        }
        var overrides: [StyleRole: Style] = [:]
        for key in roles.keys.sorted() {
            guard let role = StyleRole(rawValue: key) else {
                let hint = StyleRole.allCases.map(\.rawValue).min {
                    EditDistance.between(key, $0) < EditDistance.between(key, $1)
                }
                return .failure(
                    ThemeProblem(
                        message: "\(path): roles.\(key): unknown role" + (hint.map { " (did you mean \($0)?)" } ?? "")))
            }
            let value = roles[key].map { "\($0)" } ?? ""
            switch Style.parse(value) {
            case .success(let style): overrides[role] = style
            case .failure(let error):
                return .failure(ThemeProblem(message: "\(path): roles.\(key): '\(error.word)' \(error.reason)"))
            }
        }
        return .success(base.extended(name: name, description: description, overrides: overrides))
    }
}

/// A theme file that could not be used, in words naming the file and key.
struct ThemeProblem: Error {
    var message: String
}
