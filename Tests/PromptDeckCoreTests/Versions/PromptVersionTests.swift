import Foundation
import Testing

@testable import PromptDeckCore

@Suite("Prompt versions: content hashes and ID@N references")
struct PromptVersionTests {
    @Test(
        "SHA-256 matches the FIPS 180-4 examples",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func sha256(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test("SHA-256 pads across a block boundary (55, 56 and 64 bytes)")
    func sha256Padding() {
        #expect(
            SHA256.hex(Array(String(repeating: "a", count: 55).utf8))
                == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(
            SHA256.hex(Array(String(repeating: "a", count: 64).utf8))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test("the content hash covers the text and every partial, not the order partials were given in")
    func contentHash() {
        let base = PromptVersion.contentHash(source: "a", partials: ["x": "1", "y": "2"])
        #expect(base.count == 64)
        #expect(base == PromptVersion.contentHash(source: "a", partials: ["y": "2", "x": "1"]))
        #expect(base != PromptVersion.contentHash(source: "a", partials: ["x": "1", "y": "3"]))
        #expect(base != PromptVersion.contentHash(source: "a", partials: ["x": "1"]))
        #expect(base != PromptVersion.contentHash(source: "b", partials: ["x": "1", "y": "2"]))
        // Length prefixes: moving text between the source and a partial changes the hash.
        #expect(
            PromptVersion.contentHash(source: "ab", partials: ["p": "c"])
                != PromptVersion.contentHash(source: "a", partials: ["p": "bc"]))
    }

    @Test(
        "references read a number, a label or latest after the last @",
        arguments: [
            ("tagline", PromptReference(promptID: "tagline")),
            ("tagline.yaml", PromptReference(promptID: "tagline")),
            ("tagline@2", PromptReference(promptID: "tagline", selector: .number(2))),
            ("team/summary@production", PromptReference(promptID: "team/summary", selector: .label("production"))),
            ("tagline@latest", PromptReference(promptID: "tagline", selector: .latest)),
            ("tagline@v2", PromptReference(promptID: "tagline", selector: .label("v2"))),
        ])
    func references(text: String, expected: PromptReference) throws {
        #expect(try PromptReference.parse(text) == expected)
        #expect(try PromptReference.parse(expected.description) == expected)
    }

    @Test("an @ with nothing after or before it is refused with an example")
    func badReferences() {
        #expect(throws: Diagnostic.self) { try PromptReference.parse("tagline@") }
        #expect(throws: Diagnostic.self) { try PromptReference.parse("@2") }
        do {
            _ = try PromptReference.parse("tagline@")
        } catch {
            #expect(
                error.description
                    == "tagline@: expected a version number, a label or 'latest' after '@' (e.g. tagline@2)")
        }
    }

    @Test("label names: words yes; numbers, latest, spaces and @ no")
    func labelNames() {
        for good in ["production", "staging", "v1.2", "team_a", "rc-1", "2024q1"] {
            #expect(HistoryStore.isValidLabel(good), "\(good)")
        }
        for bad in ["", "12", "latest", "two words", "a@b", "x/y"] {
            #expect(!HistoryStore.isValidLabel(bad), "\(bad)")
        }
    }
}
