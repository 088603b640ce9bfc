import Foundation
import Testing

@testable import PromptDeckCore

@Suite("PromptLibrary.list() carries the warnings of the files it loaded")
struct PromptListingWarningsTests {
    @Test("a typo'd key in a loadable file is a listing warning with file:line:column, and the prompt is listed")
    func typoWarning() throws {
        let folder = try TemporaryPromptFolder()
        let file = try folder.write("typo.yaml", "kind: completion\ndescripton: oops\nprompt: Hi\n")
        let listing = folder.library.list()
        #expect(listing.prompts.contains { $0.id == "typo" })
        #expect(listing.diagnostics.isEmpty)
        #expect(
            listing.warnings.map(\.description) == [
                "\(file):2:1: warning: unknown key 'descripton' is ignored; did you mean 'description'?"
            ])
    }
}
