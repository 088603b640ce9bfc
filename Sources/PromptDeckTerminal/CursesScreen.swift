import CNcursesw
import Foundation
import PromptDeckRuntime
import PromptDeckTUI

/// The ncurses screen: start and restore, read keys, set colour pairs from a theme, and blit the cells of a
/// `ScreenBuffer` that changed since the last frame. The only code that calls ncurses.
final class CursesScreen {
    private var previous: ScreenBuffer?
    private var pairs: [StyleRole: (attrs: attr_t, pair: Int32)] = [:]
    private(set) var isActive = false
    /// Colours the terminal offers (0 when it has none).
    private(set) var colors = 0
    /// False in a locale that cannot encode Unicode (LANG=C): cells are drawn in ASCII.
    private var unicode = true
    /// Whether mouse reports were asked for (off: `mousemask` is never called, so the terminal keeps its
    /// own selection).
    private let mouse: Bool

    /// Starts curses on the terminal: raw keys, no echo, keypad decoding, bracketed paste on, and with
    /// `mouse` button-1 presses and the wheel reported. Throws when ncurses has no terminfo entry for `TERM`
    /// (`initscr` would print and exit instead).
    init(term: String, mouse: Bool = true) throws {
        self.mouse = mouse
        setlocale(LC_ALL, "")
        // Keep ncurses' own signal handlers out: the runtime turns signals into messages.
        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
            let terminal = newterm(nil, output, input)
        else { throw RuntimeError.unknownTerminal(term) }
        set_term(terminal)
        unicode =
            String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences(of: "-", with: "")
            == "UTF8"
        isActive = true
        raw()
        noecho()
        nonl()
        keypad(pd_stdscr(), true)
        nodelay(pd_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(pd_colors())
        }
        TerminalControl.write("\u{1B}[?2004h")
        enableMouse()
    }

    /// Asks for mouse reports (presses come at once: no click detection delay). `endwin` turns them off.
    private func enableMouse() {
        guard mouse else { return }
        _ = mousemask(pd_mouse_mask(), nil)
        _ = mouseinterval(0)
    }

    /// The terminal's size now.
    var size: TerminalSize { TerminalSize(rows: Int(pd_lines()), columns: Int(pd_cols())) }

    /// Restores the terminal (idempotent): bracketed paste off, curses ended.
    func stop() {
        guard isActive else { return }
        isActive = false
        TerminalControl.write("\u{1B}[?2004l")
        curs_set(1)
        endwin()
    }

    /// Tells curses the terminal's new size and forces a full redraw.
    func resize(to size: TerminalSize) {
        resizeterm(Int32(size.rows), Int32(size.columns))
        previous = nil
        clearok(pd_stdscr(), true)
    }

    /// Forgets what is on screen so the next frame is drawn in full.
    func invalidate() {
        previous = nil
        clearok(pd_stdscr(), true)
    }

    /// Leaves curses mode for an external program ($EDITOR); `resume` comes back.
    func suspend() {
        TerminalControl.write("\u{1B}[?2004l")
        def_prog_mode()
        endwin()
    }

    func resume() {
        reset_prog_mode()
        TerminalControl.write("\u{1B}[?2004h")
        enableMouse()
        previous = nil
        clearok(pd_stdscr(), true)
        refresh()
    }

    /// What one non-blocking read found.
    enum ReadResult {
        case input(InputDecoder.Input)
        /// A click or wheel notch (only when the mouse is on).
        case mouse(MouseEvent)
        /// A key code we do not use.
        case ignored
        case resized
        /// Nothing waiting (or an error: `errno` says which).
        case nothing
    }

    /// One input unit without waiting.
    func read() -> ReadResult {
        var value: UInt32 = 0
        let result = pd_read_key(&value)
        if result == KEY_CODE_YES {
            if Int32(value) == KEY_RESIZE { return .resized }
            if Int32(value) == KEY_MOUSE { return mouse ? readMouse() : .ignored }
            return Self.key(forCode: Int32(value)).map { .input(.key($0)) } ?? .ignored
        }
        if result == OK { return .input(.scalar(value)) }
        return .nothing
    }

