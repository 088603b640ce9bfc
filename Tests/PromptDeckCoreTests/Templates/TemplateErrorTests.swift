import Testing

@testable import PromptDeckCore

/// Every template error names the prompt file, the line and column in that file, and the field.
@Suite("Template errors point into the prompt file")
struct TemplateErrorTests {
    let folder: TemporaryPromptFolder

    init() throws { folder = try TemporaryPromptFolder() }

    private func renderErrors(_ id: String, _ text: String, values: [String: JSONValue] = [:]) throws -> [String] {
        try folder.write("\(id).yaml", text)
        let prompt = try folder.library.load(id).prompt
        return diagnostics { _ = try folder.library.render(prompt, values: values) }
    }

    @Test func missingRequiredVariable() throws {
        let errors = try renderErrors("tagline", "kind: completion\nprompt: |\n  Write a tagline\n  for {{shop}}.\n")
        #expect(
            errors == [
                "\(folder.path)/tagline.yaml:4:7: field 'prompt': variable 'shop' has no value; pass --var shop=..."
            ])
    }

    @Test func unclosedSectionInASecondChatMessage() throws {
        let errors = try renderErrors(
            "list",
            "kind: chat\nmessages:\n  - role: system\n    content: Be brief.\n  - role: user\n    content: \"List {{#items}}{{.}}, \"\n",
            values: ["items": "a"])
        #expect(
            errors == [
                "\(folder.path)/list.yaml:6:20: field 'messages[1].content': section {{#items}} is never closed; add {{/items}}"
            ])
    }

    @Test func mismatchedClosingTag() throws {
        let errors = try renderErrors("m", "kind: completion\nprompt: |\n  {{#items}}\n    - {{name}}\n  {{/item}}\n")
        #expect(
            errors == [
                "\(folder.path)/m.yaml:5:3: field 'prompt': closing tag {{/item}} does not match the open section {{#items}} at line 3, column 3",
                "\(folder.path)/m.yaml:3:3: field 'prompt': section {{#items}} is never closed; add {{/items}}",
            ])
    }

    @Test func closingTagWithoutSection() throws {
        let errors = try renderErrors("c", "kind: completion\nprompt: 'Hi{{/x}}'\n")
        #expect(errors == ["\(folder.path)/c.yaml:2:12: field 'prompt': closing tag {{/x}} has no open section {{#x}}"])
    }

    @Test func unknownPartial() throws {
        let errors = try renderErrors("p", "kind: completion\nprompt: \"Hi {{> footer }}\"\n")
        #expect(
            errors == [
                "\(folder.path)/p.yaml:2:13: field 'prompt': unknown partial 'footer': no footer.mustache in \(folder.path)/partials and the bundled partials"
            ])
    }

    @Test func partialsThatIncludeEachOtherForever() throws {
        try folder.write("partials/a.mustache", "A{{>b}}")
        try folder.write("partials/b.mustache", "B\n {{>a@2}}")
        try folder.write("partials/self.mustache", "{{>self}}")
        #expect(
            try renderErrors("loop", "kind: completion\nprompt: \"{{>a}}\"\n") == [
                "\(folder.path)/partials/b.mustache:2:2: partial 'a' includes itself forever (a -> b -> a)"
            ])
        #expect(
            try renderErrors("self", "kind: completion\nprompt: \"{{>self}}\"\n") == [
                "\(folder.path)/partials/self.mustache:1:1: partial 'self' includes itself forever (self -> self)"
            ])
    }

    @Test func syntaxErrorInsideAPartialPointsAtThePartial() throws {
        try folder.write("partials/greet.mustache", "Hello\n  {{name")
        #expect(
            try renderErrors("g", "kind: completion\nprompt: \"{{>greet}}\"\n") == [
                "\(folder.path)/partials/greet.mustache:2:3: tag {{ is never closed with }}"
            ])
    }

    @Test func badNamesAndDelimiterTags() throws {
        #expect(
            try renderErrors("n", "kind: completion\nprompt: |\n  Dear {{first name}},\n  {{=<%=}}\n") == [
                "\(folder.path)/n.yaml:3:8: field 'prompt': invalid name 'first name' in {{first name}}: ' ' is not allowed (use letters, digits, '_', '-' and '.')",
                "\(folder.path)/n.yaml:4:3: field 'prompt': invalid set-delimiter tag {{=<%=}}; write it like {{=<% %>=}}",
            ])
    }

    @Test func errorsUnderCustomDelimitersUseThem() throws {
        #expect(
            try renderErrors("d", "kind: completion\nprompt: '{{=<% %>=}}<%#a%>'\n") == [
                "\(folder.path)/d.yaml:2:21: field 'prompt': section <%#a%> is never closed; add <%/a%>"
            ])
    }
}
