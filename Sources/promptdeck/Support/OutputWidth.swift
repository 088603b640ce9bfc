import Foundation

/// The terminal's width: `$COLUMNS`, else the window size of stdout, else 100.
enum OutputWidth {
    /// Reads `COLUMNS` alone (`history list` asks twice a line: a copy of the whole environment each time
    /// cost more than the query).
    static func columns() -> Int {
        columns(columnsVariable: getenv("COLUMNS").map { String(cString: $0) })
    }

    static func columns(environment: [String: String]) -> Int {
        columns(columnsVariable: environment["COLUMNS"])
    }

    private static func columns(columnsVariable: String?) -> Int {
        if let text = columnsVariable, let columns = Int(text), columns > 0 { return columns }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 100
    }
}
