import Foundation

/// Turns SIGINT, SIGTERM, SIGHUP, SIGWINCH and SIGCONT into bytes on the wake-up pipe (the handler only
/// calls `write`, which is async-signal-safe), and restores the terminal before a crash.
enum SignalRelay {
    nonisolated(unsafe) private static var descriptor: Int32 = -1

    static let relayed: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT]
    static let fatal: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Installs the handlers; call before curses starts so ncurses leaves these signals alone.
    static func install(writingTo descriptor: Int32) {
        Self.descriptor = descriptor
        for number in relayed {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(SignalRelay.descriptor, &byte, 1)
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        for number in fatal {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                TerminalControl.emergencyRestore()
                signal(number, SIG_DFL)
                raise(number)
            }
            action.sa_flags = Int32(bitPattern: UInt32(truncatingIfNeeded: SA_RESETHAND))
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        signal(SIGPIPE, SIG_IGN)
    }

    /// Puts default handling back once the terminal is restored.
    static func uninstall() {
        for number in relayed + fatal { signal(number, SIG_DFL) }
    }

    /// The terminal's size from the kernel (after SIGWINCH).
    static func windowSize() -> (rows: Int, columns: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_row), Int(size.ws_col))
    }
}
