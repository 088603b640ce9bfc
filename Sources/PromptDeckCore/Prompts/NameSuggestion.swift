/// "Did you mean...?" for mistyped keys, prompt ids and variable names.
enum NameSuggestion {
    /// The candidate closest to `name`, if it is close enough to be a likely typo.
    static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
        let normalized = normalize(name)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != name {
            if normalize(candidate) == normalized { return candidate }
            let distance = EditDistance.between(normalized, normalize(candidate))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, normalized.count / 3))
        return best.distance <= allowed ? best.candidate : nil
    }

    /// `; did you mean 'x'?` or nothing.
    static func hint(for name: String, in candidates: some Sequence<String>) -> String {
        nearest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Case, `-` and `_` do not count: `traceId`, `trace-id` and `trace_id` are the same key.
    private static func normalize(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" })
    }
}
