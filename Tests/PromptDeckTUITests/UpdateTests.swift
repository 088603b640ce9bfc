import PromptDeckCore
import Testing

@testable import PromptDeckTUI

@Suite("TUI update")
struct UpdateTests {
    @Test func movingInThePromptListLoadsThePromptAndItsLastValues() {
        var state = Fixtures.state(focus: .prompts)
        state.promptCursor = 0
        state.detail = nil
        let effects = update(&state, .key(.char("j")))
        let id = state.visiblePrompts[1].id
        #expect(effects == [.loadPrompt(id: id)])
        let loaded = update(&state, .promptLoaded(Fixtures.detail(id)))
        // Its last values come from history, and its file is watched for changes made elsewhere.
        #expect(loaded == [.loadHistory(promptID: id), .watchPrompt(id: id, path: "\(id).yaml")])
        #expect(state.detail?.prompt.id == id)
    }

    @Test func lastValuesFromHistoryFillTheFormOnce() {
        var state = AppState(
            size: TerminalSize(rows: 24, columns: 80), profiles: Fixtures.profiles, defaultProfileName: "local")
        _ = update(&state, .promptLoaded(Fixtures.detail("examples/translate")))
        _ = update(
            &state,
            .historyLoaded(
                promptID: "examples/translate", variables: ["language": "German", "formal": true], models: ["gpt-4o"]))
        #expect(state.fields.first { $0.name == "language" }?.value == "German")
        #expect(state.fields.first { $0.name == "formal" }?.isOn == true)
        #expect(state.recentModels == ["gpt-4o"])
    }

    @Test func fillVariableStepTemperatureAndRunAsksForThoseInputs() {
        var state = Fixtures.state()
        _ = update(&state, .key(.enter))
        #expect(state.inlineEdit != nil)
        _ = Fixtures.type("Bloom, a flower shop", into: &state)
        _ = update(&state, .key(.ctrl("w")))
        _ = Fixtures.type("shop", into: &state)
        _ = update(&state, .key(.enter))
        #expect(state.fields.first?.value == "Bloom, a flower shop")
        state.focus = .parameters
        state.parameterCursor = state.parameterSpecs.firstIndex { $0.name == "temperature" } ?? 0
        _ = update(&state, .key(.right))
        _ = update(&state, .key(.right))
        let effects = update(&state, .key(.ctrl("r")))
        guard case .startRun(let inputs)? = effects.first else {
            Issue.record("expected startRun, got \(effects)")
            return
        }
        #expect(inputs.promptID == "examples/tagline")
        #expect(inputs.variables["shop"] == .string("Bloom, a flower shop"))
        #expect(inputs.overrides["temperature"] == .number(1.0))
        #expect(state.run?.phase == .starting)
    }

    @Test func stepsStayInsideTheRange() {
        var state = Fixtures.state(focus: .parameters)
        state.parameterCursor = state.parameterSpecs.firstIndex { $0.name == "temperature" } ?? 0
        for _ in 0..<30 { _ = update(&state, .key(.right)) }
        #expect(state.parameterValue("temperature").value == .number(2))
        _ = update(&state, .key(.char("r")))
        #expect(state.parameterValue("temperature").value == .number(0.8))
    }

    @Test func anInvalidTypedParameterIsRefusedAndShown() {
        var state = Fixtures.state(focus: .parameters)
        state.parameterCursor = state.parameterSpecs.firstIndex { $0.name == "top_p" } ?? 0
        _ = update(&state, .key(.enter))
        _ = update(&state, .key(.ctrl("u")))
        _ = Fixtures.type("1.5", into: &state)
        #expect(state.inlineEdit?.error?.contains("out of range") == true)
        _ = update(&state, .key(.enter))
        #expect(state.inlineEdit != nil, "Enter must refuse an invalid value")
        #expect(render(state).text.contains("out of range"))
        _ = update(&state, .key(.escape))
        #expect(state.parameterValue("top_p").origin == .api)
    }

    @Test func streamToggleReachesTheRun() {
        var state = Fixtures.state()
        _ = update(&state, .key(.char("s")))
        #expect(state.runInputs()?.stream == true)
        _ = update(&state, .key(.char("s")))
        #expect(state.runInputs()?.stream == false)
    }

    @Test func escCancelsTheRunningRun() {
        var state = Fixtures.state()
        Fixtures.running(&state)
        #expect(update(&state, .key(.escape)) == [.cancelRun(id: "run-1")])
    }

