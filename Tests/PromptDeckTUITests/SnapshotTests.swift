import PromptDeckCore
import PromptDeckTestSupport
import Testing

@testable import PromptDeckTUI

/// Every screen and overlay at 80×24, 120×40 and 60×16, against golden files in `Snapshots/`.
@Suite("TUI snapshots")
struct SnapshotTests {
    static let sizes = [(24, 80), (40, 120), (16, 60)]

    static let screens: [String: @Sendable (inout AppState) -> Void] = [
        "idle": { _ in },
        "streaming": { state in
            Fixtures.running(&state)
            _ = update(
                &state,
                .runEvents(
                    id: "run-1",
                    events: [
                        .delta(choice: 0, text: "Bloom: fresh flowers, 日本 style, every day in Leeds. ", logprobs: nil)
                    ], at: 10.2))
            _ = update(&state, .tick(10.7))
        },
        "finished": { state in
            Fixtures.running(&state)
            _ = update(
                &state,
                .runEvents(
                    id: "run-1",
                    events: [.delta(choice: 0, text: "Bloom: where Leeds comes to smell the roses.", logprobs: nil)],
                    at: 10.12))
            _ = update(
                &state,
                .runFinished(
                    id: "run-1",
                    record: Fixtures.record(status: .ok, outputs: [0: "Bloom: where Leeds comes to smell the roses."]),
                    historyWarning: nil))
        },
        "error": { state in
            Fixtures.running(&state)
            _ = update(
                &state,
                .runFinished(
                    id: "run-1",
                    record: Fixtures.record(
                        status: .error,
                        error: "HTTP 429 Too Many Requests: Rate limit reached for requests (retry after 7 s)",
                        httpStatus: 429), historyWarning: nil))
        },
        "choices": { state in
            Fixtures.running(&state, choices: 3)
            _ = update(
                &state,
                .runEvents(
                    id: "run-1",
                    events: [
                        .delta(choice: 0, text: "one", logprobs: nil), .delta(choice: 1, text: "two", logprobs: nil),
                        .delta(choice: 2, text: "three", logprobs: nil),
                    ], at: 10.3))
        },
        "editing-variable": { state in
            _ = update(&state, .key(.enter))
            _ = Fixtures.type("Bloom", into: &state)
        },
        "parameter-error": { state in
            state.focus = .parameters
            state.parameterCursor = state.parameterSpecs.firstIndex { $0.name == "temperature" } ?? 0
            _ = update(&state, .key(.enter))
            _ = update(&state, .key(.ctrl("u")))
            _ = Fixtures.type("3", into: &state)
        },
        "filter": { state in
            state.focus = .prompts
            _ = update(&state, .key(.char("/")))
            _ = Fixtures.type("tr", into: &state)
        },
        "zoomed-output": { state in
            state.focus = .output
            Fixtures.running(&state)
            _ = update(
                &state,
                .runEvents(
                    id: "run-1", events: [.delta(choice: 0, text: "Zoomed output fills the screen.", logprobs: nil)],
                    at: 10.2))
            _ = update(&state, .key(.char("z")))
        },
        "help": { state in _ = update(&state, .key(.char("?"))) },
        "preview": { state in
            _ = update(&state, .key(.char("p")))
            _ = update(
                &state,
                .previewReady(
                    PreviewContent(
                        method: "POST", url: "http://127.0.0.1:9/v1/completions",
                        headers: [
                            HTTPHeader("Content-Type", "application/json"), HTTPHeader("Authorization", "Bearer ***"),
                        ],
                        body:
                            #"{"max_tokens":64,"model":"gpt-4o-mini","prompt":"Write a tagline for Bloom.","temperature":0.8}"#
                    )))
        },
        "theme-picker": { state in _ = update(&state, .key(.char("t"))) },
        "model-picker": { state in _ = update(&state, .key(.char("m"))) },
        "profile-picker": { state in _ = update(&state, .key(.char("P"))) },
        "confirm-quit": { state in
            Fixtures.running(&state)
            _ = update(&state, .key(.char("q")))
        },
        "editor": { state in
            state.fields[0].value = "line one\nline two 日本語"
            _ = update(&state, .key(.enter))
        },
        "save": { state in
            state.focus = .output
            _ = update(&state, .key(.char("w")))
        },
        "chat-prompt": { state in
            _ = update(&state, .promptLoaded(Fixtures.detail("examples/translate")))
        },
        "template-editor": { state in
            _ = update(&state, .promptLoaded(Fixtures.detail("examples/translate")))
            state.focus = .template
            _ = update(&state, .key(.down))
            _ = update(&state, .key(.enter))
            _ = Fixtures.type(" Keep the tone.", into: &state)
        },
        "draft-broken-tag": { state in
            state.focus = .template
            _ = update(&state, .key(.enter))
            _ = Fixtures.type(" {{#tone", into: &state)
            _ = update(&state, .key(.escape))
            if let draft = state.draft {
                _ = update(
                    &state,
                    .draftAnalyzed(
                        DraftAnalysis(
                            promptID: draft.promptID, generation: draft.generation, text: draft.savedText + "#",
                            detail: nil,
                            problem: "4:32 unclosed section 'tone'")))
            }
        },
        "version-list": { state in
            _ = update(&state, .key(.char("V")))
            let diff =
                "--- examples/tagline@1\n+++ examples/tagline (file)\n@@ -3,2 +3,2 @@\n prompt: |\n"
                + "-  Write a tagline for {{shop}}.\n+  Write a short tagline for {{shop}}."
            _ = update(
                &state,
                .versionsListed(
                    promptID: "examples/tagline",
                    versions: [
                        VersionRow(
                            number: 2, shortHash: "74352b86", firstSeen: "2026-12-01 22:09", runs: 1,
                            labels: ["production", "staging"], isCurrent: true, source: "", diff: ""),
                        VersionRow(
                            number: 1, shortHash: "b87fc8db", firstSeen: "2026-12-01 21:40", runs: 2, labels: [],
                            isCurrent: false, source: "", diff: diff),
                    ]))
            _ = update(&state, .key(.down))
        },
        "save-menu": { state in _ = update(&state, .key(.char("W"))) },
    ]

    @Test(arguments: screens.keys.sorted())
    func screen(_ name: String) {
        for (rows, columns) in Self.sizes {
            var state = Fixtures.state(rows: rows, columns: columns)
            Self.screens[name]?(&state)
            assertSnapshot(render(state).text, named: "\(name)-\(columns)x\(rows)")
        }
    }

    @Test func tooSmall() {
        for (rows, columns) in [(12, 50), (5, 20)] {
            let state = Fixtures.state(rows: rows, columns: columns)
            assertSnapshot(render(state).text, named: "too-small-\(columns)x\(rows)")
        }
    }
}
