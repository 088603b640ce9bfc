import Foundation

/// Hides what changes from one run of the playground to the next, so a dumped screen can be compared with
/// a golden file:
/// - run and group ids (time-based, lowercase base 36: ten or more letters and digits, both present) become
///   `<id###…>` of the same length;
/// - clock times `12-01 19:17` become `MM-DD hh:mm`;
/// - durations (`109ms`, `0.11 s`) and rates (`41.2 tok/s`) become `<dur>` and `<rate>`; metrics a column
///   cuts short (`6 tok · 9.9 tok/s · 0.…`) become `6 tok · <timings>…`;
/// - which variant came first in a comparison's summary (`fastest to first token #2`) becomes `#<n>`;
/// - the key-hint line at the bottom becomes `<key hints>` (hint wording may change; goldens should not care).
///
/// `<dur>` can be wider or narrower than the figure it hides, which would move the padding beside it: on a
/// masked line every run of two or more spaces becomes two, and the last run is then widened again until the
/// line has its original length (borders and right-aligned text stay in place). Lines with `│` borders are
/// treated one bordered segment at a time, so each compare column keeps its own width.
public enum ScreenMask {
    /// `screen` with every nondeterministic figure replaced, line by line.
    public static func mask(_ screen: String) -> String {
        var lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        if !lines.isEmpty { lines[lines.count - 1] = "<key hints>" }
        return lines.map(maskLine).joined(separator: "\n") + "\n"
    }

    /// One line with its figures masked (and its padding normalised when anything was).
    public static func maskLine(_ line: String) -> String {
        line.components(separatedBy: "│").map(maskSegment).joined(separator: "│")
    }

    private static func maskSegment(_ line: String) -> String {
        var masked = line
        masked.replace(/\b(?=[0-9a-z]*[0-9])(?=[0-9a-z]*[a-z])[0-9a-z]{10,}\b/) { match in
            "<id" + String(repeating: "#", count: match.output.count - 4) + ">"
        }
        masked.replace(/\b\d\d-\d\d \d\d:\d\d\b/, with: "MM-DD hh:mm")
        // Metrics cut short by a column edge end at a point that moves with the figures' widths.
        masked.replace(/(\b\d+ tok · )[^│]*…$/) { "\($0.output.1)<timings>…" }
        masked.replace(/\b\d+(?:\.\d+)? tok\/s\b/, with: "<rate>")
        masked.replace(/\b\d+(?:\.\d+)? ?(?:ms|s)\b/, with: "<dur>")
        masked.replace(/(fastest to first token|first to finish) #\d+/) { "\($0.output.1) #<n>" }
        guard masked != line else { return line }
        masked = masked.replacing(/[ ]{2,}/, with: "  ")
        let missing = line.count - masked.count
        if missing > 0, let lastGap = masked.ranges(of: "  ").last {
            masked.insert(contentsOf: String(repeating: " ", count: missing), at: lastGap.lowerBound)
        }
        return masked
    }
}
