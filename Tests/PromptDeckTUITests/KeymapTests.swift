import Foundation
import Testing

@testable import PromptDeckTUI

@Suite("TUI keymap")
struct KeymapTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The README's key table (between the markers) is the generated one.
    @Test func readmeKeyTableMatchesTheKeymap() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- keys:begin -->\n"))
        let end = try #require(text.range(of: "<!-- keys:end -->"))
        let table = String(text[begin.upperBound..<end.lowerBound])
        #expect(table == Keymap.markdownTable(), "regenerate with `promptdeck keys --markdown`")
    }

    @Test func requiredBindingsAreThere() {
        let expectations: [(Key, KeyContext, Command)] = [
            (.function(5), .global, .run), (.ctrl("r"), .global, .run), (.escape, .global, .cancel),
            (.tab, .global, .focusNext), (.backTab, .global, .focusPrevious), (.char("s"), .global, .toggleStream),
            (.char("p"), .global, .preview), (.char("t"), .global, .pickTheme), (.char("?"), .global, .help),
            (.char("q"), .global, .quit), (.char("j"), .global, .moveDown), (.up, .global, .moveUp),
            (.enter, .variables, .edit), (.ctrl("w"), .textField, .deleteWord), (.home, .textField, .lineStart),
            (.right, .parameters, .stepUp),
        ]
        for (key, context, command) in expectations {
            #expect(Keymap.command(for: key, in: [context, .global]) == command, "\(key.label) in \(context.rawValue)")
        }
    }

    @Test func helpOverlayListsEveryBinding() {
        // Tall enough for the whole list (it scrolls on a real screen).
        var state = Fixtures.state(rows: 300, columns: 120)
        _ = update(&state, .key(.char("?")))
        let text = render(state).text
        for binding in Keymap.bindings {
            #expect(text.contains(binding.help), "help lacks: \(binding.help)")
        }
    }
}
