import PromptDeckCore
import Testing

@testable import PromptDeckTUI

/// Issue "What a new user hits": each defect found in an afternoon of use, as an update or screen test
/// that fails without its fix. Numbers are the issue's items.
@Suite("TUI: what a new user hits")
struct NewUserFixTests {
    // 2. A failed column shows its reason, in the column and in the reader; one token has no rate.
    @Test func failedColumnsShowTheirReason() {
        var state = CompareFixtures.columns(2, rows: 30, columns: 100)
        _ = update(&state, .key(.function(5)))
        _ = update(&state, .comparisonStarted(groupID: "grp-0001", at: 10, warnings: []))
        var frame = CompareFixtures.frame(state)
        frame.variants[0].status = .error
        frame.variants[0].deltaCount = 1
        frame.variants[0].usage = Usage(promptTokens: 9, completionTokens: 1, totalTokens: 10)
        frame.variants[0].errorMessage = "transfer failed (curl 18): transfer closed with outstanding read data"
        _ = update(&state, .comparisonFinished(frame, historyWarning: nil))
        let screen = render(state).text
        #expect(screen.contains("✖ transfer failed (curl 18)"), "\(screen)")
        #expect(screen.contains("ttft 100ms · 1 tok · 0.90s"), "no tok/s from one token:\n\(screen)")
        _ = update(&state, .key(.enter))
        #expect(render(state).text.contains("✖ transfer failed (curl 18)"), "the reader shows it too")
    }

    // 4. The detail pane scrolls back up after G, and PgDn moves a page of the detail pane.
    @Test func historyDetailScrollsBackFromTheBottom() {
        var state = HistoryFixtures.browsing(rows: 24, columns: 80)
        _ = update(&state, .key(.tab))
        _ = update(&state, .key(.char("G")))
        let bottom = state.history?.detailScroll ?? 0
        #expect(bottom > 0)
        _ = update(&state, .key(.char("k")))
        #expect(state.history?.detailScroll == bottom - 1, "k moves up from the bottom")
        _ = update(&state, .key(.char("g")))
        _ = update(&state, .key(.pageDown))
        let visible = HistoryLayout(size: state.size).detail.inner.height
        #expect(state.history?.detailScroll == min(bottom, visible - 1), "PgDn moves a page of the detail pane")
    }

    // 6. Hints come from the current mode's keymap only.
    @Test func hintsNeverOfferAKeyThatDoesSomethingElse() {
        var state = Fixtures.state(focus: .output)
        var line = HintLineView.hints(for: state).map { "\($0.keys[0].label) \($0.hint ?? "")" }
        #expect(line.contains("H history") && !line.contains("h history"), "\(line)")
        state.focus = .parameters
        line = HintLineView.hints(for: state).map { "\($0.keys[0].label) \($0.hint ?? "")" }
        #expect(!line.contains("h history"), "\(line)")
        state.focus = .variables
        state.fields[0].value = "one\ntwo"
        _ = update(&state, .key(.enter))
        line = HintLineView.hints(for: state).map { "\($0.keys[0].label) \($0.hint ?? "")" }
        #expect(line == ["Esc done", "Ctrl-O $EDITOR"], "the editor's hints: \(line)")
    }

    // 27. At 80 columns the hint line keeps ? help and q quit.
    @Test func helpAndQuitAlwaysShow() {
        for columns in [60, 80] {
            let state = Fixtures.state(rows: 24, columns: columns, focus: .output)
            let screen = render(state)
            let hintLine = screen.text.split(separator: "\n").last.map(String.init) ?? ""
            #expect(hintLine.contains("? help") && hintLine.contains("q quit"), "\(columns): \(hintLine)")
        }
    }

    // 7. A sweep with a bad value is refused when it is made, naming the value.
    @Test func sweepValuesAreCheckedWhenMade() {
        var state = Fixtures.state()
        _ = update(&state, .key(.char("S")))
        _ = Fixtures.type("temperature=5,abc", into: &state)
        _ = update(&state, .key(.enter))
        guard case .sweep(let form)? = state.overlay else {
            Issue.record("the form should stay open: \(String(describing: state.overlay))")
            return
        }
        #expect(form.error?.contains("temperature=5") ?? false, "\(form.error ?? "no error")")
        #expect(!state.isComparing)
    }

