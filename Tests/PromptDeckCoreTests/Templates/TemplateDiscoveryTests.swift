import Testing

@testable import PromptDeckCore

@Suite("Template variable discovery")
struct TemplateDiscoveryTests {
    let library = PromptLibrary(directory: nil)

    private func variables(_ template: String, _ specs: [VariableSpec] = []) throws -> [DiscoveredVariable] {
        try library.variables(of: completionPrompt(template, variables: specs))
    }

    private func names(_ template: String, _ specs: [VariableSpec] = []) throws -> [String] {
        try variables(template, specs).map(\.name)
    }

    @Test func ordersByFirstUseAcrossMessagesAndPartials() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("partials/intro.mustache", "Hello {{audience}}, {{>outro}}")
        try folder.write("partials/outro.mustache", "{{signoff}}")
        let prompt = Prompt(
            id: "c", name: "c", kind: .chat,
            messages: [
                MessageTemplate(role: "system", content: "{{>intro}} about {{topic}}"),
                MessageTemplate(role: "user", content: "{{question}} {{audience}} {{topic}}"),
            ], sourcePath: "c.yaml")
        let found = try folder.library.variables(of: prompt)
        #expect(found.map(\.name) == ["audience", "signoff", "topic", "question"])
        #expect(found.allSatisfy { $0.isRequired && $0.usage == .value })
    }

    @Test func sectionOnlyAndOwnSectionVariablesAreOptional() throws {
        let found = try variables("Weather{{#city}} in {{city}}{{/city}}{{#premium}} (premium){{/premium}} for {{day}}")
        #expect(
            found == [
                DiscoveredVariable(name: "city", usage: .value, isRequired: false),
                DiscoveredVariable(name: "premium", usage: .section, isRequired: false),
                DiscoveredVariable(name: "day", usage: .value, isRequired: true),
            ])
    }

    @Test func invertedSectionIsOptional() throws {
        #expect(
            try variables("{{^items}}nothing to buy{{/items}}") == [
                DiscoveredVariable(name: "items", usage: .section, isRequired: false)
            ])
    }

    @Test func listSectionsHideTheirItemFields() throws {
        #expect(
            try variables("{{#items}}- {{.}}\n{{/items}}") == [
                DiscoveredVariable(name: "items", usage: .list, isRequired: false)
            ])
        #expect(
            try variables("{{#people}}{{name}} <{{email}}>{{/people}} by {{author}}") == [
                DiscoveredVariable(name: "people", usage: .list, isRequired: false),
                DiscoveredVariable(name: "author", usage: .value, isRequired: true),
            ])
    }

    @Test func namesInsideABoolOrTextSectionAreTopLevel() throws {
        let specs = [VariableSpec(name: "show_footer", type: .bool)]
        #expect(try names("{{#show_footer}}{{footer}}{{/show_footer}}", specs) == ["show_footer", "footer"])
        // A section over a value the template also interpolates is a scalar test, not a loop.
        #expect(try names("{{#city}}{{city}} on {{date}}{{/city}}") == ["city", "date"])
    }

    @Test func declaredVariablesInsideAListStayTopLevel() throws {
        let specs = [VariableSpec(name: "currency")]
        #expect(try names("{{#items}}{{name}}: {{price}} {{currency}}{{/items}}", specs) == ["items", "currency"])
    }

    @Test func dottedNamesCountAsTheirRoot() throws {
        #expect(
            try variables("{{user.name}} <{{user.email}}>") == [
                DiscoveredVariable(name: "user", usage: .value, isRequired: true)
            ])
    }

    @Test func followsSetDelimitersCommentsAndUnescapedTags() throws {
        let template = "{{! {{ignored}} }}{{{raw}}} {{& amp}} {{=<% %>=}}<% greeting %> {{literal}} <%={{ }}=%>{{name}}"
        #expect(try names(template) == ["raw", "amp", "greeting", "name"])
    }

    @Test func defaultsMakeVariablesOptional() throws {
        let found = try variables("{{shop}}", [VariableSpec(name: "shop", defaultValue: "Bloom")])
        #expect(found.first?.isRequired == false)
        #expect(found.first?.spec?.defaultValue == "Bloom")
    }

    @Test func partialsWithPortkeyVersionsResolveLocally() throws {
        let found = try variables("{{>style-guide@3}}")
        #expect(found == [DiscoveredVariable(name: "tone", usage: .value, isRequired: false)])
    }

    @Test func recursivePartialInsideASectionIsFine() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("partials/node.mustache", "{{label}}{{#children}}({{>node}}){{/children}}")
        let found = try folder.library.variables(of: completionPrompt("{{>node}}"))
        #expect(found.map(\.name) == ["label", "children"])
    }
}
