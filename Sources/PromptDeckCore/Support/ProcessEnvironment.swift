import Foundation

/// The process's environment, read once. `ProcessInfo.environment` builds a new dictionary from `environ` on
/// every call (about 375 K instructions here), and one `run` asked for it ten times through default
/// arguments. PromptDeck never changes its own environment, so the first answer stays true.
public enum ProcessEnvironment {
    public static let current: [String: String] = ProcessInfo.processInfo.environment
}
