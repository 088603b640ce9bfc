import Foundation
import Yams

/// Converts between Portkey's prompt shape and PromptDeck's prompt file (YAML): what `prompts pull` writes,
/// what a `portkey:` id is loaded as (so the variables scanner and the renderer see the same thing), and
/// the body `prompts push` sends back.
public enum PortkeyPromptFile {
    /// One chat message as Portkey keeps it in `string`.
    public struct Message: Sendable, Equatable {
        public var role: String
        public var content: String

        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    /// A chat prompt's messages from its `string` (a JSON array of `{role, content}`; `content` may be text
    /// or a list of parts `[{"type": "text", "text": …}]`); nil for a completion prompt.
    public static func messages(of detail: PortkeyPromptDetail) -> [Message]? {
        let declared = (detail.templateMetadata?["type"] ?? detail.templateMetadata?["prompt_type"])?.stringValue
        if declared == "completion" || declared == "text" { return nil }
        let trimmed = detail.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("["), let value = try? JSONValue.parse(trimmed), let items = value.arrayValue,
            !items.isEmpty
        else { return nil }
        var messages: [Message] = []
        for item in items {
            guard let role = item["role"]?.stringValue else { return nil }
            messages.append(Message(role: role, content: contentText(item["content"])))
        }
        return messages
    }