    @Test func escBeforeTheRunIsKnownCancelsItWhenItStarts() {
        var state = Fixtures.state()
        _ = update(&state, .key(.function(5)))
        #expect(update(&state, .key(.escape)) == [])
        let effects = update(
            &state, .runStarted(RunStart(id: "r9", model: "m", profileName: "p", choiceCount: 1, streamed: true, at: 1))
        )
        #expect(effects == [.cancelRun(id: "r9")])
    }

    @Test func streamedTextFollowsUntilScrolledUp() {
        var state = Fixtures.state(focus: .output)
        Fixtures.running(&state)
        for i in 0..<40 {
            _ = update(
                &state,
                .runEvents(id: "run-1", events: [.delta(choice: 0, text: "line \(i)\n", logprobs: nil)], at: 10.5))
        }
        #expect(render(state).text.contains("line 39"))
        _ = update(&state, .key(.char("k")))
        _ = update(&state, .key(.char("k")))
        #expect(!state.output.follow)
        let scroll = state.output.scroll
        _ = update(
            &state, .runEvents(id: "run-1", events: [.delta(choice: 0, text: "line 40\n", logprobs: nil)], at: 10.6))
        #expect(state.output.scroll == scroll, "scrolled-up output must stay put")
        #expect(!render(state).text.contains("line 40"))
        _ = update(&state, .key(.char("G")))
        #expect(state.output.follow)
        #expect(render(state).text.contains("line 40"))
    }

    @Test func statusBarShowsTheRunsNumbers() {
        var state = Fixtures.state(rows: 40, columns: 120)
        Fixtures.running(&state)
        _ = update(&state, .runEvents(id: "run-1", events: [.delta(choice: 0, text: "Hi", logprobs: nil)], at: 10.12))
        _ = update(
            &state,
            .runFinished(id: "run-1", record: Fixtures.record(status: .ok, outputs: [0: "Hi"]), historyWarning: nil))
        let text = render(state).text
        for expected in [
            "✔ ok", "ttft 120 ms", "42 tok", "tok/s", "1.50 s", "stop", "trace pd-trace-0001", "cache MISS",
        ] {
            #expect(text.contains(expected), "status bar lacks \(expected)")
        }
    }

    @Test func httpErrorsShowStatusAndMessage() {
        var state = Fixtures.state(rows: 40, columns: 120)
        Fixtures.running(&state)
        let message = "HTTP 429 Too Many Requests: Rate limit reached (retry after 7 s)"
        _ = update(
            &state,
            .runFinished(
                id: "run-1", record: Fixtures.record(status: .error, error: message, httpStatus: 429),
                historyWarning: nil))
        let text = render(state).text
        #expect(text.contains("✖ error 429"))
        #expect(text.contains("HTTP 429 Too Many Requests: Rate limit reached"))
    }

    @Test func historyFailureIsAWarningNotAFailure() {
        var state = Fixtures.state()
        Fixtures.running(&state)
        _ = update(&state, .runFinished(id: "run-1", record: Fixtures.record(status: .ok), historyWarning: "disk full"))
        #expect(state.statusMessage?.text.hasPrefix("history: disk full") == true)
    }

    @Test func controlCharactersInOutputBecomeVisiblePlaceholders() {
        var state = Fixtures.state()
        Fixtures.running(&state)
        _ = update(
            &state,
            .runEvents(id: "run-1", events: [.delta(choice: 0, text: "a\u{1B}[2Jb\u{07}", logprobs: nil)], at: 11))
        let screen = render(state)
        #expect(screen.text.contains("a␛[2Jb␇"))
        #expect(!screen.text.contains("\u{1B}"))
        #expect(screen.cells.contains { $0.text == "␛" && $0.role == .outputPlaceholder })
    }

    @Test func choicesAreTabs() {
        var state = Fixtures.state(focus: .output)
        Fixtures.running(&state, choices: 2)
        _ = update(
            &state,
            .runEvents(
                id: "run-1",
                events: [
                    .delta(choice: 0, text: "first", logprobs: nil), .delta(choice: 1, text: "second", logprobs: nil),
                ], at: 11))
        #expect(render(state).text.contains("first"))
        _ = update(&state, .key(.char("]")))
        #expect(state.output.selectedChoice == 1)
        #expect(render(state).text.contains("second"))
        #expect(render(state).text.contains("choices:  1  2 "), "choices are counted from 1")
    }

    @Test func quitAsksWhileARunIsGoing() {
        var state = Fixtures.state()
        Fixtures.running(&state)
        #expect(update(&state, .key(.char("q"))) == [])
        #expect(state.overlay == .confirmQuit)
        #expect(update(&state, .key(.char("y"))) == [.cancelRun(id: "run-1"), .quit])
    }

