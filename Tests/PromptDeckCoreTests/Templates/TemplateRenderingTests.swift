import Testing

@testable import PromptDeckCore

@Suite("Template rendering and value coercion")
struct TemplateRenderingTests {
    let library = PromptLibrary(directory: nil)

    private func render(_ prompt: Prompt, _ values: [String: JSONValue] = [:]) throws -> String {
        guard case .completion(let text) = try library.render(prompt, values: values).rendered else { return "<chat>" }
        return text
    }

    private func render(_ template: String, _ values: [String: JSONValue] = [:], specs: [VariableSpec] = []) throws
        -> String
    {
        try render(completionPrompt(template, variables: specs), values)
    }

    @Test func insertsValuesVerbatimByDefault() throws {
        #expect(
            try render("Q: {{q}} / {{{q}}}", ["q": "<b>Fish & \"chips\"</b>"])
                == "Q: <b>Fish & \"chips\"</b> / <b>Fish & \"chips\"</b>")
    }

    @Test func partialsAreNotEscapedEither() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("partials/quote.mustache", "> {{q}}")
        let output = try folder.library.render(completionPrompt("{{>quote}}"), values: ["q": "a < b"])
        #expect(output.rendered == .completion("> a < b"))
        #expect(output.partials == ["quote": "> {{q}}"])
    }

    @Test func htmlEscapeOptsIn() throws {
        #expect(try render(completionPrompt("{{q}} {{{q}}}", htmlEscape: true), ["q": "<b>&"]) == "&lt;b&gt;&amp; <b>&")
    }

    @Test(arguments: [
        ("yes", true), ("true", true), ("1", true), ("no", false), ("false", false), ("0", false), ("", false),
    ])
    func sectionsReadBooleanText(text: String, shown: Bool) throws {
        #expect(
            try render("Hi{{#vip}}, valued customer{{/vip}}.", ["vip": .string(text)])
                == (shown ? "Hi, valued customer." : "Hi."))
    }

    @Test func emptyTextHidesASectionOverAValue() throws {
        let template = "Weather{{#city}} in {{city}}{{/city}}."
        #expect(try render(template, ["city": ""]) == "Weather.")
        #expect(try render(template, ["city": "Oslo"]) == "Weather in Oslo.")
        #expect(try render(template) == "Weather.")
    }

    @Test func declaredBoolRejectsOtherText() {
        let prompt = completionPrompt(
            "{{#formal}}Dear Sir{{/formal}}", variables: [VariableSpec(name: "formal", type: .bool)])
        #expect(
            diagnostics { _ = try library.render(prompt, values: ["formal": "maybe"]) } == [
                "t.yaml:1:1: field 'formal': variable 'formal' expects true or false (or yes/no, 1/0), got 'maybe'"
            ])
    }

    @Test func listsReadLinesOrAJSONArray() throws {
        let template = "{{#items}}- {{.}}\n{{/items}}"
        #expect(try render(template, ["items": "eggs\n\nfeta\r\nmilk\n"]) == "- eggs\n- feta\n- milk\n")
        #expect(try render(template, ["items": #"["a, b", "c"]"#]) == "- a, b\n- c\n")
        #expect(try render(template, ["items": ["x", 2]]) == "- x\n- 2\n")
        #expect(
            try render("{{#people}}{{name}};{{/people}}", ["people": #"[{"name": "Ann"}, {"name": "Bo"}]"#])
                == "Ann;Bo;")
    }

    @Test func malformedJSONListIsAnError() {
        #expect(
            diagnostics {
                _ = try library.render(completionPrompt("x{{#items}}{{.}}{{/items}}"), values: ["items": "[1,"])
            } == [
                "t.yaml:1:2: field 'items': variable 'items' is not valid JSON: line 1, column 4: unexpected end of input"
            ])
    }

    @Test func jsonVariablesInsertTheirJSONText() throws {
        let specs = [VariableSpec(name: "payload", type: .json)]
        #expect(
            try render("Data: {{payload}}", ["payload": "{ \"a\": [1, 2] }"], specs: specs) == "Data: { \"a\": [1, 2] }"
        )
        #expect(
            try render("Data: {{payload}}", ["payload": ["b": 1, "a": true]], specs: specs)
                == #"Data: {"a":true,"b":1}"#)
        #expect(
            try render(
                "{{payload.a}}/{{#payload.list}}{{.}}{{/payload.list}}", ["payload": #"{"a": "x", "list": [1, 2]}"#],
                specs: specs) == "x/12")
    }

    @Test func invalidJSONNamesTheVariableAndPosition() throws {
        let folder = try TemporaryPromptFolder()
        let file = try folder.write(
            "extract.yaml",
            """
            kind: completion
            variables:
              schema: {type: json}
            prompt: |
              Schema:
                {{schema}}

            """)
        let prompt = try folder.library.load("extract").prompt
        #expect(
            diagnostics { _ = try folder.library.render(prompt, values: ["schema": "{\n  \"a\": 1,\n}"]) } == [
                "\(file):6:5: field 'schema': variable 'schema' is not valid JSON: line 3, column 1: expected a string key"
            ])
    }

    @Test func defaultsFillMissingValuesAndWholeNumbersStayWhole() throws {
        let specs = [VariableSpec(name: "n", defaultValue: 3), VariableSpec(name: "who", defaultValue: "you")]
        #expect(
            try render("{{n}} for {{who}}, {{ratio}}", ["who": "me", "ratio": 0.5], specs: specs) == "3 for me, 0.5")
    }

    @Test func valuesForUnknownNamesAreWarned() throws {
        let output = try library.render(completionPrompt("{{shop}}"), values: ["shop": "Bloom", "shpo": "x"])
        #expect(
            output.warnings.map(\.description) == [
                "--var: warning: field 'shpo': 'shpo' is not a variable of this prompt; did you mean 'shop'?"
            ])
    }

    @Test func chatMessagesRenderInOrder() throws {
        let prompt = Prompt(
            id: "c", name: "c", kind: .chat,
            messages: [
                MessageTemplate(role: "system", content: "Be {{tone}}."),
                MessageTemplate(role: "user", content: "{{q}}"),
            ],
            sourcePath: "c.yaml")
        let output = try library.render(prompt, values: ["tone": "brief", "q": "Why?"])
        #expect(
            output.rendered
                == .chat([
                    ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Why?"),
                ]))
    }

    @Test func recursionThatNeverEndsIsStopped() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("partials/loop.mustache", "{{#more}}+{{>loop}}{{/more}}")
        let errors = diagnostics {
            _ = try folder.library.render(completionPrompt("{{>loop}}"), values: ["more": "yes"])
        }
        #expect(
            errors == [
                "\(folder.path)/partials/loop.mustache:1:11: partials nest more than 64 levels deep here; the section around this recursive partial never runs out of data"
            ])
        // With data that ends, the same partial renders.
        let tree: JSONValue = ["more": ["more": ["more": false]]]
        #expect(
            try folder.library.render(completionPrompt("{{>loop}}"), values: ["more": tree]).rendered
                == .completion("+++"))
    }

    // Found by fuzzing: over two items the same recursion rendered 2^64 copies before any was too deep.
    @Test func recursionOverSeveralItemsIsStoppedToo() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("partials/fan.mustache", "{{#items}}[{{>fan}}]{{/items}}")
        let errors = diagnostics {
            _ = try folder.library.render(completionPrompt("{{>fan}}"), values: ["items": "a\nb"])
        }
        #expect(
            errors == [
                "\(folder.path)/partials/fan.mustache:1:12: partials nest more than 64 levels deep here; the section around this recursive partial never runs out of data"
            ])
    }
}
