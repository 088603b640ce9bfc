import Foundation
import PromptDeckTUI
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore
@testable import PromptDeckRuntime

/// Issue 12 off the key loop, on real files: a draft spliced into its prompt file and checked (new
/// variables found, a broken tag placed), saved byte for byte around the change with a version recorded
/// at once, run as a draft (history records the draft's text), kept for a crash, and a change made by
/// another program noticed within a second.
@Suite("Runtime: drafts on real files")
struct DraftRuntimeTests {
    let folder: String
    let queue: MessageQueue
    let performer: EffectPerformer
    static let original = """
        # The shop's tagline. Keep it short.
        name: Tagline
        kind: completion
        prompt: |
          Write a tagline for {{shop}}.
        # Defaults people liked.
        parameters:
          max_tokens: 12   # short
        """ + "\n"

    init() throws {
        folder = NSTemporaryDirectory() + "pd-drafts-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder + "/prompts", withIntermediateDirectories: true)
        try Self.original.write(toFile: folder + "/prompts/tagline.yaml", atomically: true, encoding: .utf8)
        queue = try MessageQueue()
        let echo = Profile(name: "echo", type: .echo, baseURL: "", model: "echo-1", echoDelayMs: 0)
        let configuration = Configuration(profiles: [echo], defaultProfileName: "echo", file: nil, warnings: [])
        performer = EffectPerformer(
            library: PromptLibrary(directory: folder + "/prompts"), configuration: configuration,
            historyPath: folder + "/history.sqlite", queue: queue, stateFile: folder + "/state/state.yaml",
            clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 })
    }

    private func wait(_ timeout: Double = 10, for match: (Msg) -> Bool) -> Msg? {
        var seen: [Msg] = []
        return queue.wait(timeout: timeout, seen: &seen, until: match)
    }

    private func detail() throws -> PromptDetail {
        performer.perform(.loadPrompt(id: "tagline"))
        guard case .promptLoaded(let detail)? = wait(for: { if case .promptLoaded = $0 { true } else { false } })
        else { throw CancellationError() }
        return detail
    }

    private func analyze(_ draft: PromptDraft) -> DraftAnalysis? {
        performer.perform(.analyzeDraft(draft.snapshot))
        guard case .draftAnalyzed(let analysis)? = wait(for: { if case .draftAnalyzed = $0 { true } else { false } })
        else { return nil }
        return analysis
    }

    @Test func aDraftIsSplicedCheckedRunSavedAndVersioned() throws {
        var draft = PromptDraft(of: try detail())
        draft.set(.template, to: "Write a {{tone}} tagline for {{shop}}.\n")
        let analysis = try #require(analyze(draft))
        #expect(analysis.problem == nil)
        #expect(analysis.detail?.variables.map(\.name) == ["tone", "shop"])
        let text = try #require(analysis.text)
        #expect(text == Self.original.replacingOccurrences(of: "Write a tagline", with: "Write a {{tone}} tagline"))
        // The crash copy is beside the state file.
        let copy = folder + "/state/drafts/tagline.yaml"
        #expect((try? String(contentsOfFile: copy, encoding: .utf8)) == text)

        // A run of the draft records the draft's text.
        performer.perform(
            .startRun(
                RunInputs(
                    promptID: "tagline", variables: ["shop": "Bloom", "tone": "warm"], stream: true,
                    source: .draft(text, promptID: "tagline"))))
        guard case .runFinished(_, let record, _)? = wait(for: { if case .runFinished = $0 { true } else { false } })
        else {
            Issue.record("the draft's run did not finish")
            return
        }
        #expect(record.status == .ok)
        #expect(record.templateSource == text)
        #expect(record.renderedPrompt.contains("Write a warm tagline for Bloom."))

        performer.perform(.saveDraft(.file(promptID: "tagline", path: folder + "/prompts/tagline.yaml", text: text)))
        guard case .draftSaved(let saved)? = wait(for: { if case .draftSaved = $0 { true } else { false } }) else {
            Issue.record("not saved")
            return
        }
        #expect(try String(contentsOfFile: folder + "/prompts/tagline.yaml", encoding: .utf8) == text)
        // The text the edit started from is version 1; the draft's run recorded the draft as version 2,
        // and the save finds that same version.
        #expect(saved.version == 2)
        #expect(
            try HistoryStore.open(path: folder + "/history.sqlite").versions(promptID: "tagline").first?.source
                == Self.original)
        let store = try HistoryStore.open(path: folder + "/history.sqlite")
        #expect(try store.versions(promptID: "tagline").map(\.source).contains(text))
    }

    @Test func aDraftKeptFromAnEarlierSessionComesBackEvenWithABrokenTag() throws {
        var draft = PromptDraft(of: try detail())
        draft.set(.template, to: "Write a tagline for {{#shop}}.\n")
        _ = try #require(analyze(draft))
        // The next start: the prompt opens, and its kept draft is offered back.
        performer.perform(.loadPrompt(id: "tagline"))
        guard
            case .draftRecovered(let id, let text, let recovered)? = wait(for: {
                if case .draftRecovered = $0 { true } else { false }
            })
        else {
            Issue.record("the kept draft was not offered back")
            return
        }
        #expect(id == "tagline")
        #expect(text.contains("{{#shop}}"))
        #expect(recovered.prompt.template == "Write a tagline for {{#shop}}.\n")
        #expect(recovered.variables.map(\.name) == ["shop"], "the file's form while the draft is broken")
    }

    @Test func aBrokenTagSaysWhere() throws {
        var draft = PromptDraft(of: try detail())
        draft.set(.template, to: "Write a tagline for {{#shop}}.\n")
        let analysis = try #require(analyze(draft))
        #expect(analysis.detail == nil)
        let problem = try #require(analysis.problem)
        #expect(problem.hasPrefix("5:"), "the file's line and column: \(problem)")
        #expect(analysis.text != nil, "the splice itself worked")
    }

    @Test func aChangeMadeElsewhereIsNoticed() throws {
        let path = folder + "/prompts/tagline.yaml"
        performer.perform(.watchPrompt(id: "tagline", path: path))
        Thread.sleep(forTimeInterval: 0.1)
        try (Self.original + "# edited in vim\n").write(toFile: path, atomically: true, encoding: .utf8)
        let changed = wait(5) { if case .promptFileChanged(id: "tagline") = $0 { true } else { false } }
        #expect(changed != nil, "a change on disk is noticed within a second")
    }

    @Test func saveAsAndANewPromptAreNewFiles() throws {
        performer.perform(
            .saveDraft(.asNew(newID: "tagline-2", besides: folder + "/prompts/tagline.yaml", text: Self.original)))
        guard case .draftSaved(let saved)? = wait(for: { if case .draftSaved = $0 { true } else { false } }) else {
            Issue.record("not saved as")
            return
        }
        #expect(saved.promptID == "tagline-2")
        #expect(try String(contentsOfFile: folder + "/prompts/tagline-2.yaml", encoding: .utf8) == Self.original)
        performer.perform(.createPrompt(id: "fresh", kind: .chat))
        guard case .draftSaved(let made)? = wait(for: { if case .draftSaved = $0 { true } else { false } }) else {
            Issue.record("no new prompt")
            return
        }
        #expect(made.promptID == "fresh")
        #expect(try PromptLibrary(directory: folder + "/prompts").load("fresh").prompt.kind == .chat)
        performer.perform(.createPrompt(id: "fresh", kind: .chat))
        guard case .draftSaveFailed(let message)? = wait(for: { if case .draftSaveFailed = $0 { true } else { false } })
        else {
            Issue.record("a second prompt of the same id is refused")
            return
        }
        #expect(message.contains("already exists"))
    }
}

