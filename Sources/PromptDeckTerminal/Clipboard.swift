import Foundation

/// The clipboard through the terminal: OSC 52, which terminals honour over SSH. Inside tmux the sequence
/// is wrapped for passthrough too, so it reaches the outer terminal when tmux allows it
/// (`set -g set-clipboard on` lets tmux take it itself).
enum Clipboard {
    /// The escape sequence that puts `text` on the clipboard.
    static func osc52(_ text: String, inTmux: Bool) -> String {
        let payload = Data(text.utf8).base64EncodedString()
        let sequence = "\u{1B}]52;c;" + payload + "\u{07}"
        guard inTmux else { return sequence }
        // tmux takes the bare sequence with set-clipboard on; the DCS passthrough form reaches the outer
        // terminal with allow-passthrough on. Sending both covers either setting.
        return sequence + "\u{1B}Ptmux;\u{1B}" + sequence + "\u{1B}\\"
    }
}
