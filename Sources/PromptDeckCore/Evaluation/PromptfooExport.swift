import Foundation

/// Writes an evaluation as a promptfoo config (`promptfooconfig.yaml`): the prompt, one provider per
/// variant (the profile's base URL, the key as an environment variable's name), one test per dataset row
/// with its asserts, and the shared checks under `defaultTest`. What promptfoo cannot express is said in
/// a comment where it would have gone.
public enum PromptfooExport {
    public static func yaml(for plan: EvaluationPlan, prompt: Prompt, date: Date = Date()) -> String {
        var out =
            "# promptfoo config written by `promptdeck eval` on \(ISO8601DateFormatter().string(from: date)) from \(prompt.sourcePath)\n"
        out += "# Run it with: npx promptfoo@latest eval -c <this file>\n"
        out += "description: \(quote("promptdeck eval of \(prompt.id)"))\n\n"
        out += promptSection(prompt)
        out += providerSection(plan)
        let shared = plan.cells.first?.checks.filter { $0.origin != .dataset } ?? prompt.checks
        out += "\ndefaultTest:\n"
        if shared.isEmpty {
            out += "  assert: []\n"
        } else {
            out += "  assert:\n" + shared.map { assertion($0, indent: "    ") }.joined()
        }
        out += "\ntests:\n"
        let problems = plan.rowProblems
        for row in plan.dataset.rows {
            if let problem = problems[row.number] {
                out += "  # row \(row.number) is left out: \(oneLine(problem.description))\n"
                continue
            }
            var variables = row.values
            // The values every row shares from --var are part of each test in promptfoo.
            if let first = plan.cells.first(where: { $0.row == row.number }) {
                for (key, value) in first.variables where variables[key] == nil { variables[key] = value }
            }
            out += "  - description: \(quote("row \(row.number) (\(plan.dataset.file):\(row.line))"))\n"
            out += "    vars:\n"
            for key in variables.keys.sorted() {
                out += "      \(quote(key)): \(flow(variables[key] ?? .null))\n"
            }
            if !row.checks.isEmpty {
                out += "    assert:\n" + row.checks.map { assertion($0, indent: "      ") }.joined()
            }
        }
        if plan.repeatCount > 1 {
            out += "\nevaluateOptions:\n  repeat: \(plan.repeatCount)\n"
        }
        return out
    }

    static func promptSection(_ prompt: Prompt) -> String {
        var out = "prompts:\n"
        let text: String
        switch prompt.kind {
        case .completion:
            text = prompt.template ?? ""
        case .chat:
            // promptfoo reads a prompt that is a JSON list of messages as a chat.
            text = JSONValue.array(
                prompt.messages.map { ["role": .string($0.role), "content": .string($0.content)] }
            ).serialized(pretty: true)
        }
        let sources = prompt.template.map { [$0] } ?? prompt.messages.map(\.content)
        if sources.contains(where: { $0.contains("{{#") || $0.contains("{{^") || $0.contains("{{>") }) {
            out += "  # The template uses Mustache sections or partials ({{#…}}, {{^…}}, {{>…}}): promptfoo renders\n"
            out += "  # Nunjucks, so rewrite them as {% if %} / {% for %} (plain {{name}} tags work as they are).\n"
        }
        out += "  - id: \(quote(prompt.id))\n    label: \(quote(prompt.name))\n    raw: |-\n"
        out += text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(
            separator: "\n")
        return out + "\n\n"
    }

