import Foundation
import Testing

@testable import PromptDeckCore

@Suite("PromptFileEditor saves drafts byte for byte")
struct PromptFileEditorTests {
    static func fixture(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Fixtures/save"))
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    private func editor(_ text: String) throws -> PromptFileEditor {
        try PromptFileEditor(text: text, file: "p.yaml")
    }

    private func reread(_ text: String) throws -> Prompt {
        try editor(text).prompt
    }

    // MARK: - Block scalars

    @Test func literalBlockKeepsHeaderCommentIndentationAndTheRestOfTheFile() throws {
        let text = try Self.fixture("completion-blocks")
        let saved = try editor(text).settingPrompt("Write two taglines for {{shop}}.\n")
        #expect(
            saved
                == text.replacingOccurrences(
                    of: "  Write a tagline for {{shop}}.\n  Keep it short.\n",
                    with: "  Write two taglines for {{shop}}.\n"))
    }

    @Test func literalChompingFollowsTheTrailingNewlines() throws {
        let text = "kind: completion\nprompt: |-\n  one\n  two\n\nmodel: m\n"
        let editor = try editor(text)
        #expect(try editor.settingPrompt("uno\ndos") == "kind: completion\nprompt: |-\n  uno\n  dos\n\nmodel: m\n")
        #expect(try editor.settingPrompt("uno\n") == "kind: completion\nprompt: |\n  uno\n\nmodel: m\n")
        // Keep (`+`) would swallow the blank line after the block, so that separator goes.
        #expect(try editor.settingPrompt("uno\n\n") == "kind: completion\nprompt: |+\n  uno\n\nmodel: m\n")
        #expect(try editor.settingPrompt("") == "kind: completion\nprompt: |-\n\nmodel: m\n")
        #expect(try editor.settingPrompt("\n") == "kind: completion\nprompt: |+\n\nmodel: m\n")
    }

    @Test func keepBlockAtTheEndOfTheFile() throws {
        let text = "kind: completion\nprompt: |+\n    a\n\n\n"
        let saved = try editor(text).settingPrompt("b\nc\n")
        #expect(saved == "kind: completion\nprompt: |\n    b\n    c\n")
        #expect(try reread(saved).template == "b\nc\n")
        let kept = try editor(text).settingPrompt("b\n\n\n")
        #expect(kept == "kind: completion\nprompt: |+\n    b\n\n\n")
    }

    @Test func foldedBlockStaysFolded() throws {
        let text = "kind: completion\nprompt: >\n  one\n  two\n# end\n"
        let saved = try editor(text).settingPrompt("first line\nsecond  \n  indented\nlast\n")
        #expect(saved == "kind: completion\nprompt: >\n  first line\n\n  second  \n    indented\n  last\n# end\n")
        #expect(try reread(saved).template == "first line\nsecond  \n  indented\nlast\n")
    }

    @Test func leadingSpacesGetAnIndentationIndicator() throws {
        let text = "kind: completion\nprompt: |\n  old\n"
        let saved = try editor(text).settingPrompt("  code\nmore\n")
        #expect(saved == "kind: completion\nprompt: |2\n    code\n  more\n")
        let nested = "kind: chat\nmessages:\n  - role: user\n    content: |\n      old\n"
        let savedNested = try editor(nested).settingMessages([ChatMessage(role: "user", content: " x")])
        #expect(savedNested == "kind: chat\nmessages:\n  - role: user\n    content: |2-\n       x\n")
    }

    // MARK: - Flow scalars

