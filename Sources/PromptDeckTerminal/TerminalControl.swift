import Foundation

/// Raw writes to the terminal and the saved terminal modes, for restoring on every way out (including
/// crashes and signals, where only async-signal-safe calls are allowed).
enum TerminalControl {
    /// The terminal modes before curses started (restored by the crash handler).
    nonisolated(unsafe) static var savedModes = termios()
    nonisolated(unsafe) static var hasSavedModes = false

    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Foundation.write(STDOUT_FILENO, &bytes, bytes.count)
    }

    static func saveModes() {
        hasSavedModes = tcgetattr(STDIN_FILENO, &savedModes) == 0
    }

    /// Best-effort restore from a crash handler: modes back, paste mode off, cursor on, main screen.
    static func emergencyRestore() {
        if hasSavedModes { tcsetattr(STDIN_FILENO, TCSANOW, &savedModes) }
        var bytes: [UInt8] = Array("\u{1B}[?2004l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n".utf8)
        _ = Foundation.write(STDOUT_FILENO, &bytes, bytes.count)
    }
}
