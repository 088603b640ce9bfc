extension PromptFileEditor {
    /// The text of a new prompt file of `kind`, commented, ready to save and run ("new prompt").
    public static func skeleton(kind: PromptKind, name: String) -> String {
        let top = YAMLContext(flow: false, indent: 0)
        let title = ScalarEmitter.text(name, keeping: .plain, context: top).inline
        var lines = [
            "# A PromptDeck prompt: a Mustache template and its defaults.",
            "name: \(title)",
            "description: What this prompt is for",
            "kind: \(kind.rawValue)                 # completion (uses prompt:) or chat (uses messages:)",
            "# model: gpt-4o-mini             # the model to ask (else the profile's)",
            "parameters:",
            "  max_tokens: 256",
            "  temperature: 0.7",
            "variables:",
            "  topic:",
            "    description: What to write about",
            "    default: a lighthouse keeper",
        ]
        switch kind {
        case .completion:
            lines += [
                "prompt: |",
                "  Write a short paragraph about {{topic}}.",
            ]
        case .chat:
            lines += [
                "messages:",
                "  - role: system",
                "    content: |-",
                "      You are a concise, friendly writer.",
                "  - role: user",
                "    content: Write a short paragraph about {{topic}}.",
            ]
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// A prompt id for "save as": `name` made file-safe (`Support reply` -> `support-reply`), with `-2`, `-3`...
    /// added while it is in `taken`. A `/` keeps a folder (`team/summary`).
    public static func suggestedID(for name: String, taken: Set<String>) -> String {
        let parts = name.split(separator: "/").map { part -> String in
            var slug = ""
            for character in part.lowercased() {
                if character.isLetter || character.isNumber || character == "_" {
                    slug.append(character)
                } else if !slug.isEmpty, slug.last != "-" {
                    slug.append("-")
                }
            }
            while slug.hasSuffix("-") { slug.removeLast() }
            return slug
        }.filter { !$0.isEmpty }
        let base = parts.isEmpty ? "prompt" : parts.joined(separator: "/")
        guard taken.contains(base) else { return base }
        var number = 2
        while taken.contains("\(base)-\(number)") { number += 1 }
        return "\(base)-\(number)"
    }
}
