import ArgumentParser
import PromptDeckCore

/// `promptdeck`: the playground (TUI) with no subcommand, or one of the headless twins.
struct PromptDeckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promptdeck",
        abstract: "A terminal prompt playground for OpenAI-compatible servers, Portkey and an offline echo provider.",
        version: PromptDeckVersion.string,
        subcommands: [
            PlaygroundCommand.self, RunCommand.self, ChatCommand.self, CompareCommand.self, EvalCommand.self,
            RenderCommand.self, PromptsCommand.self, ProfilesCommand.self, ModelsCommand.self, PricesCommand.self,
            HistoryCommand.self, KeysCommand.self,
        ],
        defaultSubcommand: PlaygroundCommand.self
    )
}

/// Options every command takes to find its files; each overrides a `PROMPTDECK_*` variable.
struct LocationOptions: ParsableArguments {
    @Option(help: "Config file (default: $PROMPTDECK_CONFIG or $XDG_CONFIG_HOME/promptdeck/config.yaml).")
    var config: String?

    @Option(help: "Prompt library folder (default: $PROMPTDECK_PROMPTS or $XDG_CONFIG_HOME/promptdeck/prompts).")
    var prompts: String?

    @Option(help: "History database (default: $PROMPTDECK_HISTORY or $XDG_DATA_HOME/promptdeck/history.sqlite).")
    var history: String?

    var paths: PromptDeckPaths { PromptDeckPaths(config: config, prompts: prompts, history: history) }
}