    @Test func quitWhenIdleAndTerminateMidRun() {
        var idle = Fixtures.state()
        #expect(update(&idle, .key(.char("q"))) == [.quit])
        var busy = Fixtures.state()
        Fixtures.running(&busy)
        #expect(update(&busy, .terminate) == [.cancelRun(id: "run-1"), .quit])
    }

    @Test func invalidJSONBlocksTheRunWithItsError() {
        var state = Fixtures.state(promptID: "examples/extract-fields")
        let index = state.fields.firstIndex { $0.name == "schema" } ?? 0
        state.fields[index].value = "{\"name\": "
        #expect(state.fields[index].error?.contains("invalid JSON") == true)
        #expect(update(&state, .key(.function(5))) == [])
        #expect(state.statusMessage?.text.contains("schema") == true)
    }

    @Test func multiLinePasteOpensTheEditor() {
        var state = Fixtures.state()
        _ = update(&state, .key(.enter))
        _ = update(&state, .paste("one\ntwo 日本"))
        guard case .editor(let name, let field)? = state.overlay else {
            Issue.record("expected the editor")
            return
        }
        #expect(name == "shop")
        #expect(field.text == "one\ntwo 日本")
        _ = update(&state, .key(.escape))
        #expect(state.fields.first?.value == "one\ntwo 日本")
    }

    @Test func previewAsksForThePreparedRequest() {
        var state = Fixtures.state()
        let effects = update(&state, .key(.char("p")))
        #expect(effects.count == 1)
        if case .preparePreview(let inputs)? = effects.first { #expect(inputs.promptID == "examples/tagline") }
        _ = update(
            &state,
            .previewReady(
                PreviewContent(
                    method: "POST", url: "http://x/v1/completions",
                    headers: [HTTPHeader("Authorization", "Bearer ***")], body: "{\"model\":\"m\"}")))
        let text = render(state).text
        #expect(text.contains("Authorization: Bearer ***"))
        #expect(text.contains("{\"model\":\"m\"}"))
        _ = update(&state, .key(.escape))
        #expect(state.overlay == nil)
    }

    @Test func themePickerAsksForTheTheme() {
        var state = Fixtures.state()
        _ = update(&state, .key(.char("t")))
        _ = Fixtures.type("sol", into: &state)
        #expect(update(&state, .key(.enter)) == [.useTheme("solarized-dark"), .saveThemeChoice("solarized-dark")])
        #expect(state.themeName == "solarized-dark")
    }

    @Test func modelPickerAcceptsATypedName() {
        var state = Fixtures.state()
        _ = update(&state, .key(.char("m")))
        _ = Fixtures.type("my-model", into: &state)
        _ = update(&state, .key(.enter))
        #expect(state.runInputs()?.model == "my-model")
    }

    @Test func saveAsksForAPathAndWritesTheOutput() {
        var state = Fixtures.state(focus: .output)
        Fixtures.running(&state)
        _ = update(&state, .runEvents(id: "run-1", events: [.delta(choice: 0, text: "keep me", logprobs: nil)], at: 11))
        _ = update(&state, .key(.char("w")))
        _ = update(&state, .key(.ctrl("u")))
        _ = Fixtures.type("/tmp/out.txt", into: &state)
        #expect(update(&state, .key(.enter)) == [.saveOutput(path: "/tmp/out.txt", text: "keep me")])
    }

    @Test func resizeRelaysOutAndTinySizesDoNotCrash() {
        var state = Fixtures.state()
        Fixtures.running(&state)
        _ = update(
            &state,
            .runEvents(
                id: "run-1", events: [.delta(choice: 0, text: String(repeating: "word ", count: 200), logprobs: nil)],
                at: 11))
        for (rows, columns) in [(40, 120), (16, 60), (5, 20), (1, 1), (0, 0), (24, 80)] {
            _ = update(&state, .resize(TerminalSize(rows: rows, columns: columns)))
            let screen = render(state)
            #expect(screen.rows == rows && screen.columns == columns)
        }
        _ = update(&state, .resize(TerminalSize(rows: 12, columns: 50)))
        #expect(render(state).text.contains("Terminal too small"))
    }

    @Test func filterNarrowsThePromptList() {
        var state = Fixtures.state(focus: .prompts)
        _ = update(&state, .key(.char("/")))
        let effects = Fixtures.type("weath", into: &state)
        #expect(state.visiblePrompts.map(\.id) == ["examples/weather"])
        #expect(effects.last == .loadPrompt(id: "examples/weather"))
        _ = update(&state, .key(.escape))
        #expect(state.visiblePrompts.count == state.prompts.count)
    }
}