    @Test func plainStaysPlainWhenItCanAndIsQuotedWhenItMustBe() throws {
        let text = "kind: completion\nprompt: Say hi   # greeting\nmodel: m\n"
        let editor = try editor(text)
        #expect(try editor.settingPrompt("Say bye") == "kind: completion\nprompt: Say bye   # greeting\nmodel: m\n")
        #expect(try editor.settingPrompt("a: b") == "kind: completion\nprompt: \"a: b\"   # greeting\nmodel: m\n")
        #expect(try editor.settingPrompt("{{x}}") == "kind: completion\nprompt: \"{{x}}\"   # greeting\nmodel: m\n")
        #expect(try editor.settingPrompt("a #b") == "kind: completion\nprompt: \"a #b\"   # greeting\nmodel: m\n")
        #expect(try editor.settingPrompt("true") == "kind: completion\nprompt: \"true\"   # greeting\nmodel: m\n")
        #expect(
            try editor.settingPrompt("one\ntwo")
                == "kind: completion\nprompt: |-   # greeting\n  one\n  two\nmodel: m\n")
    }

    @Test func multilinePlainScalarIsReplacedWhole() throws {
        let text = "kind: completion\nprompt: one\n  two\n\n  three\nmodel: m\n"
        #expect(try reread(text).template == "one two\nthree")
        #expect(try editor(text).settingPrompt("x") == "kind: completion\nprompt: x\nmodel: m\n")
    }

    @Test func quotedStylesAreKept() throws {
        let single = "kind: completion\nprompt: 'It''s {{x}}'\n"
        #expect(try editor(single).settingPrompt("Don't {{y}}") == "kind: completion\nprompt: 'Don''t {{y}}'\n")
        #expect(try editor(single).settingPrompt("a\tb") == "kind: completion\nprompt: \"a\\tb\"\n")
        let double = "kind: completion\nprompt: \"Hi \\\"{{x}}\\\"\"  # q\n"
        #expect(
            try editor(double).settingPrompt("Line \"1\"\nLine 2\\")
                == "kind: completion\nprompt: \"Line \\\"1\\\"\\nLine 2\\\\\"  # q\n")
        let spanning = "kind: completion\nprompt: \"one\n  two\"\nmodel: m\n"
        #expect(try editor(spanning).settingPrompt("z") == "kind: completion\nprompt: \"z\"\nmodel: m\n")
    }

    @Test(arguments: [
        "{{shop}} in {{city}}", "key: value", "# not a comment", "  leading spaces", "trailing spaces  ",
        "ünïcødé — 日本語 🎉", "", "tab\there", "null", "- dash", "'quoted'", "\"dq\"", "a\r\nb", "\u{85}nel", "zero\u{0}",
        "line\n\n  indented\n\n\n", "\n\nlead", "x\u{FEFF}y",
    ])
    func trickyTemplatesRoundTripInEveryStyle(template: String) throws {
        let styles = [
            "plain text", "'single'", "\"double\"", "|\n  literal\n", ">\n  folded\n", "|-\n  strip", "|+\n  keep\n\n",
        ]
        for style in styles {
            let text = "kind: completion   # k\nprompt: \(style)\nmodel: m   # after\n"
            let saved = try editor(text).settingPrompt(template)
            #expect(try reread(saved).template == template, "style \(style)")
            #expect(saved.hasPrefix("kind: completion   # k\nprompt: "))
            #expect(saved.hasSuffix("model: m   # after\n"))
        }
    }

    // MARK: - Messages

    @Test func messageContentsChangeInPlaceInTheirOwnStyles() throws {
        let text = try Self.fixture("chat-styles")
        let saved = try editor(text).settingMessages([
            ChatMessage(role: "system", content: "You are terse."),
            ChatMessage(role: "user", content: "{{question}}!"),
            ChatMessage(role: "assistant", content: "It's done"),
        ])
        let expected =
            text
            .replacingOccurrences(of: "      You are friendly.\n      Be brief.\n", with: "      You are terse.\n")
            .replacingOccurrences(of: "\"{{question}}\"", with: "\"{{question}}!\"")
            .replacingOccurrences(of: "'Sure: here you go'", with: "'It''s done'")
        #expect(saved == expected)
    }

    private let three = """
        kind: chat
        messages:
          # system first
          - role: system
            content: Be kind.   # tone

          - role: user
            content: |
              Hello
          - role: assistant
            content: "Hi!"
        model: m

        """

    @Test func addingAMessageWritesItInTheListsIndentation() throws {
        let saved = try editor(three).settingMessages([
            ChatMessage(role: "system", content: "Be kind."), ChatMessage(role: "user", content: "Hello\n"),
            ChatMessage(role: "assistant", content: "Hi!"), ChatMessage(role: "user", content: "Two\nlines"),
        ])
        #expect(
            saved
                == three.replacingOccurrences(
                    of: "    content: \"Hi!\"\n",
                    with: "    content: \"Hi!\"\n  - role: user\n    content: |-\n      Two\n      lines\n"))
    }

    @Test func removingAMessageDropsOnlyItsLines() throws {
        let saved = try editor(three).settingMessages([
            ChatMessage(role: "system", content: "Be kind."), ChatMessage(role: "assistant", content: "Hi!"),
        ])
        #expect(saved == three.replacingOccurrences(of: "  - role: user\n    content: |\n      Hello\n", with: ""))
    }

    @Test func movingAMessageCarriesItsCommentsAndKeepsTheGaps() throws {
        let saved = try editor(three).settingMessages([
            ChatMessage(role: "assistant", content: "Hi!"), ChatMessage(role: "system", content: "Be kind."),
            ChatMessage(role: "user", content: "Hello\n"),
        ])
        #expect(
            saved == """
                kind: chat
                messages:
                  - role: assistant
                    content: "Hi!"

                  # system first
                  - role: system
                    content: Be kind.   # tone
                  - role: user
                    content: |
                      Hello
                model: m

                """)
    }

    @Test func flowMessagesAreEditedAndRewrittenOnOneLine() throws {
        let text = "kind: chat\nmessages: [{role: user, content: \"Hi {{x}}\"}]  # short\n"
        let editor = try editor(text)
        #expect(
            try editor.settingMessages([ChatMessage(role: "user", content: "Yo\n{{x}}")])
                == "kind: chat\nmessages: [{role: user, content: \"Yo\\n{{x}}\"}]  # short\n")
        #expect(
            try editor.settingMessages([
                ChatMessage(role: "system", content: "Be: brief"), ChatMessage(role: "user", content: "Hi {{x}}"),
            ])
                == "kind: chat\nmessages: [{role: system, content: \"Be: brief\"}, {role: user, content: \"Hi {{x}}\"}]  # short\n"
        )
    }

    @Test func changingARoleSplicesOnlyTheRole() throws {
        let saved = try editor(three).settingMessages([
            ChatMessage(role: "developer", content: "Be kind."), ChatMessage(role: "user", content: "Hello\n"),
            ChatMessage(role: "assistant", content: "Hi!"),
        ])
        #expect(saved == three.replacingOccurrences(of: "role: system", with: "role: developer"))
    }

    // MARK: - Line ends and BOM

    @Test func crlfFileStaysCRLFEverywhere() throws {
        let text = try Self.fixture("crlf")
        #expect(text.contains("\r\n"))
        let saved = try editor(text).settingMessages([
            ChatMessage(role: "system", content: "Be kind.\nBe quick.\n"),
            ChatMessage(role: "user", content: "{{question}}"),
            ChatMessage(role: "assistant", content: "One\ntwo"),
        ])
        #expect(
            saved
                == text.replacingOccurrences(of: "Be brief.", with: "Be quick.").replacingOccurrences(
                    of: "\"{{question}}\"\r\n",
                    with: "\"{{question}}\"\r\n  - role: assistant\r\n    content: |-\r\n      One\r\n      two\r\n"))
        let parameters = try editor(saved).settingParameters(["max_tokens": 20, "stop": ["\n"]])
        #expect(parameters.hasSuffix("parameters:\r\n  max_tokens: 20\r\n  stop: [\"\\n\"]\r\n"))
        let lone = Array(parameters.utf8).enumerated().filter {
            $0.element == 0x0A && Array(parameters.utf8)[$0.offset - 1] != 0x0D
        }
        #expect(lone.isEmpty)
    }

    @Test func byteOrderMarkIsKept() throws {
        let text = try Self.fixture("bom")
        let saved = try editor(text).settingPrompt("Say bye to {{name}}.")
        #expect(Array(saved.utf8).starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(saved == text.replacingOccurrences(of: "Say hi", with: "Say bye"))
    }

    // MARK: - Variables and parameters

    @Test func defaultsAreAddedWhereTheyBelong() throws {
        let text = """
            kind: completion
            variables:
              shop:
                description: The shop   # who
              city: {type: text}
              extra:
              mood: ~   # optional
            prompt: "{{shop}} {{city}} {{extra}} {{mood}} {{new}}"

            """
        let saved = try editor(text).settingVariableDefaults([
            "shop": "Bloom", "city": "Leeds: north", "extra": ["a", "b"], "mood": true, "new": "fresh",
        ])
        #expect(
            saved == """
                kind: completion
                variables:
                  shop:
                    description: The shop   # who
                    default: Bloom
                  city: {type: text, default: "Leeds: north"}
                  extra:
                    default: [a, b]
                  mood:   # optional
                    default: true
                  new:
                    default: fresh
                prompt: "{{shop}} {{city}} {{extra}} {{mood}} {{new}}"

                """)
    }

    @Test func existingDefaultsAreSplicedInTheirStyle() throws {
        let text =
            "kind: completion\nvariables:\n  shop:\n    default: 'Old shop'  # d\n    type: text\nprompt: \"{{shop}}\"\n"
        let saved = try editor(text).settingVariableDefaults(["shop": "New shop"])
        #expect(saved == text.replacingOccurrences(of: "'Old shop'", with: "'New shop'"))
    }

    @Test func flowVariablesGainNewOnesOnTheirLine() throws {
        let text =
            "kind: completion\nvariables: {a: {type: text}, b: {default: 1}}   # vars\nprompt: \"{{a}}{{b}}{{c}}\"\n"
        let saved = try editor(text).settingVariableDefaults(["a": "x", "c": [1, 2]])
        #expect(
            saved
                == "kind: completion\nvariables: {a: {default: x, type: text}, b: {default: 1}, c: {default: [1, 2]}}   # vars\nprompt: \"{{a}}{{b}}{{c}}\"\n"
        )
    }

    @Test func aVariablesBlockIsAddedWhenAbsent() throws {
        let text = "# c\nkind: completion\nmodel: m\n# the template\nprompt: \"{{a}} {{b}}\"\n"
        let saved = try editor(text).settingVariableDefaults(["b": 2, "a": "x\ny"])
        #expect(
            saved
                == "# c\nkind: completion\nmodel: m\nvariables:\n  a:\n    default: |-\n      x\n      y\n  b:\n    default: 2\n# the template\nprompt: \"{{a}} {{b}}\"\n"
        )
    }

    @Test func parametersAreSetAddedAndRemovedInABlockMapping() throws {
        let text = try Self.fixture("completion-blocks")
        let saved = try editor(text).settingParameters(["max_tokens": 128, "top_p": 0.9, "stop": ["END", "a, b"]])
        #expect(
            saved
                == text.replacingOccurrences(
                    of: "  max_tokens: 64      # short\n  temperature: 0.8\n",
                    with: "  max_tokens: 128      # short\n  stop: [END, \"a, b\"]\n  top_p: 0.9\n"))
    }

    @Test func flowParametersAreRewrittenInFlowStyle() throws {
        let text = try Self.fixture("chat-styles")
        let editor = try editor(text)
        #expect(
            try editor.settingParameters(["max_tokens": 100, "temperature": 0.5])
                == text.replacingOccurrences(of: "temperature: 0.2", with: "temperature: 0.5"))
        #expect(
            try editor.settingParameters(["max_tokens": 100, "seed": 7])
                == text.replacingOccurrences(
                    of: "{max_tokens: 100, temperature: 0.2}", with: "{max_tokens: 100, seed: 7}"))
    }

    @Test func parametersBlockIsAddedBeforeVariables() throws {
        let text = "kind: completion\nvariables:\n  a: {}\nprompt: hi\n"
        let saved = try editor(text).settingParameters(["temperature": 0, "response_format": ["type": "json_object"]])
        #expect(
            saved
                == "kind: completion\nparameters:\n  response_format:\n    type: json_object\n  temperature: 0\nvariables:\n  a: {}\nprompt: hi\n"
        )
        #expect(
            try editor(saved).settingParameters([:])
                == text.replacingOccurrences(of: "variables:", with: "parameters: {}\nvariables:"))
    }

    // MARK: - Refusals

    @Test func aliasesAnchorsAndMergeKeysAreRefusedWithTheirPlace() throws {
        let alias = "kind: completion\ndescription: &text Hello\nprompt: *text\n"
        #expect(throws: PromptEditError.self) { try editor(alias).settingPrompt("x") }
        do {
            _ = try editor(alias).settingPrompt("x")
        } catch {
            #expect(error.localizedDescription.hasPrefix("p.yaml:3:"))
            #expect(error.localizedDescription.contains("alias"))
        }
        let anchor = "kind: completion\nprompt: &p Hello\ndescription: *p\n"
        do {
            _ = try editor(anchor).settingPrompt("x")
            Issue.record("an anchored value was spliced")
        } catch {
            #expect(error.localizedDescription.hasPrefix("p.yaml:2:9: field 'prompt': cannot save"))
        }
        let merge = "kind: completion\nbase: &b {temperature: 1}\nparameters:\n  <<: *b\n  top_p: 1\nprompt: x\n"
        do {
            _ = try editor(merge).settingParameters(["top_p": 0.5])
            Issue.record("a merge key was spliced")
        } catch {
            #expect(error.localizedDescription.contains("merge key"))
        }
    }

    @Test func wrongKindsAndRolesAreRefused() throws {
        #expect(throws: PromptEditError.self) { try editor(three).settingPrompt("x") }
        #expect(throws: PromptEditError.self) { try editor(three).settingMessages([]) }
        #expect(throws: PromptEditError.self) {
            try editor(three).settingMessages([ChatMessage(role: "robot", content: "x")])
        }
    }

    // MARK: - New prompts and save as

    @Test(arguments: PromptKind.allCases)
    func skeletonsParseAndCanBeEdited(kind: PromptKind) throws {
        let text = PromptFileEditor.skeleton(kind: kind, name: "My: prompt")
        let editor = try editor(text)
        #expect(editor.prompt.name == "My: prompt" && editor.prompt.kind == kind)
        let renamed = try editor.settingName("Copy")
        #expect(try reread(renamed).name == "Copy")
        #expect(text.contains("# A PromptDeck prompt"))
    }

    @Test func suggestedIDsAreFileSafeAndFree() {
        #expect(PromptFileEditor.suggestedID(for: "Support reply!", taken: []) == "support-reply")
        #expect(PromptFileEditor.suggestedID(for: "tagline", taken: ["tagline", "tagline-2"]) == "tagline-3")
        #expect(PromptFileEditor.suggestedID(for: "Team/Summary v2", taken: []) == "team/summary-v2")
        #expect(PromptFileEditor.suggestedID(for: "???", taken: []) == "prompt")
    }

    // MARK: - Every bundled example

    static let newTemplates = [
        "Write {{shop}} a poem.", "Two\nlines {{x}}\n", "  indented: #1\n\n", "", "ünï {{#a}}{{.}}{{/a}}", "\"q\" 'q'",
    ]

    @Test(arguments: BundledExamples.prompts.keys.sorted())
    func bundledExamplesRoundTripEveryEdit(name: String) throws {
        let text = try #require(BundledExamples.prompts[name])
        let editor = try editor(text)
        for template in Self.newTemplates {
            let saved: String
            let field: String
            if editor.prompt.kind == .completion {
                saved = try editor.settingPrompt(template)
                #expect(try reread(saved).template == template)
                field = "\nprompt:"
            } else {
                var messages = editor.prompt.messages.map { ChatMessage(role: $0.role, content: $0.content) }
                messages[0].content = template
                saved = try editor.settingMessages(messages)
                #expect(try reread(saved).messages.map(\.content) == messages.map(\.content))
                field = "\nmessages:"
                // Everything after the first message is the file's own text.
                let first = try #require(text.range(of: "\n  - role:"))
                if editor.prompt.messages.count > 1,
                    let next = text.range(of: "\n  - role:", range: first.upperBound..<text.endIndex)
                {
                    #expect(saved.hasSuffix(text[next.lowerBound...]))
                }
            }
            let before = try #require(text.range(of: field))
            #expect(saved.hasPrefix(text[..<before.upperBound]))
        }
        // A json variable's default must stay valid JSON (the parser checks it); the others take any text.
        let values = Dictionary(
            uniqueKeysWithValues: editor.prompt.variables.map {
                ($0.name, $0.type == .json ? ["field": "v: #1"] : JSONValue.string("v: #1"))
            })
        let defaults = try reread(editor.settingVariableDefaults(values)).variables
        #expect(defaults.map(\.defaultValue) == editor.prompt.variables.map { values[$0.name] })
        var parameters = editor.prompt.parameters
        parameters["temperature"] = 1.5
        parameters["stop"] = ["\n\n"]
        #expect(try reread(editor.settingParameters(parameters)).parameters == parameters)
    }
}
