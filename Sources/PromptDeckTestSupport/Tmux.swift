import Foundation

/// A private tmux server running one command in a detached session, for end-to-end tests of the
/// playground: send keys, read the screen, resize, and poll until text appears (never fixed sleeps).
public final class Tmux: @unchecked Sendable {
    public let socket: String
    private let session = "pd"

    /// Starts `command` (run by `sh -c`) in a `columns` × `rows` session on a private socket.
    public init(command: String, columns: Int = 100, rows: Int = 30, environment: [String: String] = [:]) throws {
        socket =
            FileManager.default.temporaryDirectory.appendingPathComponent("pd-tmux-\(UUID().uuidString.prefix(8)).sock")
            .path
        let exports = environment.keys.sorted().map { "export \($0)=\(Self.quote(environment[$0] ?? ""));" }.joined(
            separator: " ")
        let result = try tmux([
            "-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(columns)", "-y", "\(rows)",
            exports + " " + command,
        ])
        guard result.exitCode == 0 else {
            throw SpawnError.spawnFailed(executable: "tmux: \(result.stderrText)", errno: result.exitCode)
        }
        _ = try? tmux(["set-option", "-t", session, "remain-on-exit", "on"])
    }

    deinit { kill() }

    /// Runs a tmux command against this server.
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run("tmux", arguments: ["-S", socket] + arguments, environment: ["TMUX": nil], timeout: 10)
    }

    /// Sends tmux key names (`Enter`, `Escape`, `F5`, `C-r`, `Tab`).
    public func send(_ keys: String...) {
        _ = try? tmux(["send-keys", "-t", session] + keys)
    }

    /// Types text literally.
    public func type(_ text: String) {
        _ = try? tmux(["send-keys", "-t", session, "-l", text])
    }

    /// Pastes text as a bracketed paste (when the program asked for bracketed paste).
    public func paste(_ text: String) {
        _ = try? tmux(["set-buffer", "-b", "pd", text])
        _ = try? tmux(["paste-buffer", "-p", "-d", "-b", "pd", "-t", session])
    }

    /// The visible screen as text.
    public func screen() -> String {
        (try? tmux(["capture-pane", "-p", "-t", session]))?.stdoutText ?? ""
    }

    /// Resizes the window (the program gets SIGWINCH).
    public func resize(columns: Int, rows: Int) {
        _ = try? tmux(["resize-window", "-t", session, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The pid of the pane's first process (the shell running the command).
    public func panePID() -> pid_t? {
        let text = (try? tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"]))?.stdoutText ?? ""
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls the screen until `predicate` holds or `timeout` seconds pass; returns the last screen and whether it held.
    @discardableResult
    public func waitFor(timeout: Double = 10, _ predicate: (String) -> Bool) -> (screen: String, ok: Bool) {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var last = ""
        while ContinuousClock.now < deadline {
            last = screen()
            if predicate(last) { return (last, true) }
            usleep(20_000)
        }
        last = screen()
        return (last, predicate(last))
    }

    /// Polls until the screen contains `text`.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 10) -> (screen: String, ok: Bool) {
        waitFor(timeout: timeout) { $0.contains(text) }
    }

    public func kill() {
        _ = try? tmux(["kill-server"])
        unlink(socket)
    }

    /// Quotes text for `sh`.
    public static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
