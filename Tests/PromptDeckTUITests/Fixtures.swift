import Foundation
import PromptDeckCore
import PromptDeckTUI
import Testing

/// Builders for playground states that look like a real session.
enum Fixtures {
    static let library = PromptLibrary(directory: nil)

    static let profiles = [
        Profile(
            name: "local", type: .openai, baseURL: "http://127.0.0.1:9/v1", model: "gpt-4o-mini", origin: "config.yaml"),
        Profile.echo,
    ]

    static func detail(_ id: String) -> PromptDetail {
        do {
            let prompt = try library.load(id).prompt
            return PromptDetail(prompt: prompt, variables: try library.variables(of: prompt))
        } catch {
            Issue.record("cannot load \(id): \(error)")
            return PromptDetail(prompt: Prompt(id: id, name: id, kind: .completion, sourcePath: id), variables: [])
        }
    }

    /// A state with the bundled prompts listed and `promptID` open.
    static func state(
        rows: Int = 24, columns: Int = 80, promptID: String = "examples/tagline", focus: Pane = .variables
    ) -> AppState {
        var state = AppState(
            size: TerminalSize(rows: rows, columns: columns), profiles: profiles, defaultProfileName: "local",
            themeNames: ThemeCatalog.builtIn.names)
        let effects = update(&state, .promptsLoaded(library.list()))
        _ = effects
        if let index = state.prompts.firstIndex(where: { $0.id == promptID }) { state.promptCursor = index }
        _ = update(&state, .promptLoaded(detail(promptID)))
        _ = update(&state, .historyLoaded(promptID: promptID, variables: [:], models: []))
        state.focus = focus
        return state
    }

    /// A state whose run has started (id `run-1`) at t = 10 s.
    static func running(_ state: inout AppState, choices: Int = 1) {
        _ = update(&state, .key(.function(5)))
        _ = update(
            &state,
            .runStarted(
                RunStart(
                    id: "run-1", model: "gpt-4o-mini", profileName: "local", choiceCount: choices, streamed: true,
                    at: 10)))
    }

    /// A finished record for `run-1`.
    static func record(status: RunStatus, outputs: [Int: String] = [:], error: String? = nil, httpStatus: Int = 200)
        -> RunRecord
    {
        var record = RunRecord(
            id: "run-1", promptID: "examples/tagline", promptName: "Tagline", templateSource: "", renderedPrompt: "",
            kind: "completion", profileName: "local", endpointURL: "http://127.0.0.1:9/v1/completions",
            model: "gpt-4o-mini",
            requestBody: "{}", streamed: true, status: status)
        record.outputs = outputs
        record.errorMessage = error
        record.httpStatus = httpStatus
        record.timeToFirstTokenMs = 120
        record.durationMs = 1500
        record.finishReasons = [0: "stop"]
        record.usage = Usage(promptTokens: 9, completionTokens: 42, totalTokens: 51)
        record.responseHeaders = [
            HTTPHeader("x-portkey-trace-id", "pd-trace-0001"), HTTPHeader("x-portkey-cache-status", "MISS"),
        ]
        return record
    }

    /// Sends each character of `text` as a key.
    static func type(_ text: String, into state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        for character in text { effects += update(&state, .key(.char(character))) }
        return effects
    }
}
