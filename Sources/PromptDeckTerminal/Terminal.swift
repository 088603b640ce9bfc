import CNcursesw
import PromptDeckTUI

/// The only code that touches ncurses (the playground issue fills it in).
public enum PromptDeckTerminal {
    /// The ncurses library version, proving the shim links.
    public static var ncursesVersion: String { String(cString: curses_version()) }
}
