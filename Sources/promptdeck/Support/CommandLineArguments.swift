import ArgumentParser
import Foundation

/// The command line as ArgumentParser should see it.
enum CommandLineArguments {
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
            var command = try parseAsRoot(arguments)
            try command.run()
            exit(withError: nil)
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardOutput.flush()
                StandardError.write(fullMessage(for: error) + "\n")
                Foundation.exit(ExitStatus.invalidInput)
            }
            exit(withError: error)
        }
    }
}
