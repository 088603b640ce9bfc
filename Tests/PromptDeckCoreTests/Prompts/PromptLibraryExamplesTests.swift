import Testing

@testable import PromptDeckCore

@Suite("PromptLibrary bundled examples")
struct PromptLibraryExamplesTests {
    let library = PromptLibrary(directory: nil)

    @Test(arguments: PromptLibraryTests.exampleIDs)
    func loadsCleanlyAndRendersWithDefaults(id: String) throws {
        let loaded = try library.load(id)
        #expect(loaded.warnings.isEmpty)
        #expect(!loaded.prompt.parameters.isEmpty)
        let values: [String: JSONValue] = id == "examples/tagline" ? ["shop": "Bloom"] : [:]
        let output = try library.render(loaded.prompt, values: values)
        #expect(output.warnings.isEmpty)
    }

    @Test func coversEachFeature() throws {
        let kinds = try PromptLibraryTests.exampleIDs.map { try library.load($0).prompt }
        #expect(kinds.count >= 6)
        #expect(
            kinds.contains { $0.kind == .completion } && kinds.contains { $0.messages.contains { $0.role == "system" } }
        )
        #expect(try kinds.contains { try !library.render($0, values: ["shop": "x"]).partials.isEmpty })
        #expect(try kinds.contains { try library.variables(of: $0).contains { $0.usage == .list } })
        #expect(kinds.contains { $0.variables.contains { $0.type == .json } })
    }

    private func rendered(_ id: String, _ values: [String: JSONValue] = [:]) throws -> RenderedPrompt {
        try library.render(library.load(id).prompt, values: values).rendered
    }

    @Test func taglineNeedsAShop() throws {
        #expect(
            try rendered("examples/tagline", ["shop": "Bloom, a flower shop"])
                == .completion("Write a tagline for Bloom, a flower shop."))
        let tagline = try library.load("examples/tagline").prompt
        #expect(
            try library.variables(of: tagline) == [
                DiscoveredVariable(name: "shop", usage: .value, isRequired: true, spec: tagline.spec(for: "shop"))
            ])
        #expect(
            diagnostics { _ = try library.render(tagline, values: [:]) } == [
                "examples/tagline.yaml:10:30: field 'prompt': variable 'shop' has no value; pass --var shop=..."
            ])
    }

    @Test func sectionListJSONAndPartialExamplesReadWell() throws {
        #expect(try rendered("examples/weather") == .completion("Write a one-sentence weather report for today."))
        #expect(
            try rendered("examples/weather", ["city": "Lisbon"])
                == .completion("Write a one-sentence weather report for today in Lisbon."))
        #expect(
            try rendered("examples/shopping-list", ["items": "rice\nbeans"])
                == .completion(
                    "Suggest one dinner recipe that uses everything on this shopping list:\n- rice\n- beans\n"))
        guard case .chat(let extract) = try rendered("examples/extract-fields") else { return #expect(Bool(false)) }
        #expect(
            extract.first?.content.hasSuffix(#"Schema: {"company":"string","email":"string","name":"string"}"#) == true)
        guard case .chat(let explain) = try rendered("examples/explain", ["tone": "playful"]) else {
            return #expect(Bool(false))
        }
        #expect(
            explain.first?.content
                == "You explain things clearly and accurately.\nWrite plain English in short sentences and avoid jargon. Keep the tone playful."
        )
        guard case .chat(let translate) = try rendered("examples/translate", ["formal": "yes", "text": "Hi"]) else {
            return #expect(Bool(false))
        }
        #expect(
            translate == [ChatMessage(role: "user", content: "Translate into French, using the formal register:\n\nHi")]
        )
    }
}
