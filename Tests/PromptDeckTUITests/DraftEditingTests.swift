import Foundation
import PromptDeckCore
import PromptDeckTUI
import Testing

/// Issue 12 in the playground's update loop: the template edited in place makes a draft (● in the title),
/// the runtime's analysis brings new variables into the form at once and a broken tag is shown with its
/// place while the last good form stays, a run sends the draft, saving asks the runtime to write it, a
/// change on disk reloads (or asks, with a draft), and quitting with a draft asks first.
@Suite("Playground: editing the prompt")
struct DraftEditingTests {
    /// The tagline prompt, its Template pane focused and the editor open.
    static func editing() -> AppState {
        var state = Fixtures.state(rows: 30, columns: 120, focus: .template)
        #expect(update(&state, .key(.enter)) == [])
        #expect(state.templateEditor?.part == .template)
        return state
    }

    /// What the runtime answers for the draft as it stands (the tagline file with `template` in it).
    static func analysis(of state: AppState, template: String, problem: String? = nil) -> DraftAnalysis {
        let draft = state.draft ?? PromptDraft(of: Fixtures.detail("examples/tagline"))
        let text = "name: Tagline\nkind: completion\nprompt: \(template)\n"
        var detail: PromptDetail?
        if problem == nil {
            var prompt = Fixtures.detail("examples/tagline").prompt
            prompt.template = template
            prompt.sourceText = text
            let names = template.components(separatedBy: "{{").dropFirst().compactMap {
                $0.components(separatedBy: "}}").first
            }
            detail = PromptDetail(
                prompt: prompt, variables: names.map { DiscoveredVariable(name: $0, usage: .value, isRequired: true) })
        }
        return DraftAnalysis(
            promptID: draft.promptID, generation: draft.generation, text: text, detail: detail, problem: problem)
    }

    @Test func typingMakesADraftWhoseNewVariablesJoinTheFormAtOnce() throws {
        var state = Self.editing()
        let effects = Fixtures.type(" in a {{tone}} voice", into: &state)
        let last = try #require(effects.last)
        guard case .analyzeDraft(let snapshot) = last else {
            Issue.record("typing asks for the draft's analysis: \(effects)")
            return
        }
        #expect(snapshot.template.hasSuffix("in a {{tone}} voice"))
        #expect(effects.count == " in a {{tone}} voice".count, "one analysis asked per edit (the runtime debounces)")
        _ = update(&state, .draftAnalyzed(Self.analysis(of: state, template: snapshot.template)))
        #expect(state.fields.map(\.name) == ["shop", "tone"])
        let screen = render(state).text
        #expect(screen.contains("Template: examples/tagline ● draft"), "\(screen)")
        #expect(screen.contains("editing the template"))
        #expect(screen.contains("tone"))
    }

    @Test func anOldAnalysisIsDroppedAndABrokenTagKeepsTheLastGoodForm() {
        var state = Self.editing()
        _ = Fixtures.type(" {{tone}}", into: &state)
        let stale = DraftAnalysis(
            promptID: "examples/tagline", generation: 1, text: "stale", detail: nil, problem: "stale problem")
        _ = update(&state, .draftAnalyzed(stale))
        #expect(state.draft?.problem == nil, "an analysis of an older edit is ignored")
        _ = update(&state, .draftAnalyzed(Self.analysis(of: state, template: "Write a tagline for {{shop}}. {{tone}}")))
        _ = Fixtures.type(" {{#broken", into: &state)
        _ = update(
            &state,
            .draftAnalyzed(Self.analysis(of: state, template: "", problem: "3:41 unclosed section 'broken'")))
        #expect(state.fields.map(\.name) == ["shop", "tone"], "the last good form stays usable")
        _ = update(&state, .key(.escape))
        #expect(state.templateEditor == nil)
        let screen = render(state).text
        #expect(screen.contains("✖ 3:41 unclosed section 'broken'"), "\(screen)")
    }