    /// The names of the partials a template uses (`{{>name}}`, `{{> name@5}}`: the name without the version).
    public static func partialNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{>") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            var name = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
            if !name.isEmpty, !names.contains(name) { names.append(name) }
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// A prompt file's text for `detail`. `linked` is `portkey_prompt_id:` (the slug, or `slug@N` to pin a
    /// version for hosted runs); `version` is written as `portkey_version:`, the number a push compares with.
    public static func fileText(
        _ detail: PortkeyPromptDetail, linked: String, version: Int?, profile: String?, header: String? = nil
    ) -> String {
        var lines: [String] = []
        if let header { lines.append("# " + header) }
        lines.append("name: " + quoted(detail.name))
        if let description = detail.versionDescription, !description.isEmpty {
            lines.append("description: " + quoted(description))
        }
        let messages = messages(of: detail)
        lines.append("kind: " + (messages == nil ? "completion" : "chat"))
        if let model = detail.model, !model.isEmpty { lines.append("model: " + quoted(model)) }
        if let profile { lines.append("profile: " + quoted(profile)) }
        if !detail.parameters.isEmpty {
            lines.append("parameters: " + JSONValue.object(detail.parameters).serialized())
        }
        if let tools = detail.tools, !tools.isEmpty { lines.append("tools: " + JSONValue.array(tools).serialized()) }
        if let choice = detail.toolChoice { lines.append("tool_choice: " + choice.serialized()) }
        lines.append("portkey_prompt_id: " + quoted(linked))
        if let version { lines.append("portkey_version: \(version)") }
        if let messages {
            lines.append("messages:")
            for message in messages {
                lines.append("  - role: " + quoted(message.role))
                lines.append("    content: " + block(message.content, indent: 6))
            }
        } else {
            lines.append("prompt: " + block(detail.string, indent: 2))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What `PUT /prompts/{id}` (and `POST /prompts`) gets from a local prompt: `string` (the template, or the
    /// messages as JSON text), `parameters`, `model`, `tools`, `tool_choice`, `version_description`.
    public static func pushBody(for prompt: Prompt, description: String?) -> [String: JSONValue] {
        var body: [String: JSONValue] = [
            "string": .string(portkeyString(for: prompt)), "parameters": .object(prompt.parameters),
        ]
        if let model = prompt.model { body["model"] = .string(model) }
        let extras = linkFields(in: prompt.sourceText)
        if let tools = extras.tools { body["tools"] = tools }
        if let choice = extras.toolChoice { body["tool_choice"] = choice }
        if let description { body["version_description"] = .string(description) }
        return body
    }

    /// `string` as Portkey keeps it: the completion template, or the chat messages as a JSON array.
    public static func portkeyString(for prompt: Prompt) -> String {
        guard prompt.kind == .chat else { return prompt.template ?? "" }
        let messages: [JSONValue] = prompt.messages.map {
            .object(["role": .string($0.role), "content": .string($0.content)])
        }
        return JSONValue.array(messages).serialized()
    }

    /// The template as a diff shows it: the completion text, or `[role]` then content per message.
    public static func comparableText(string: String, isChat: Bool) -> String {
        let detail = PortkeyPromptDetail(id: "", slug: "", name: "", string: string)
        guard isChat, let messages = messages(of: detail) else {
            return string.hasSuffix("\n") ? string : string + "\n"
        }
        return messages.map { "[\($0.role)]\n" + $0.content + ($0.content.hasSuffix("\n") ? "" : "\n") }.joined()
    }

    /// The fields a pulled file links back with, read from its text: `portkey_version`, `tools`, `tool_choice`.
    public static func linkFields(in sourceText: String) -> (version: Int?, tools: JSONValue?, toolChoice: JSONValue?) {
        guard let node = try? YAMLSupport.compose(yaml: sourceText), let mapping = node.mapping else {
            return (nil, nil, nil)
        }
        let version = mapping["portkey_version"]?.int
        let tools = mapping["tools"].map { YAMLSupport.json(from: $0) }.flatMap { $0 == .null ? JSONValue?.none : $0 }
        let choice = mapping["tool_choice"].map { YAMLSupport.json(from: $0) }.flatMap {
            $0 == .null ? JSONValue?.none : $0
        }
        return (version, tools, choice)
    }

    /// `text` with its `portkey_version:` line set to `version` (added after `portkey_prompt_id:`, or at the
    /// end, when there is none). Other lines are left exactly as they are.
    public static func settingVersion(_ version: Int, in text: String, portkeyID: String? = nil) -> String {
        var lines = text.components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix("portkey_version:") }) {
            lines[index] = "portkey_version: \(version)"
            return lines.joined(separator: "\n")
        }
        var added = ["portkey_version: \(version)"]
        if let index = lines.firstIndex(where: { $0.hasPrefix("portkey_prompt_id:") }) {
            lines.insert(contentsOf: added, at: index + 1)
            return lines.joined(separator: "\n")
        }
        if let portkeyID { added.insert("portkey_prompt_id: " + quoted(portkeyID), at: 0) }
        let body = text.hasSuffix("\n") || text.isEmpty ? text : text + "\n"
        return body + added.joined(separator: "\n") + "\n"
    }

    // YAML

    /// A double-quoted scalar (JSON's escapes are YAML's).
    static func quoted(_ text: String) -> String { JSONValue.string(text).serialized() }

    /// A literal block (`|`, `|-`, `|+`) when the text reads well as one, else a quoted scalar.
    static func block(_ text: String, indent: Int) -> String {
        let plain = text.unicodeScalars.allSatisfy {
            $0 == "\n" || $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F)
        }
        guard !text.isEmpty, plain, !text.hasPrefix(" "), !text.hasPrefix("\t"), !text.hasPrefix("\n"),
            !text.contains("\r"), !text.split(separator: "\n", omittingEmptySubsequences: true).isEmpty
        else { return quoted(text) }
        let chomp = text.hasSuffix("\n\n") ? "+" : text.hasSuffix("\n") ? "" : "-"
        let pad = String(repeating: " ", count: indent)
        var body = text
        if body.hasSuffix("\n") { body.removeLast() }
        let lines = body.components(separatedBy: "\n").map { $0.isEmpty ? "" : pad + $0 }
        return "|" + chomp + "\n" + lines.joined(separator: "\n")
    }

    private static func contentText(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .array(let parts)?:
            return parts.compactMap { $0["text"]?.stringValue ?? $0.stringValue }.joined(separator: "\n")
        case nil, .null?: return ""
        default: return value?.serialized() ?? ""
        }
    }
}
