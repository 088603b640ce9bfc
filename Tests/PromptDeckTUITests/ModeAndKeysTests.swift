import PromptDeckCore
import Testing

@testable import PromptDeckTUI

/// The playground core: one mode value, one key target, one text-field step, one scroll mapping, and the
/// hint line read from the same place as key handling.
@Suite("TUI mode and keys")
struct ModeAndKeysTests {
    @Test func theModeSaysWhatTheScreenShows() {
        var state = Fixtures.state()
        #expect(state.mode == .playground(.panes))
        _ = update(&state, .key(.char("c")))
        guard case .compare(let comparison) = state.mode else {
            Issue.record("c should show compare mode")
            return
        }
        #expect(comparison.columns.count == 2)
        _ = update(&state, .key(.char("H")))
        #expect(state.history != nil && !state.isComparing, "history replaces compare on screen")
        #expect(state.keptComparison != nil, "the columns are kept while history shows")
        _ = update(&state, .key(.escape))
        #expect(state.isComparing, "closing history goes back to the columns it was opened over")
        _ = update(&state, .key(.char("c")))
        #expect(state.mode == .playground(.panes))
        #expect(state.compare?.columns.count == 2, "leaving compare keeps the columns for c")
    }

    @Test func compareModeNeedsAPrompt() {
        var state = AppState(
            size: TerminalSize(rows: 24, columns: 80), profiles: Fixtures.profiles, defaultProfileName: "local")
        _ = update(&state, .key(.char("c")))
        #expect(!state.isComparing, "no prompt, no columns: compare mode is refused")
        #expect(state.statusMessage?.text == "pick a prompt first")
    }

    @Test(arguments: [
        ("panes", KeyTarget.pane(.variables), [KeyContext.variables, .global]),
        ("filter", .filter, [.textField]),
        ("history", .history, [.history]),
        ("compare", .compare, [.compare, .global]),
        ("column editor", .columnEditor, [.columnEditor, .parameters, .global]),
    ])
    func everyModeHasOneKeyTarget(_ name: String, _ target: KeyTarget, _ contexts: [KeyContext]) {
        var state = Fixtures.state()
        switch name {
        case "filter": _ = update(&state, .key(.char("/")))
        case "history": _ = update(&state, .key(.char("h")))
        case "compare": _ = update(&state, .key(.char("c")))
        case "column editor":
            _ = update(&state, .key(.char("c")))
            _ = update(&state, .key(.char("e")))
        default: break
        }
        #expect(state.keyTarget == target, "\(name)")
        #expect(state.keyTarget.contexts == contexts, "\(name)")
    }

    @Test func theTextFieldStepCommitsAbandonsEditsOrIgnores() {
        var field = TextField("ab")
        #expect(field.handle(.char("c")) == .edited)
        #expect(field.handle(.backspace) == .edited)
        #expect(field.handle(.function(5)) == .ignored)
        #expect(field.handle(.enter) == .committed("ab"))
        #expect(field.handle(.escape) == .abandoned)
        var editor = TextField("x", multiline: true)
        #expect(editor.handle(.enter) == .edited, "Enter adds a line in the editor")
        #expect(editor.handle(.escape) == .committed("x\n"), "Esc keeps the editor's text")
    }

    @Test func oneScrollMappingClampsAtBothEnds() {
        #expect(ScrollMotion.apply(.bottom, to: 3, page: 10, maximum: 27) == 27)
        #expect(ScrollMotion.apply(.moveUp, to: 27, page: 10, maximum: 27) == 26, "↑ always comes back from the end")
        #expect(ScrollMotion.apply(.pageUp, to: 27, page: 10, maximum: 27) == 17)
        #expect(ScrollMotion.apply(.top, to: 27, page: 10, maximum: 27) == 0)
        #expect(ScrollMotion.apply(.pageDown, to: 0, page: 10, maximum: 5) == 5)
        #expect(ScrollMotion.apply(.select, to: 0, page: 10, maximum: 5) == nil)
    }

    @Test func subStatesAnswerTheirOwnKeys() {
        var replay = ReplayState(runID: "r", events: [])
        #expect(replay.handle(.pauseReplay) == .playing([]))
        #expect(replay.paused)
        #expect(replay.handle(.cancel) == .stopped)
        #expect(TokenCursor.handle(.right, at: 0, count: 3) == 1)
        #expect(TokenCursor.handle(.right, at: 2, count: 3) == 2)
        #expect(TokenCursor.handle(.escape, at: 1, count: 3) == nil)
        var browser = HistoryBrowser()
        #expect(
            browser.handle(.char("/"), layout: HistoryLayout(size: TerminalSize(rows: 24, columns: 80))) == .stay([]))
        #expect(browser.isTyping)
        let typed = browser.handle(.char("x"), layout: HistoryLayout(size: TerminalSize(rows: 24, columns: 80)))
        #expect(typed == .stay([.queryHistory(browser.currentQuery, sequence: 1)]))
    }

    @Test func everyStartupWarningIsKept() {
        var state = Fixtures.state()
        _ = update(
            &state,
            .started(
                Startup(
                    size: TerminalSize(rows: 24, columns: 80), themeName: "default", themeNames: ["default"],
                    warnings: ["first problem", "second problem", "third problem"])))
        #expect(state.statusMessage?.text == "first problem (+2 more: ! shows all)")
        let texts = state.messages.map(\.text)
        #expect(texts.contains("second problem") && texts.contains("third problem"))
        _ = update(&state, .key(.char("!")))
        #expect(state.overlay == .messages(scroll: 0))
        let screen = render(state).text
        #expect(screen.contains("second problem") && screen.contains("third problem"))
    }

    /// Per mode: every key the hint line offers does what the hint says there (the key target's own
    /// contexts resolve that key to that command), and `? help` and `q quit` are offered where they work.
    @Test(arguments: ["panes", "output", "filter", "editor", "history", "search", "compare", "column editor", "reader"])
    func hintsMatchTheKeysOfEachMode(_ name: String) {
        var state = Fixtures.state(rows: 40, columns: 200)
        switch name {
        case "output": state.focus = .output
        case "filter": _ = update(&state, .key(.char("/")))
        case "editor":
            state.fields[0].value = "a\nb"
            _ = update(&state, .key(.enter))
        case "history": _ = update(&state, .key(.char("h")))
        case "search":
            _ = update(&state, .key(.char("h")))
            _ = update(&state, .key(.char("/")))
        case "compare": _ = update(&state, .key(.char("c")))
        case "column editor":
            _ = update(&state, .key(.char("c")))
            _ = update(&state, .key(.char("e")))
        case "reader":
            _ = update(&state, .key(.char("c")))
            _ = update(&state, .key(.enter))
        default: break
        }
        let contexts = state.keyTarget.contexts
        let hints = HintLineView.hints(for: state)
        #expect(!hints.isEmpty, "\(name) has hints")
        for hint in hints {
            for key in hint.keys {
                #expect(
                    Keymap.command(for: key, in: contexts) == hint.command,
                    "\(name): \(key.label) is offered for \(hint.command) but does something else")
            }
        }
        if ["panes", "output", "compare"].contains(name) {
            #expect(hints.contains { $0.command == .help } && hints.contains { $0.command == .quit }, "\(name)")
        }
    }
}
