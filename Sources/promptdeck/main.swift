import ArgumentParser
import Foundation
import PromptDeckCore

// `--version` answers before anything else loads, so start-up stays instant.
if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "--version" {
    print(PromptDeckVersion.string)
    exit(0)
}
// Commands buffer stdout; whatever path ends the process (including ArgumentParser's exit), flush it.
atexit { StandardOutput.flush() }
PromptDeckCommand.runAsMain(CommandLineArguments.normalized(Array(CommandLine.arguments.dropFirst())))