/// Issue 16 in the playground's runtime: a run of a prompt with `checks:` is checked as it ends (and priced
/// when its model's price is known); the record the playground gets carries the results.
@Suite("Runtime: checks on playground runs")
struct PlaygroundChecksRuntimeTests {
    @Test func aRunIsCheckedWhenItEnds() throws {
        let folder = NSTemporaryDirectory() + "pd-checks-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder + "/prompts", withIntermediateDirectories: true)
        try """
        name: Checked
        kind: completion
        prompt: "Write about {{city}}."
        checks:
          - contains: "{{city}}"
          - name: never
            contains: "no such words"
        """.write(toFile: folder + "/prompts/checked.yaml", atomically: true, encoding: .utf8)
        let queue = try MessageQueue()
        let echo = Profile(name: "echo", type: .echo, baseURL: "", model: "echo-1", echoDelayMs: 0)
        let performer = EffectPerformer(
            library: PromptLibrary(directory: folder + "/prompts"),
            configuration: Configuration(profiles: [echo], defaultProfileName: "echo", file: nil, warnings: []),
            historyPath: folder + "/history.sqlite", queue: queue, stateFile: folder + "/state.yaml",
            clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 })
        performer.perform(.startRun(RunInputs(promptID: "checked", variables: ["city": "Lisbon"], stream: true)))
        var seen: [Msg] = []
        guard
            case .runFinished(_, let record, _)? = queue.wait(
                timeout: 10, seen: &seen,
                until: {
                    if case .runFinished = $0 { true } else { false }
                })
        else {
            Issue.record("no finish: \(seen)")
            return
        }
        #expect(record.checkResults.map(\.status) == [.passed, .failed])
        #expect(CheckTally(record.checkResults).badge == "✖ 1/2 checks")
        let stored = try HistoryStore.open(path: folder + "/history.sqlite").run(prefix: record.id)
        #expect(stored.checkResults.count == 2, "history has them too")

        // A comparison's columns are checked too: their records in the last frame carry the results.
        performer.perform(
            .startComparison(
                base: RunInputs(promptID: "checked", variables: ["city": "Lisbon"], stream: true),
                variants: [ComparisonVariant(position: 0, number: 1), ComparisonVariant(position: 1, number: 2)]))
        guard
            case .comparisonFinished(let frame, _)? = queue.wait(
                timeout: 10, seen: &seen,
                until: {
                    if case .comparisonFinished = $0 { true } else { false }
                })
        else {
            Issue.record("no comparison: \(seen)")
            return
        }
        #expect(frame.variants.map { $0.record?.checkResults.count } == [2, 2])
    }
}
