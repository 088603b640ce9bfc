import Foundation
import Testing

@testable import PromptDeckCore

@Suite("PromptLibrary listing, loading and partials")
struct PromptLibraryTests {
    static let fixtures = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/prompts").path ?? "missing"
    static let exampleIDs = [
        "examples/capitals", "examples/contact-card", "examples/explain", "examples/extract-fields",
        "examples/shopping-list",
        "examples/support-reply",
        "examples/tagline",
        "examples/translate", "examples/travel-helper", "examples/weather",
    ]

    @Test func listsGoodFilesAndReportsTheBrokenOne() {
        let listing = PromptLibrary(directory: Self.fixtures).list()
        #expect(
            listing.prompts.map(\.id) == [
                "examples/capitals", "examples/contact-card", "examples/explain", "examples/extract-fields",
                "examples/shopping-list",
                "examples/support-reply",
                "examples/tagline", "examples/translate", "examples/travel-helper", "examples/weather", "summary",
                "team/standup",
            ])
        #expect(
            listing.diagnostics.map(\.description) == [
                "\(Self.fixtures)/broken.yaml:2:7: missing field 'messages' (a chat prompt needs a list of role: and content:)",
                "\(Self.fixtures)/broken.yaml:3:9: field 'prompt': a chat prompt uses 'messages:', not 'prompt:' (or set kind: completion)",
            ])
        let summary = listing.prompts.first { $0.id == "summary" }
        #expect(
            summary
                == PromptSummary(
                    id: "summary", name: "Summary", kind: .completion,
                    description: "Summarise a text in a few bullet points.",
                    model: "gpt-4o-mini", sourcePath: "\(Self.fixtures)/summary.yaml"))
    }

    @Test func aMissingFolderLeavesTheExamples() {
        let listing = PromptLibrary(directory: "/nonexistent/promptdeck").list()
        #expect(listing.prompts.map(\.id) == Self.exampleIDs)
        #expect(listing.diagnostics.isEmpty)
        #expect(PromptLibrary(directory: nil).list().prompts.map(\.id) == Self.exampleIDs)
    }

    @Test func unknownIDSuggestsTheNearest() {
        let library = PromptLibrary(directory: Self.fixtures)
        #expect(
            diagnostics { _ = try library.load("tagline") } == [
                "\(Self.fixtures): no prompt 'tagline' (looked in \(Self.fixtures) and the bundled examples); did you mean 'examples/tagline'?"
            ])
        #expect(
            diagnostics { _ = try library.load("sumary") } == [
                "\(Self.fixtures): no prompt 'sumary' (looked in \(Self.fixtures) and the bundled examples); did you mean 'summary'?"
            ])
        #expect(
            diagnostics { _ = try library.load("../fixtures/summary") }.first?.contains(
                "no prompt '../fixtures/summary'") == true)
    }

    @Test func loadsNestedIDsWithOrWithoutTheExtension() throws {
        let library = PromptLibrary(directory: Self.fixtures)
        #expect(try library.load("team/standup.yaml").prompt.id == "team/standup")
        let output = try library.render(library.load("summary").prompt, values: [:])
        #expect(
            output.rendered
                == .completion(
                    "Summarise in three bullet points:\nPromptDeck renders Mustache templates and streams the answer.\n-- sent from PromptDeck\n"
                ))
        #expect(output.partials == ["signature": "-- sent from PromptDeck\n"])
    }

    @Test func userPartialsShadowBundledOnesOnlyForUserPrompts() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("partials/style-guide.mustache", "House style: {{house}}.")
        try folder.write("mine.yaml", "kind: completion\nprompt: \"{{>style-guide}}\"\n")
        let library = folder.library
        let mine = try library.load("mine").prompt
        let bundled = try library.load("examples/explain").prompt
        #expect(library.partialSource(named: "style-guide@4", for: mine) == "House style: {{house}}.")
        #expect(library.partialSource(named: "style-guide", for: bundled) == BundledExamples.partials["style-guide"])
        #expect(try library.variables(of: mine).map(\.name) == ["house"])
        #expect(library.partialSource(named: "../mine.yaml", for: mine) == nil)
    }

    @Test func aUserFileShadowsABundledExample() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("examples/tagline.yaml", "name: My tagline\nkind: completion\nprompt: Mine\n")
        let prompt = try folder.library.load("examples/tagline").prompt
        #expect(prompt.name == "My tagline")
        #expect(folder.library.list().prompts.filter { $0.id == "examples/tagline" }.map(\.name) == ["My tagline"])
    }
}
