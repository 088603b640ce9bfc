import Foundation
import PromptDeckCore
import PromptDeckTUI
import Testing

/// Issue 14 item 3 in the playground: a run the server turned away says "retry 1/2 in 3 s" and counts down,
/// the output pane says why and that Esc cancels, and Esc does.
@Suite("Playground: retry status")
struct RetryStatusTests {
    static let attempt = RunAttempt(
        number: 1, httpStatus: 503, message: "HTTP 503 Service Unavailable: All providers are unavailable",
        delayMs: 3000)

    @Test func theStatusBarCountsDownToTheRetryAndEscCancels() {
        var state = Fixtures.state(rows: 30, columns: 120)
        Fixtures.running(&state)
        _ = update(&state, .runRetrying(id: "run-1", attempt: Self.attempt, retries: 2, at: 10.2))
        var screen = render(state).text
        #expect(screen.contains("◌ retry 1/2 in 3 s"), "\(screen)")
        #expect(screen.contains("│retry 1/2 in 3 s · Esc cancels"))
        #expect(screen.contains("│HTTP 503 Service Unavailable: All providers are unavailable"))
        _ = update(&state, .tick(11.3))
        screen = render(state).text
        #expect(screen.contains("◌ retry 1/2 in 1.9 s"), "\(screen)")
        _ = update(&state, .tick(13.3))
        #expect(render(state).text.contains("◌ retrying 1/2"))
        #expect(update(&state, .key(.escape)) == [.cancelRun(id: "run-1")])
    }

    @Test func theAnsweredAttemptClearsTheRetry() {
        var state = Fixtures.state(rows: 30, columns: 120)
        Fixtures.running(&state)
        _ = update(&state, .runRetrying(id: "run-1", attempt: Self.attempt, retries: 1, at: 10.2))
        _ = update(&state, .runResponse(id: "run-1", status: 200, headers: []))
        _ = update(&state, .runEvents(id: "run-1", events: [.delta(choice: 0, text: "Hi", logprobs: nil)], at: 13.4))
        let screen = render(state).text
        #expect(!screen.contains("retry"))
        #expect(screen.contains("▶ streaming"))
        // The wait is in the messages log (`!`), with the server's words.
        #expect(state.messages.contains { $0.text.contains("retry 1/1 in 3 s: HTTP 503") })
    }

    @Test func aRunWaitingForASlotSaysSo() {
        var state = Fixtures.state(rows: 30, columns: 120)
        Fixtures.running(&state)
        _ = update(&state, .runQueued(id: "run-1", profile: "local", limit: 1))
        let screen = render(state).text
        #expect(screen.contains("◌ queued for local (max_concurrency: 1)"), "\(screen)")
        #expect(screen.contains("another run to it is going · Esc cancels"))
        _ = update(&state, .runResponse(id: "run-1", status: 200, headers: []))
        #expect(!render(state).text.contains("queued for"))
    }

    @Test func aRetryOfAnotherRunIsIgnored() {
        var state = Fixtures.state(rows: 30, columns: 120)
        Fixtures.running(&state)
        _ = update(&state, .runRetrying(id: "old-run", attempt: Self.attempt, retries: 1, at: 10.2))
        #expect(state.run?.retry == nil)
    }
}

/// A run with no model anywhere uses the server's only one (issue 14): the playground then shows it.
@Suite("Playground: the server's model")
struct ServedModelTests {
    @Test func theModelTheServerChoseIsShownMarked() {
        let profiles = [Profile(name: "llama", type: .openai, baseURL: "http://127.0.0.1:9/v1")]
        var state = AppState(
            size: TerminalSize(rows: 30, columns: 120), profiles: profiles, defaultProfileName: "llama")
        _ = update(&state, .promptsLoaded(Fixtures.library.list()))
        _ = update(&state, .promptLoaded(Fixtures.detail("examples/tagline")))
        state.detail?.prompt.model = nil
        #expect(render(state).text.contains("- @ llama"))
        _ = update(&state, .key(.function(5)))
        _ = update(
            &state,
            .runStarted(
                RunStart(id: "r1", model: "smollm2.gguf", profileName: "llama", choiceCount: 1, streamed: true, at: 1)))
        let screen = render(state).text
        #expect(screen.contains("smollm2.gguf (served) @ llama"), "\(screen)")
    }
}