    // 8. A sweep over columns edited by hand asks first; `a` adds the sweep's columns.
    @Test func sweepAsksBeforeReplacingHandMadeColumns() {
        var state = CompareFixtures.columns(2, rows: 30, columns: 100)
        _ = update(&state, .key(.char("S")))
        _ = Fixtures.type("seed=1,2", into: &state)
        _ = update(&state, .key(.enter))
        guard case .confirmSweep(let variants)? = state.overlay else {
            Issue.record("expected the question, got \(String(describing: state.overlay))")
            return
        }
        #expect(variants.count == 2)
        _ = update(&state, .key(.char("a")))
        #expect(state.compare?.columns.count == 4, "the sweep's columns were added to the two")
        #expect(state.compare?.columns[0].variant.overrides["temperature"] == .number(0))
    }

    // 9. The alternatives box never covers the token it describes; a newline token shows as ⏎.
    @Test func tokenCursorStaysVisible() {
        var state = Fixtures.state(rows: 24, columns: 80, focus: .output)
        Fixtures.running(&state)
        let words = ["Fresh", " flowers", " for", " every", " day", " in", " the", " heart", " of", " Leeds", "\n"]
        let tokens = words.map { word in
            TokenLogprob(token: word, logprob: -0.5, topLogprobs: [TokenLogprob.Alternative(token: "x", logprob: -1)])
        }
        let events = tokens.map { token in StreamEvent.delta(choice: 0, text: token.token, logprobs: [token]) }
        _ = update(&state, .runEvents(id: "run-1", events: events, at: 10.5))
        _ = update(&state, .key(.char("L")))
        for _ in 0..<9 { _ = update(&state, .key(.right)) }
        let screen = render(state).text
        #expect(screen.contains("Leeds"), "the highlighted token is on screen:\n\(screen)")
        _ = update(&state, .key(.right))
        #expect(render(state).text.contains("«⏎»"), "a newline token shows as ⏎")
    }

    // 10. A column with n = 2 shows that there is a second choice, and ] shows it.
    @Test func compareColumnsShowEveryChoice() {
        var state = CompareFixtures.columns(2, rows: 30, columns: 100)
        _ = update(&state, .key(.function(5)))
        _ = update(&state, .comparisonStarted(groupID: "grp-0001", at: 10, warnings: []))
        var frame = CompareFixtures.frame(state)
        frame.variants[0].outputs = [0: "first choice text", 1: "second choice text"]
        _ = update(&state, .comparisonFinished(frame, historyWarning: nil))
        #expect(render(state).text.contains("choice 1/2"))
        _ = update(&state, .key(.char("]")))
        let screen = render(state).text
        #expect(screen.contains("second choice text") && screen.contains("choice 2/2"), "\(screen)")
    }

    // 12. Enter on a filter with one match opens it; / filters from any pane.
    @Test func filterFromAnyPaneAndEnterOpensTheOnlyMatch() {
        var state = Fixtures.state(focus: .template)
        _ = update(&state, .key(.char("/")))
        #expect(state.isFiltering && state.focus == .prompts)
        let typed = Fixtures.type("tagl", into: &state)
        #expect(state.isFiltering, "typing goes to the filter, not to hotkeys")
        _ = typed
        _ = update(&state, .key(.enter))
        #expect(!state.isFiltering)
        #expect(state.focus == .variables, "the only match opened at once")
    }

    // 14. The column editor starts on its first row, and its status line goes when it closes.
    @Test func columnEditorHasItsOwnCursorAndCleansUp() {
        var state = CompareFixtures.columns(2, rows: 30, columns: 100)
        state.parameterCursor = 4
        _ = update(&state, .key(.char("e")))
        #expect(state.parameterCursor == 0, "the editor starts at the top")
        #expect(state.statusMessage?.text.hasPrefix("editing #1") ?? false)
        _ = update(&state, .key(.escape))
        #expect(state.statusMessage == nil, "the editing line goes with the editor")
        #expect(state.parameterCursor == 4, "the playground's row comes back")
    }

    // 16. Warnings about prompt files reach the playground.
    @Test func promptFileWarningsReachTheStatusBar() {
        var state = Fixtures.state()
        let warning = Diagnostic(file: "mine/story.yaml", line: 2, column: 1, message: "unknown key 'descripton'")
        _ = update(&state, .promptsLoaded(PromptListing(prompts: state.prompts, diagnostics: [], warnings: [warning])))
        #expect(state.statusMessage?.text.contains("descripton") ?? false, "\(String(describing: state.statusMessage))")
    }

    // 18. A replay shows the run's model and profile, not the playground's.
    @Test func replayShowsTheRunsSettings() {
        var state = HistoryFixtures.browsing(rows: 30, columns: 120)
        var detail = HistoryFixtures.detail()
        detail.record.model = "recorded-model"
        _ = update(&state, .historyRunLoaded(detail))
        _ = update(&state, .key(.char("r")))
        let screen = render(state).text
        #expect(screen.contains("recorded-model"), "\(screen)")
        #expect(screen.contains("replay of"), "\(screen)")
    }

