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
    /// E2 81 A6-A9 (bidi overrides and isolates). Eight bytes of printable ASCII (20-7E) are passed over at a
    /// time: none of them can be unsafe or begin or end one of those sequences.
    static func mayBeUnsafe(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            var previous: UInt8 = 0
            var beforePrevious: UInt8 = 0
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count,
                    isPrintableASCII(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                {
                    index += 8
                    previous = 0x20
                    beforePrevious = 0x20
                    continue
                }
                for byte in bytes[index..<min(index + 8, bytes.count)] {
                    if byte < 0x20 && byte != 0x0A && byte != 0x09 || byte == 0x7F { return true }
                    if previous == 0xC2 && (0x80...0x9F).contains(byte) { return true }
                    if beforePrevious == 0xE2 && previous == 0x80 && (0xAA...0xAE).contains(byte) { return true }
                    if beforePrevious == 0xE2 && previous == 0x81 && (0xA6...0xA9).contains(byte) { return true }
                    beforePrevious = previous
                    previous = byte
                }
                index += 8
            }
            return false
        }
    }

    /// Whether each of a word's eight bytes is 20-7E: no high bit, none below 20 (the borrow test is exact
    /// for "any" once no byte has its high bit), none equal to 7F.
    @inline(__always)
    static func isPrintableASCII(_ word: UInt64) -> Bool {
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- 0x2020_2020_2020_2020) & ~word & highs
        let delete = word ^ 0x7F7F_7F7F_7F7F_7F7F
        let isDelete = (delete &- 0x0101_0101_0101_0101) & ~delete & highs
        return (word & highs) | below | isDelete == 0
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00..<0x20, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
