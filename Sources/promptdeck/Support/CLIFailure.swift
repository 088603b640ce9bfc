import ArgumentParser
import Foundation
import PromptDeckCore
import Synchronization

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
        FileDescriptorWriter.writeAll(Array(text.utf8), to: STDERR_FILENO)
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// Buffered writes to stdout, flushed by the caller (once per batch of stream events).
enum StandardOutput {
    private static let buffer = Mutex<[UInt8]>([])

    static func write(_ text: String) {
        buffer.withLock { $0.append(contentsOf: text.utf8) }
    }

    static func write(bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        buffer.withLock { $0.append(contentsOf: bytes) }
    }

    static func flush() {
        let bytes = buffer.withLock { pending -> [UInt8] in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        FileDescriptorWriter.writeAll(bytes, to: STDOUT_FILENO)
    }

    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

enum FileDescriptorWriter {
    /// Writes every byte, retrying on EINTR and short writes; gives up quietly on a closed pipe.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