    @Test func aRunSendsTheDraftAndSaveWritesIt() throws {
        var state = Self.editing()
        _ = Fixtures.type("!", into: &state)
        let template = try #require(state.draft?.template)
        _ = update(&state, .draftAnalyzed(Self.analysis(of: state, template: template)))
        _ = update(&state, .key(.escape))
        state.focus = .variables
        _ = update(&state, .key(.enter))
        _ = Fixtures.type("Bloom", into: &state)
        _ = update(&state, .key(.enter))
        let run = update(&state, .key(.function(5)))
        guard case .startRun(let inputs)? = run.first else {
            Issue.record("F5 starts a run: \(run)")
            return
        }
        #expect(inputs.source?.label == "draft")
        #expect(inputs.source?.text == state.draft?.text)
        // W then s: the draft's text to its file.
        _ = update(&state, .runFinished(id: "run-1", record: Fixtures.record(status: .ok), historyWarning: nil))
        _ = update(&state, .key(.char("W")))
        let draftText = try #require(state.draft?.text)
        let save = update(&state, .key(.char("s")))
        #expect(
            save == [
                .saveDraft(.file(promptID: "examples/tagline", path: "examples/tagline.yaml", text: draftText))
            ])
        let saved = DraftSaved(
            promptID: "examples/tagline", path: "examples/tagline.yaml", text: draftText, version: 2,
            what: "saved the draft")
        let after = update(&state, .draftSaved(saved))
        #expect(after.contains(.loadPrompt(id: "examples/tagline")))
        #expect(after.contains(.discardDraftCopy(promptID: "examples/tagline")))
        #expect(state.draft == nil)
        #expect(render(state).text.contains("saved the draft to examples/tagline.yaml · version 2"))
    }

    @Test func aRunAskedForBeforeTheSpliceWaitsForIt() throws {
        var state = Self.editing()
        _ = Fixtures.type("!", into: &state)
        _ = update(&state, .key(.escape))
        #expect(update(&state, .key(.function(5))) == [], "the text on screen is not spliced yet")
        let template = try #require(state.draft?.template)
        let effects = update(&state, .draftAnalyzed(Self.analysis(of: state, template: template)))
        guard case .startRun(let inputs)? = effects.first else {
            Issue.record("the run starts once the draft is spliced: \(effects)")
            return
        }
        #expect(inputs.source?.text.contains("\(template)") == true)
    }

    @Test func chatMessagesAreAddedMovedRoledAndRemoved() throws {
        var state = Fixtures.state(rows: 30, columns: 120, promptID: "examples/translate", focus: .template)
        let count = try #require(state.detail?.prompt.messages.count)
        _ = update(&state, .key(.char("a")))
        #expect(state.draft?.messages.count == count + 1)
        #expect(state.templateEditor?.part == .message(1))
        _ = Fixtures.type("Also keep it short.", into: &state)
        _ = update(&state, .key(.escape))
        #expect(state.draft?.messages[1].content == "Also keep it short.")
        _ = update(&state, .key(.char("r")))
        let role = state.draft?.messages[1].role
        _ = update(&state, .key(.char("K")))
        #expect(state.draft?.messages[0].content == "Also keep it short.")
        #expect(state.draft?.messages[0].role == role)
        _ = update(&state, .key(.char("x")))
        #expect(state.draft?.messages.count == count)
        #expect(state.draft?.isModified == true, "the draft waits for its analysis")
    }

    @Test func aChangeOnDiskReloadsOrAsksWithADraft() {
        var state = Fixtures.state(rows: 30, columns: 120, focus: .template)
        #expect(update(&state, .promptFileChanged(id: "examples/tagline")) == [.loadPrompt(id: "examples/tagline")])
        _ = update(&state, .promptLoaded(Fixtures.detail("examples/tagline")))
        #expect(render(state).text.contains("reloaded tagline.yaml: it changed on disk"))
        _ = update(&state, .key(.enter))
        _ = Fixtures.type("!", into: &state)
        _ = update(&state, .key(.escape))
        #expect(update(&state, .promptFileChanged(id: "examples/tagline")) == [])
        #expect(state.overlay == .confirmDraft(.reload(promptID: "examples/tagline")))
        #expect(render(state).text.contains("The file changed on disk. Replace your draft with it?"))
        let answer = update(&state, .key(.char("y")))
        #expect(answer == [.discardDraftCopy(promptID: "examples/tagline"), .loadPrompt(id: "examples/tagline")])
        #expect(state.draft == nil)
    }

    @Test func aKeptDraftIsRestoredAndCheckedAgain() {
        var state = Fixtures.state(rows: 30, columns: 120, focus: .template)
        var recovered = Fixtures.detail("examples/tagline")
        recovered.prompt.template = "Write a tagline for {{shop}} {{#broken."
        let effects = update(
            &state, .draftRecovered(promptID: "examples/tagline", text: "kept text", detail: recovered))
        guard case .analyzeDraft(let snapshot)? = effects.first else {
            Issue.record("a restored draft is checked again: \(effects)")
            return
        }
        #expect(snapshot.template == "Write a tagline for {{shop}} {{#broken.")
        #expect(state.draft?.isModified == true)
        let screen = render(state).text
        #expect(screen.contains("● draft"))
        #expect(screen.contains("restored your unsaved draft of examples/tagline"))
    }

    @Test func quittingWithADraftAsksFirst() {
        var state = Self.editing()
        _ = Fixtures.type("!", into: &state)
        _ = update(&state, .key(.escape))
        state.focus = .variables
        #expect(update(&state, .key(.char("q"))) == [])
        #expect(state.overlay == .confirmDraft(.quit))
        #expect(render(state).text.contains("is not saved. Quit anyway?"))
        #expect(update(&state, .key(.char("n"))) == [])
        #expect(state.overlay == nil)
        _ = update(&state, .key(.char("q")))
        #expect(update(&state, .key(.char("y"))) == [.quit])
    }

    @Test func inCompareModeAVersionOrTheDraftBecomesAColumn() throws {
        var state = Self.editing()
        _ = Fixtures.type("!", into: &state)
        let template = try #require(state.draft?.template)
        _ = update(&state, .draftAnalyzed(Self.analysis(of: state, template: template)))
        _ = update(&state, .key(.escape))
        state.focus = .output
        _ = update(&state, .key(.char("c")))
        let before = state.compare?.columns.count ?? 0
        #expect(update(&state, .key(.char("V"))) == [.listVersions(promptID: "examples/tagline")])
        let version = VersionRow(
            number: 1, shortHash: "b87fc8db", firstSeen: "2026-12-01 21:40", runs: 2, labels: ["production"],
            isCurrent: true, source: "name: Tagline\nkind: completion\nprompt: v1\n", diff: "")
        _ = update(&state, .versionsListed(promptID: "examples/tagline", versions: [version]))
        #expect(render(state).text.contains("draft  (unsaved"), "the draft heads the list")
        _ = update(&state, .key(.down))
        _ = update(&state, .key(.enter))
        #expect(state.compare?.columns.count == before + 1)
        #expect(state.compare?.columns.last?.variant.source?.versionNumber == 1)
        _ = update(&state, .key(.char("V")))
        _ = update(&state, .versionsListed(promptID: "examples/tagline", versions: [version]))
        _ = update(&state, .key(.enter))
        #expect(state.compare?.columns.last?.variant.source?.label == "draft")
    }

    @Test func aPortkeyVersionIsPublishedAfterAsking() {
        var state = Fixtures.state(rows: 30, columns: 120)
        _ = update(&state, .key(.char("V")))
        guard case .versions(let list)? = state.overlay else {
            Issue.record("V opens the version list")
            return
        }
        let hosted = VersionRow(
            number: 3, shortHash: "", firstSeen: "2026-12-01", runs: 0, labels: ["staging"], isCurrent: false,
            source: "", diff: "", isHosted: true, note: "shorter")
        _ = update(&state, .versionsListed(promptID: list.promptID, versions: [hosted]))
        #expect(render(state).text.contains("@3    2026-12-01 · staging · shorter"))
        #expect(update(&state, .key(.char("P"))) == [])
        #expect(state.overlay == .confirmDraft(.publish(promptID: list.promptID, number: 3)))
        #expect(render(state).text.contains("Portkey's default version"))
        #expect(update(&state, .key(.char("y"))) == [.publishHostedVersion(promptID: list.promptID, number: 3)])
    }

    @Test func dComparesTheDraftAgainstTheSavedPrompt() throws {
        var state = Self.editing()
        _ = Fixtures.type("!", into: &state)
        let template = try #require(state.draft?.template)
        _ = update(&state, .draftAnalyzed(Self.analysis(of: state, template: template)))
        _ = update(&state, .key(.escape))
        state.focus = .variables
        _ = update(&state, .key(.enter))
        _ = Fixtures.type("Bloom", into: &state)
        _ = update(&state, .key(.enter))
        let effects = update(&state, .key(.char("D")))
        guard case .startComparison(_, let variants)? = effects.first else {
            Issue.record("D starts a comparison: \(effects)")
            return
        }
        #expect(variants.map { $0.source?.label } == ["saved", "draft"])
        #expect(variants[1].source?.text == state.draft?.text)
        #expect(state.isComparing)
    }
}
