import Foundation
import Testing

@testable import PromptDeckCore

/// One case of the Mustache specification (https://github.com/mustache/spec), core modules only.
struct MustacheSpecCase: Sendable, CustomTestStringConvertible {
    var module: String
    var name: String
    var template: String
    var partials: [String: String]
    var data: JSONValue
    var expected: String
    var testDescription: String { "\(module): \(name)" }

    static let modules = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]

    static func all() -> [MustacheSpecCase] {
        modules.flatMap { module -> [MustacheSpecCase] in
            guard
                let url = Bundle.module.url(
                    forResource: module, withExtension: "json", subdirectory: "Fixtures/mustache-spec"),
                let data = try? Data(contentsOf: url), let json = try? JSONValue.parse(data),
                let tests = json["tests"]?.arrayValue
            else { return [] }
            return tests.map { test in
                MustacheSpecCase(
                    module: module, name: test["name"]?.stringValue ?? "?",
                    template: test["template"]?.stringValue ?? "",
                    partials: (test["partials"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
                    data: test["data"] ?? .null, expected: test["expected"]?.stringValue ?? "")
            }
        }
    }
}

@Suite("Mustache spec (core modules, HTML escaping on)")
struct MustacheSpecTests {
    static let cases = MustacheSpecCase.all()

    @Test("all 136 core cases are loaded")
    func caseCount() {
        #expect(Self.cases.count == 136)
    }

    @Test(arguments: cases)
    func specCase(_ spec: MustacheSpecCase) throws {
        let source = TemplateSource(text: spec.template, file: "spec", field: "template")
        let partials = spec.partials
        var analyzer = TemplateAnalyzer(
            specs: [],
            resolvePartial: { name in partials[name].map { TemplateSource(text: $0, file: "partials/\(name)") } },
            unknownPartialMessage: nil)
        let analysis = analyzer.analyze([source])
        #expect(analysis.diagnostics.isEmpty, "\(analysis.diagnostics)")
        let rendered = try TemplateRenderer(htmlEscape: true).render(
            [source], analysis: analysis, context: MustacheValue.convert(spec.data))
        #expect(rendered == [spec.expected])
    }
}
