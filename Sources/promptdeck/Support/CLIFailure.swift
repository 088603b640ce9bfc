import ArgumentParser
import Foundation
import PromptDeckCore

/// PromptDeck's exit codes: 0 done, 1 request failed, 2 invalid input, 130 cancelled.
enum ExitStatus {
    static let ok: Int32 = 0
    static let requestFailed: Int32 = 1
    static let invalidInput: Int32 = 2
    static let cancelled: Int32 = 130
}

/// Prints diagnostics the way every command does: one per line on stderr, warnings too.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            let prefix = diagnostic.severity == .error ? "error: " : ""
            StandardError.write(prefix + TerminalSafeText.make(diagnostic.description) + "\n")
        }
    }

    /// Prints the diagnostics and exits 2 (invalid input).
    static func fail(_ diagnostics: [Diagnostic]) -> ExitCode {
        print(diagnostics)
        return ExitCode(ExitStatus.invalidInput)
    }
}

/// Unbuffered writes to stderr.
enum StandardError {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = fwrite(buffer.baseAddress, 1, buffer.count, stderr) }
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// Buffered writes to stdout, flushed by the caller.
enum StandardOutput {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = fwrite(buffer.baseAddress, 1, buffer.count, stdout) }
    }

    static func flush() { fflush(stdout) }

    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