    static func providerSection(_ plan: EvaluationPlan) -> String {
        var out = "providers:\n"
        for number in plan.variantNumbers {
            guard let cell = plan.cells.first(where: { $0.variant.number == number }) else { continue }
            let prepared = cell.prepared
            let profile = prepared.profile
            let spec = cell.variant.specText
            let label = spec.isEmpty ? "#\(number)" : "#\(number) \(spec)"
            switch profile.type {
            case .echo:
                out +=
                    "  # profile '\(profile.name)' is PromptDeck's offline echo: promptfoo's echo provider is the nearest.\n"
                out += "  - id: echo\n    label: \(quote(label))\n"
                continue
            case .portkey, .portkeyHosted:
                out +=
                    "  # profile '\(profile.name)' goes through Portkey: its headers (provider, virtual key, config)\n"
                out += "  # are not exported; promptfoo's portkey provider or config.headers can carry them.\n"
            case .openai:
                break
            }
            let endpoint = prepared.prompt.kind == .chat ? "chat" : "completion"
            out += "  - id: \(quote("openai:\(endpoint):\(prepared.record.model)"))\n    label: \(quote(label))\n"
            out += "    config:\n      apiBaseUrl: \(quote(profile.baseURL))\n"
            if let keyEnv = profile.apiKeyEnv {
                out += "      apiKeyEnvar: \(quote(keyEnv))\n"
            }
            let fields = prepared.parameters.bodyFields.filter {
                !["stream", "stream_options", "model"].contains($0.key)
            }
            for key in fields.keys.sorted() {
                out += "      \(quote(key)): \(flow(fields[key] ?? .null))\n"
            }
        }
        return out
    }

    /// One assert, or a comment when promptfoo has no equivalent.
    static func assertion(_ check: CheckSpec, indent: String) -> String {
        func entry(_ type: String, _ value: JSONValue?, extra: String = "") -> String {
            var text = "\(indent)- type: \(type)\n"
            if let value { text += "\(indent)  value: \(flow(value))\n" }
            if let name = check.name { text += "\(indent)  metric: \(quote(name))\n" }
            return text + extra
        }
        func texts(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
        switch check.kind {
        case .contains(let list, let ignoreCase):
            if list.count == 1 { return entry(ignoreCase ? "icontains" : "contains", .string(list[0])) }
            return entry(ignoreCase ? "icontains-all" : "contains-all", texts(list))
        case .notContains(let list, let ignoreCase):
            if list.count == 1 { return entry(ignoreCase ? "not-icontains" : "not-contains", .string(list[0])) }
            return entry(ignoreCase ? "not-icontains-any" : "not-contains-any", texts(list))
        case .equals(let text, let ignoreCase):
            if ignoreCase {
                return entry(
                    "javascript",
                    .string("output.trim().toLowerCase() === \(JSONValue.string(text.lowercased()).serialized())"))
            }
            // PromptDeck trims the output before comparing; promptfoo's equals does not.
            return entry(
                "javascript",
                .string(
                    "output.trim() === \(JSONValue.string(text.trimmingCharacters(in: .whitespacesAndNewlines)).serialized())"
                ))
        case .startsWith(let text, let ignoreCase):
            if ignoreCase {
                return entry(
                    "javascript",
                    .string(
                        "output.trimStart().toLowerCase().startsWith(\(JSONValue.string(text.lowercased()).serialized()))"
                    ))
            }
            return entry("starts-with", .string(text))
        case .regex(let pattern, let ignoreCase):
            if ignoreCase {
                return entry(
                    "javascript", .string("new RegExp(\(JSONValue.string(pattern).serialized()), 'i').test(output)"))
            }
            return entry("regex", .string(pattern))
        case .isJSON:
            return entry("is-json", nil)
        case .jsonSchema(let schema):
            return entry("is-json", schema.source)
        case .maxLength(let limit, let unit):
            let measure = unit == .words ? "output.trim().split(/\\s+/).filter(Boolean).length" : "[...output].length"
            return entry("javascript", .string("\(measure) <= \(limit)"))
        case .maxLatencyMs(let limit):
            return entry("latency", nil, extra: "\(indent)  threshold: \(limit)\n")
        case .maxTokens(let limit):
            return
                "\(indent)# max_tokens \(limit)\(check.name.map { " (\($0))" } ?? ""): promptfoo has no assert on completion tokens; not exported\n"
        case .command(let command, _):
            return
                "\(indent)# command check \(quote(command)) has no promptfoo equivalent: wrap it in a python or\n"
                + "\(indent)# javascript assert (file://...) to keep it; not exported\n"
        }
    }

    /// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
    static func quote(_ text: String) -> String { JSONValue.string(text).serialized() }

    /// A value in YAML flow style (JSON is valid YAML).
    static func flow(_ value: JSONValue) -> String { value.serialized() }

    static func oneLine(_ text: String) -> String { text.split(whereSeparator: \.isNewline).joined(separator: " ") }
}