    /// The mouse event behind a `KEY_MOUSE`.
    private func readMouse() -> ReadResult {
        var row: Int32 = 0
        var column: Int32 = 0
        let kind: MouseEvent.Kind
        switch pd_get_mouse(&row, &column) {
        case 1: kind = .press(button: 1)
        case 4: kind = .wheelUp
        case 5: kind = .wheelDown
        default: return .ignored
        }
        return .mouse(MouseEvent(kind, row: Int(row), column: Int(column)))
    }

    static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        default:
            for n in 1...12 where code == pd_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    /// Sets up one colour pair per role from `theme` (colours downgraded to what the terminal has).
    func apply(_ theme: Theme) {
        pairs = [:]
        let usable = colors >= 256 ? 256 : colors >= 16 ? 16 : colors
        for (index, role) in StyleRole.allCases.enumerated() {
            let style = theme.style(role)
            var attrs = pd_a_normal()
            if style.bold { attrs |= pd_a_bold() }
            if style.dim { attrs |= pd_a_dim() }
            if style.underline { attrs |= pd_a_underline() }
            if style.reverse { attrs |= pd_a_reverse() }
            var pair: Int32 = 0
            if usable >= 8, index + 1 < Int(pd_color_pairs()) {
                pair = Int32(index + 1)
                init_pair(
                    Int16(pair), Self.number(style.foreground, colors: usable),
                    Self.number(style.background, colors: usable))
            }
            pairs[role] = (attrs, pair)
        }
        previous = nil
    }

    private static func number(_ color: Color, colors: Int) -> Int16 {
        switch color.downgraded(toColors: colors) {
        case .terminalDefault: return -1
        case .palette(let index): return Int16(index)
        }
    }

    /// What to draw for a cell in a locale that cannot encode it: box drawing as `-`, `|` and `+`,
    /// anything else outside ASCII as a visible `?`; nil when the text is ASCII already.
    static func asciiStandIn(for text: String) -> String? {
        guard let scalar = text.unicodeScalars.first, scalar.value > 0x7E else { return nil }
        switch scalar.value {
        case 0x2500, 0x2501, 0x2550, 0x2504, 0x2508: return "-"
        case 0x2502, 0x2503, 0x2551, 0x2506, 0x250A: return "|"
        case 0x2500...0x257F: return "+"
        default: return "?"
        }
    }

    /// Draws the cells that changed since the last frame, places the cursor, and updates the terminal.
    func draw(_ buffer: ScreenBuffer) {
        let full = previous == nil || previous?.rows != buffer.rows || previous?.columns != buffer.columns
        if full { erase() }
        var text: [wchar_t] = Array(repeating: 0, count: 8)
        // Every cell when `full`: forEachChange draws them all when there is no previous frame of this size.
        buffer.forEachChange(since: previous) { row, column, cell in
            if cell.width == 0 { return }
            // The last cell of the screen may not be written without scrolling: ncurses refuses it safely.
            let style = pairs[cell.role] ?? (pd_a_normal(), 0)
            var count = 0
            if !unicode, let ascii = Self.asciiStandIn(for: cell.text) {
                for scalar in ascii.unicodeScalars {
                    text[count] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
            } else {
                for scalar in cell.text.unicodeScalars where count < 5 {
                    text[count] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
            }
            if count == 0 {
                text[0] = 0x20
                count = 1
            }
            text[count] = 0
            _ = pd_put_cell(Int32(row), Int32(column), text, style.attrs, style.pair)
            if !unicode, cell.width == 2, column + 1 < buffer.columns {
                // The stand-in is one column wide: fill the wide character's second column too.
                _ = pd_put_cell(Int32(row), Int32(column + 1), text, style.attrs, style.pair)
            }
        }
        previous = buffer
        if let cursor = buffer.cursor {
            move(Int32(cursor.row), Int32(cursor.column))
            curs_set(1)
        } else {
            curs_set(0)
        }
        refresh()
    }
}
