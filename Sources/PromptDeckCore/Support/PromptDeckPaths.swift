import Foundation

/// Where PromptDeck reads and writes, after command-line options and `PROMPTDECK_*` variables have had their say.
/// Precedence for each: option, then environment variable, then the XDG location.
public struct PromptDeckPaths: Sendable, Equatable {
    public var configFile: String
    /// True when the config file was named explicitly (a missing explicit file is an error; a missing default is not).
    public var configFileIsExplicit: Bool
    public var promptsDirectory: String
    public var historyFile: String
    public var userThemesDirectory: String
    /// The playground's remembered choices (`PreferenceStore`): `PROMPTDECK_STATE`, else
    /// `$XDG_STATE_HOME/promptdeck/state.yaml` (`~/.local/state/promptdeck/state.yaml`).
    public var stateFile: String

    public init(
        config: String? = nil, prompts: String? = nil, history: String? = nil,
        environment: [String: String] = ProcessEnvironment.current
    ) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        let explicitConfig = config ?? environment["PROMPTDECK_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        configFile = explicitConfig ?? configHome + "/promptdeck/config.yaml"
        configFileIsExplicit = explicitConfig != nil
        promptsDirectory =
            prompts ?? environment["PROMPTDECK_PROMPTS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? configHome + "/promptdeck/prompts"
        historyFile =
            history ?? environment["PROMPTDECK_HISTORY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? dataHome + "/promptdeck/history.sqlite"
        userThemesDirectory = configHome + "/promptdeck/themes"
        let stateHome = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
        stateFile =
            environment["PROMPTDECK_STATE"].flatMap { $0.isEmpty ? nil : $0 } ?? stateHome + "/promptdeck/state.yaml"
    }
}