    // 19. The status bar's complaint about a field goes once the field is fixed.
    @Test func aFieldsErrorGoesOnceFixed() {
        var state = Fixtures.state(promptID: "examples/extract-fields")
        guard let index = state.fields.firstIndex(where: { $0.kind == .json }) else {
            Issue.record("the example has no JSON field")
            return
        }
        let name = state.fields[index].name
        state.setField(name, to: "{oops")
        _ = update(&state, .key(.function(5)))
        #expect(state.statusMessage?.text.hasPrefix(name) ?? false)
        state.setField(name, to: "{\"ok\": true}")
        #expect(state.statusMessage == nil)
    }

    // 20. Esc then a key inside the escape delay reads as Alt-key: an unbound chord is the two keys.
    @Test func altChordsNeverActLikeTypedText() {
        var state = Fixtures.state()
        _ = update(&state, .key(.char("m")))
        #expect(state.overlay != nil)
        _ = update(&state, .key(.alt("P")))
        #expect(state.overlay != nil, "Esc closed the picker, P opened the profile picker")
        if case .picker(let picker)? = state.overlay {
            #expect(picker.purpose == .profile)
            #expect(picker.filter.text.isEmpty, "nothing was typed into a picker")
        }
        #expect(state.modelOverride == nil)
    }

    // 27. A run that ended with no text says so; the first start says it is on the echo provider.
    @Test func noTextAndFirstStartSaySo() {
        var state = Fixtures.state(focus: .output)
        Fixtures.running(&state)
        _ = update(
            &state, .runFinished(id: "run-1", record: Fixtures.record(status: .ok, outputs: [:]), historyWarning: nil))
        #expect(render(state).text.contains("(no text; finish reason stop)"))
        var fresh = Fixtures.state()
        _ = update(
            &fresh,
            .started(
                Startup(
                    size: TerminalSize(rows: 24, columns: 80), themeName: "default", themeNames: ["default"],
                    usesBuiltInEcho: true)))
        #expect(fresh.statusMessage?.text.contains("offline echo provider") ?? false)
        _ = update(&fresh, .key(.escape))
        #expect(fresh.statusMessage == nil, "Esc dismisses it")
    }

    // 27. Help text that does not fit ends with an ellipsis.
    @Test func helpCutsWithAnEllipsis() {
        var state = Fixtures.state(rows: 24, columns: 60)
        _ = update(&state, .key(.char("?")))
        #expect(render(state).text.contains("…"))
    }

    // 5. Reopen lists recent comparisons to pick from, and takes any prefix typed.
    @Test func reopenOffersRecentComparisons() {
        var state = Fixtures.state()
        #expect(update(&state, .key(.char("O"))) == [.listComparisons])
        let listings = [
            ComparisonListing(groupID: "1m8sezsy6s8rabcd", promptID: "mine/story", runCount: 3, createdAt: .now),
            ComparisonListing(groupID: "1m8sd0000000zzzz", promptID: "mine/allvars", runCount: 2, createdAt: .now),
        ]
        _ = update(&state, .comparisonsListed(listings))
        #expect(render(state).text.contains("mine/allvars"))
        _ = update(&state, .key(.down))
        _ = update(&state, .key(.down))
        #expect(update(&state, .key(.enter)) == [.reopenComparison("1m8sd0000000zzzz")])
        _ = update(&state, .key(.char("O")))
        _ = Fixtures.type("1m8sez", into: &state)
        #expect(update(&state, .key(.enter)) == [.reopenComparison("1m8sez")])
    }

    // Issue 14 (model discovery, TUI part): the model picker asks the server and lists what it serves.
    @Test func modelPickerListsTheServedModels() {
        var state = Fixtures.state()
        #expect(update(&state, .key(.char("m"))) == [.discoverModels(profileName: "local")])
        _ = update(&state, .modelsDiscovered(profile: "local", models: ["llama-3", "gpt-4o-mini"]))
        guard case .picker(let picker)? = state.overlay else {
            Issue.record("the picker closed")
            return
        }
        #expect(picker.items.contains("llama-3") && picker.served == ["llama-3", "gpt-4o-mini"])
        #expect(render(state).text.contains("llama-3  · served"))
        _ = update(&state, .modelsUnavailable(profile: "local", reason: "GET http://x/v1/models: HTTP 404"))
        #expect(render(state).text.contains("the server's models: GET http://x/v1/models"))
    }
}
