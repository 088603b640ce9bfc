import ArgumentParser
import Foundation
import PromptDeckCore

// `--version` answers before anything else loads, so start-up stays instant.
if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "--version" {
    print(PromptDeckVersion.string)
    exit(0)
}
#if canImport(Glibc)
    MallocArenas.useOne()
#endif
// Commands buffer stdout; whatever path ends the process (including ArgumentParser's exit), flush it.
atexit { StandardOutput.flush() }
// A long one-time step of opening the history (re-indexing after an upgrade) is announced on stderr.
// The playground turns this off before it takes the terminal.
HistoryStore.announceLongSteps { StandardError.write("promptdeck: \($0)\n") }
PromptDeckCommand.runAsMain(CommandLineArguments.normalized(Array(CommandLine.arguments.dropFirst())))
