import Foundation
import Testing

@testable import PromptDeckCore

/// The Mustache spec's core cases the way a user meets them: each template in a prompt file with
/// `html_escape: true`, its partials in `partials/`, its data given as `--vars` values, rendered by the
/// library as `promptdeck run` and `render` do. The differences listed here are deliberate and listed by name
/// in the README ("Templates: differences from the Mustache spec").
@Suite("Mustache spec through prompt files and variable coercion")
struct MustacheSpecPromptFileTests {
    /// Why each deliberately different case differs. PromptDeck refuses, with a message, what the spec
    /// renders as nothing: a missing variable (a typo would otherwise send a broken prompt), a missing
    /// partial, and data that is not a mapping of variables.
    static let deliberateDifferences: [String: String] = [
        "interpolation: Basic Context Miss Interpolation": "missing variable",
        "interpolation: Triple Mustache Context Miss Interpolation": "missing variable",
        "interpolation: Ampersand Context Miss Interpolation": "missing variable",
        "interpolation: Dotted Names are never single keys": "missing variable",
        "interpolation: Implicit Iterators - Basic Interpolation": "non-object root",
        "interpolation: Implicit Iterators - HTML Escaping": "non-object root",
        "interpolation: Implicit Iterators - Triple Mustache": "non-object root",
        "interpolation: Implicit Iterators - Ampersand": "non-object root",
        "interpolation: Implicit Iterators - Basic Integer Interpolation": "non-object root",
        "inverted: Context": "missing variable",
        "inverted: List": "missing variable",
        "sections: Implicit Iterator - Root-level": "non-object root",
        "partials: Failed Lookup": "missing partial",
    ]

    static let cases = MustacheSpecCase.all()

    @Test(arguments: cases)
    func specCase(_ spec: MustacheSpecCase) throws {
        let folder = try TemporaryPromptFolder()
        try folder.write(
            "spec.yaml", "kind: completion\nhtml_escape: true\nprompt: \(Self.yamlQuoted(spec.template))\n")
        for (name, text) in spec.partials { try folder.write("partials/\(name).mustache", text) }
        let outcome: Result<String, DiagnosticList>
        if let values = spec.data.objectValue {
            outcome = Result { () throws(DiagnosticList) in
                let loaded = try folder.library.load("spec")
                guard case .completion(let text) = try folder.library.render(loaded.prompt, values: values).rendered
                else { return "" }
                return text
            }
        } else {
            outcome = .failure(DiagnosticList([Diagnostic(file: "--vars", message: "expected a mapping")]))
        }
        if let reason = Self.deliberateDifferences[spec.testDescription] {
            guard case .failure(let error) = outcome else {
                Issue.record("\(spec.testDescription) (\(reason)) now renders: drop it from the list and the README")
                return
            }
            #expect(!error.diagnostics.isEmpty, "refused with a message")
            return
        }
        switch outcome {
        case .success(let text): #expect(text == spec.expected)
        case .failure(let error): Issue.record("\(error.diagnostics.map(\.description))")
        }
    }

    @Test("every deliberate difference names a real spec case")
    func differencesExist() {
        let names = Set(Self.cases.map(\.testDescription))
        #expect(Self.deliberateDifferences.keys.filter { !names.contains($0) } == [])
    }

    @Test("{{.}} at the top level renders nothing, never PromptDeck's internals")
    func rootImplicitIterator() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("hi.yaml", "kind: completion\nprompt: \"Hi {{.}}{{#who}} {{.}}{{/who}}\"\n")
        let loaded = try folder.library.load("hi")
        let output = try folder.library.render(loaded.prompt, values: ["who": "Ada"]).rendered
        #expect(output == .completion("Hi  Ada"))
    }

    @Test("text used as a section is one truthy value, not a one-item list")
    func stringSection() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("foo.yaml", "kind: completion\nprompt: \"{{#foo}}{{.}} is {{foo}}{{/foo}}\"\n")
        let loaded = try folder.library.load("foo")
        #expect(try folder.library.render(loaded.prompt, values: ["foo": "bar"]).rendered == .completion("bar is bar"))
        #expect(
            try folder.library.render(loaded.prompt, values: ["foo": "a\nb"]).rendered
                == .completion("a is [\"a\", \"b\"]b is [\"a\", \"b\"]"),
            "several lines are still a list")
    }

    @Test("the partial budget's name is reserved in templates")
    func reservedName() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("r.yaml", "kind: completion\nprompt: \"{{promptdeck-partial-budget}}\"\n")
        let loaded = try folder.library.load("r")
        let messages = diagnostics { _ = try folder.library.render(loaded.prompt, values: [:]) }
        #expect(messages.contains { $0.contains("is reserved") }, "\(messages)")
    }

    /// A YAML double-quoted scalar holding exactly `text`.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
