/// Makes untrusted text (model output, server errors, prompt text) safe to print on a terminal: control
/// characters, C1 controls and bidi overrides become visible placeholders instead of acting.
public enum TerminalSafeText {
    /// The text with every terminal-active character replaced; `\n` and `\t` are kept.
    public static func make(_ s: String) -> String {
        guard mayBeUnsafe(s) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            guard isUnsafe(scalar) else {
                out.append(scalar)
                continue
            }
            let v = scalar.value
            if v < 0x20, let picture = Unicode.Scalar(0x2400 + v) {
                out.append(picture)  // ESC -> ␛, CR -> ␍, BEL -> ␇ ...
            } else if v == 0x7F, let picture = Unicode.Scalar(0x2421) {
                out.append(picture)  // DEL -> ␡
            } else {
                let hex = String(v, radix: 16, uppercase: true)
                out.append(
                    contentsOf: "<U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)>".unicodeScalars)
            }
        }
        return String(out)
    }

    /// Whether `s` has a scalar `isUnsafe` names, read from its UTF-8 bytes (this runs on every streamed
    /// piece): a control byte other than LF and tab, DEL, C2 80-9F (C1 controls), E2 80 AA-AE and
    /// E2 81 A6-A9 (bidi overrides and isolates).
    static func mayBeUnsafe(_ s: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in s.utf8 {
            if byte < 0x20 && byte != 0x0A && byte != 0x09 || byte == 0x7F { return true }
            if previous == 0xC2 && (0x80...0x9F).contains(byte) { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (0xAA...0xAE).contains(byte) { return true }
            if beforePrevious == 0xE2 && previous == 0x81 && (0xA6...0xA9).contains(byte) { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00..<0x20, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
