import ArgumentParser
import Foundation

/// The command line as ArgumentParser should see it.
enum CommandLineArguments {
    /// True while `PromptDeckCommand.parsedDirectly` parses: see `DirectlyParsedCommand`.
    nonisolated(unsafe) static var isParsingDirectly = false

    /// Splits an attached count (`-n1`, `-n20`) into `-n 1`, which ArgumentParser would otherwise read as
    /// the flags `-n` and `-1`. Nothing after `--` is touched.
    static func normalized(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "--" {
                result.append(argument)
                result += rest
                break
            }
            let digits = argument.dropFirst(2)
            if argument.hasPrefix("-n"), !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
                result += ["-n", String(digits)]
            } else {
                result.append(argument)
            }
        }
        return result
    }
}

extension PromptDeckCommand {
    /// Parses and runs the command like `main()`, except that usage and validation errors (an unknown option,
    /// a missing argument, a bad value) exit with 2, PromptDeck's code for invalid input, instead of 64.
    static func runAsMain(_ arguments: [String]) -> Never {
        do {
            var command = try parsedDirectly(arguments) ?? parseAsRoot(arguments)
            try command.run()
            exit(withError: nil)
        } catch let code as ExitCode where code != .validationFailure {
            // A command's own status (a failed run, failing checks): nothing to print. `exit(withError:)`
            // would build a help generator to find that out, about 1 M instructions.
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardOutput.flush()
                StandardError.write(fullMessage(for: error) + "\n")
                Foundation.exit(ExitStatus.invalidInput)
            }
            exit(withError: error)
        }
    }

    /// The command a line stands for, parsed from the subcommand it names first (`run`, `history list`), or
    /// from the default one (the playground) when it names none; nil when that parse does not give a command
    /// of its own (help, `--version`, any error), and the line is parsed again from the root, whose messages
    /// and usage are the ones shown.
    ///
    /// Parsing from the root also reflects over the default subcommand's (the playground's) options: in a
    /// release build each new type that reflection meets is a conformance lookup through every conformance
    /// record the binary holds. Skipping it saved 5 M of a `run`'s ~62 M fixed start-up instructions; the
    /// completion-script check that `DirectlyParsedCommand` skips, about 1.6 M more (net of lookups it moves).
    static func parsedDirectly(_ arguments: [String]) -> ParsableCommand? {
        let named = arguments.first.flatMap { name in
            configuration.subcommands.first { $0._commandName == name || $0.configuration.aliases.contains(name) }
        }
        CommandLineArguments.isParsingDirectly = true
        defer { CommandLineArguments.isParsingDirectly = false }
        guard let subcommand = named ?? configuration.defaultSubcommand,
            let command = try? subcommand.parseAsRoot(Array(arguments.dropFirst(named == nil ? 0 : 1))),
            isCommand(type(of: command), in: subcommand)
        else { return nil }
        return command
    }

    /// Whether `type` is `tree` or one of its subcommands, at any depth (and not, say, ArgumentParser's help).
    private static func isCommand(_ type: ParsableCommand.Type, in tree: ParsableCommand.Type) -> Bool {
        type == tree || tree.configuration.subcommands.contains { isCommand(type, in: $0) }
    }
}

/// A subcommand of `promptdeck` (`run`, `history`…), which `parsedDirectly` parses as if it were the root.
///
/// While it does, the command's configuration names `promptdeck` as its super-command, so that ArgumentParser
/// skips its check for `--generate-completion-script` on that parse. The check parses the line twice more, as
/// two of ArgumentParser's own commands: 8 M instructions inclusive, but only about 1.6 M net of the
/// first-time conformance lookups that later parsing then makes anyway. A line that asks for a completion script
/// fails that parse (the option is unknown to the subcommand) and is parsed again from the root, which
/// answers it; every message and usage shown comes from that root parse too.
protocol DirectlyParsedCommand: ParsableCommand {
    /// The command's configuration, as `configuration` would be.
    static var commandConfiguration: CommandConfiguration { get }
}

extension DirectlyParsedCommand {
    static var configuration: CommandConfiguration {
        var configuration = commandConfiguration
        if CommandLineArguments.isParsingDirectly {
            configuration._superCommandName = PromptDeckCommand.configuration.commandName
        }
        return configuration
    }
}
