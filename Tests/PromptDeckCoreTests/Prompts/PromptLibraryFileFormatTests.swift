import Foundation
import Testing

@testable import PromptDeckCore

@Suite("PromptLibrary prompt file format and validation")
struct PromptLibraryFileFormatTests {
    let folder: TemporaryPromptFolder

    init() throws { folder = try TemporaryPromptFolder() }

    private func load(_ text: String, as id: String = "p") throws -> (file: String, errors: [String]) {
        let file = try folder.write("\(id).yaml", text)
        return (file, diagnostics { _ = try folder.library.load(id) })
    }

    @Test func readsEveryField() throws {
        try folder.write(
            "team/summary.yaml",
            """
            name: Summary
            description: Summarise a text
            kind: completion
            model: gpt-4o-mini
            profile: work
            portkey_prompt_id: pp-summary-1a2b@production
            html_escape: true
            parameters:
              max_tokens: 64
              stop: ["\\n\\n"]
            variables:
              text:
                type: multiline
                description: The text
                default: Hello
              extra:
            portkey:
              metadata: {team: docs}
              trace_id: run-1
              config: {retry: {attempts: 3}}
              cache_namespace: docs
              cache_force_refresh: false
              request_timeout: 5000
            prompt: |
              Summarise:
              {{text}}

            """)
        let loaded = try folder.library.load("team/summary")
        let prompt = loaded.prompt
        #expect(loaded.warnings.isEmpty)
        #expect(prompt.id == "team/summary")
        #expect(prompt.name == "Summary" && prompt.description == "Summarise a text" && prompt.kind == .completion)
        #expect(prompt.model == "gpt-4o-mini" && prompt.profile == "work" && prompt.htmlEscape)
        #expect(prompt.portkeyPromptID == "pp-summary-1a2b@production")
        #expect(prompt.parameters == ["max_tokens": 64, "stop": ["\n\n"]])
        #expect(
            prompt.variables == [
                VariableSpec(name: "text", defaultValue: "Hello", description: "The text", type: .multiline),
                VariableSpec(name: "extra"),
            ])
        #expect(
            prompt.portkey
                == PortkeyOptions(
                    metadata: ["team": "docs"], traceID: "run-1", config: #"{"retry":{"attempts":3}}"#,
                    cacheNamespace: "docs",
                    cacheForceRefresh: false, requestTimeoutMs: 5000))
        #expect(prompt.template == "Summarise:\n{{text}}\n")
        #expect(prompt.templateLine == 25 && prompt.templateColumn == 3)
        #expect(prompt.sourcePath == "\(folder.path)/team/summary.yaml")
    }

    @Test func templatePositionsForEachScalarStyle() throws {
        try folder.write(
            "chat.yaml",
            "kind: chat\nmessages:\n  - role: system\n    content: plain {{a}}\n  - role: user\n    content: \"quoted\"\n  - role: assistant\n    content: >-\n        folded\n"
        )
        let messages = try folder.library.load("chat").prompt.messages
        #expect(messages.map { [$0.contentLine, $0.contentColumn] } == [[4, 14], [6, 15], [9, 9]])
        #expect(messages.map(\.role) == ["system", "user", "assistant"])
    }

    @Test func collectsEveryErrorOfAFile() throws {
        let (file, errors) = try load(
            "name: [a, b]\nkind: foo\nhtml_escape: maybe\nvariables:\n  shop:\n    type: txt\nprompt: x\n")
        #expect(
            errors == [
                "\(file):1:7: field 'name': expected text, got a list",
                "\(file):2:7: field 'kind': expected completion or chat, got 'foo'",
                "\(file):3:14: field 'html_escape': expected true or false, got 'maybe'",
                "\(file):6:11: field 'variables.shop.type': expected text, multiline, json, bool or list, got 'txt'; did you mean 'text'?",
            ])
    }

    @Test func kindDecidesBetweenPromptAndMessages() throws {
        let missingKind = try load("prompt: hi\n")
        #expect(missingKind.errors == ["\(missingKind.file):1:1: missing field 'kind' (completion or chat)"])
        let chatWithPrompt = try load("kind: chat\nprompt: hi\n")
        #expect(
            chatWithPrompt.errors == [
                "\(chatWithPrompt.file):1:7: missing field 'messages' (a chat prompt needs a list of role: and content:)",
                "\(chatWithPrompt.file):2:9: field 'prompt': a chat prompt uses 'messages:', not 'prompt:' (or set kind: completion)",
            ])
        let noPrompt = try load("kind: completion\nmodel: x\n")
        #expect(
            noPrompt.errors == ["\(noPrompt.file):1:7: missing field 'prompt' (the template of a completion prompt)"])
        let badMessages = try load(
            "kind: chat\nmessages:\n  - role: robot\n    content: hi\n  - content: [x]\n    role: user\n")
        #expect(
            badMessages.errors == [
                "\(badMessages.file):3:11: field 'messages[0].role': expected system, developer, user, assistant or tool, got 'robot'",
                "\(badMessages.file):5:14: field 'messages[1].content': expected text, got a list",
            ])
    }

    @Test func emptyAndInvalidFiles() throws {
        let empty = try load("# nothing yet\n")
        #expect(
            empty.errors == [
                "\(empty.file):1:1: the file is empty; a prompt needs at least 'kind' and 'prompt' (or 'messages')"
            ])
        let list = try load("- a\n")
        #expect(
            list.errors == [
                "\(list.file):1:1: expected a mapping of fields (name:, kind:, prompt:...) at the top level, got a list"
            ])
        let invalid = try load("kind: completion\nprompt: \"unclosed\n")
        #expect(invalid.errors.count == 1)
        #expect(invalid.errors.first?.hasPrefix("\(invalid.file):3:1: invalid YAML: ") == true)
    }

    @Test func refusesFilesOverOneMebibyte() throws {
        let (file, errors) = try load(
            "kind: completion\nprompt: |\n" + String(repeating: "  lorem ipsum dolor sit amet\n", count: 40_000))
        #expect(errors == ["\(file): the file is 1.1 MiB; prompt files are limited to 1 MiB"])
    }

    @Test func unknownKeysAreWarningsWithSuggestions() throws {
        try folder.write(
            "w.yaml",
            "kind: completion\ndescripton: x\ncolour: red\nvariables:\n  shop: {defualt: Bloom}\nportkey:\n  trace-id: t\nprompt: hi\n"
        )
        let loaded = try folder.library.load("w")
        let file = "\(folder.path)/w.yaml"
        #expect(
            loaded.warnings.map(\.description) == [
                "\(file):2:1: warning: unknown key 'descripton' is ignored; did you mean 'description'?",
                "\(file):3:1: warning: unknown key 'colour' is ignored",
                "\(file):5:10: warning: unknown key 'defualt' in variables.shop is ignored; did you mean 'default'?",
                "\(file):7:3: warning: unknown key 'trace-id' in portkey is ignored; did you mean 'trace_id'?",
            ])
        #expect(loaded.prompt.template == "hi")
    }

    @Test func validatesPortkeyFieldsAndJSONDefaults() throws {
        let (file, errors) = try load(
            "kind: completion\nportkey_prompt_id: 'my prompt'\nportkey:\n  request_timeout: soon\nvariables:\n  schema:\n    type: json\n    default: '{\"a\": }'\nprompt: x\n"
        )
        #expect(
            errors == [
                "\(file):2:20: field 'portkey_prompt_id': expected a Portkey prompt ID such as 'pp-tagline-1a2b', 'pp-tagline-1a2b@12' or 'pp-tagline-1a2b@production', got 'my prompt'",
                "\(file):4:20: field 'portkey.request_timeout': expected a whole number, got 'soon'",
                "\(file):8:21: field 'variables.schema.default': not valid JSON: unexpected character '}'",
            ])
    }
}
