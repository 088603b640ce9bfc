import Foundation
import PromptDeckCore

// Entry point: `--version` answers before anything else loads, so start-up stays instant.
if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "--version" {
    print(PromptDeckVersion.string)
    exit(0)
}
PromptDeckCommand.main()
