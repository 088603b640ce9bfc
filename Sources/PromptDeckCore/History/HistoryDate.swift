import Foundation

/// Reads the dates users type for `--since` and `--before`: `2024-05-01`, ISO 8601, or `2h`, `3d` ago.
public enum HistoryDate {
    /// The moment the text names, or nil when it is none of the accepted forms.
    /// A plain date is midnight in the local time zone.
    public static func parse(_ text: String, now: Date = Date(), timeZone: TimeZone = .current) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let relative = relative(trimmed, now: now) { return relative }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = timeZone
        day.dateFormat = "yyyy-MM-dd"
        if trimmed.count == 10, let date = day.date(from: trimmed) { return date }
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            let iso = ISO8601DateFormatter()
            iso.formatOptions = options
            if let date = iso.date(from: trimmed) { return date }
        }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = timeZone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            local.dateFormat = format
            if let date = local.date(from: trimmed) { return date }
        }
        return nil
    }

    /// `2024-05-01 14:03` in the local time zone, with POSIX digits whatever the user's locale (Arabic-Indic
    /// under ar_EG otherwise): how history lists and prompt versions show a moment.
    public static func minute(_ date: Date) -> String { minuteFormatter.string(from: date) }

    /// Made once: a DateFormatter costs more to set up than the 50 lines of a list take to print.
    private static let minuteFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }()

    /// `30s`, `15m`, `2h`, `3d`, `1w` before `now`.
    private static func relative(_ text: String, now: Date) -> Date? {
        guard let unit = text.last, let amount = Double(text.dropLast()), amount >= 0 else { return nil }
        let seconds: Double
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86_400
        case "w": seconds = 604_800
        default: return nil
        }
        return now.addingTimeInterval(-amount * seconds)
    }
}
