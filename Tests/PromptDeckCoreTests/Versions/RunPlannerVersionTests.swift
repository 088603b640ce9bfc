import Foundation
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore

@Suite("RunPlanner: recorded versions and drafts instead of the file")
struct RunPlannerVersionTests {
    static let id = "examples/tagline"
    static let variables: [String: JSONValue] = ["shop": "Bloom"]

    /// A planner over the bundled examples whose history holds one older version of the tagline.
    static func planner(_ folder: TemporaryFolder) throws -> (RunPlanner, current: String) {
        let store = try HistoryStore.open(path: folder.historyFile)
        let current = try PromptLibrary(directory: nil).currentContent(of: id)
        try #require(current.source.contains("Write a tagline"))
        let old = current.source.replacingOccurrences(of: "Write a tagline", with: "Write an old tagline")
        try store.recordVersion(promptID: id, source: old, partials: current.partials)
        var planner = CompareFixtures.planner(try TestServer.shared())
        planner.versions = store
        return (planner, current.source)
    }

    @Test("a version runs its recorded text; a draft runs the unsaved text; each says what it is")
    func versionAndDraft() throws {
        let folder = TemporaryFolder()
        let (planner, current) = try Self.planner(folder)
        let version = try planner.prepare(RunInputs(promptID: Self.id, variables: Self.variables, version: .number(1)))
        #expect(version.record.renderedPrompt.hasPrefix("Write an old tagline for Bloom"))
        #expect(version.versionLabel == "1" && version.record.versionNumber == 1)
        #expect(version.record.templateSource.contains("Write an old tagline"))
        let draftText = current.replacingOccurrences(of: "Write a tagline", with: "Draft a tagline")
        let draft = try planner.prepare(
            RunInputs(promptID: Self.id, variables: Self.variables, source: .draft(draftText, promptID: Self.id)))
        #expect(draft.record.renderedPrompt.hasPrefix("Draft a tagline for Bloom"))
        #expect(draft.versionLabel == "draft" && draft.record.versionNumber == nil)
        #expect(draft.record.templateSource == draftText)
        let file = try planner.prepare(RunInputs(promptID: Self.id, variables: Self.variables))
        #expect(file.record.renderedPrompt.hasPrefix("Write a tagline for Bloom") && file.versionLabel == nil)
    }

    @Test("a draft that does not parse names itself; a missing version lists the versions; no history says so")
    func problems() throws {
        let folder = TemporaryFolder()
        let (planner, _) = try Self.planner(folder)
        #expect {
            try planner.prepare(
                RunInputs(promptID: Self.id, source: .draft("kind: sideways\n", promptID: Self.id)))
        } throws: { error in
            (error as? DiagnosticList)?.diagnostics.first?.file == "examples/tagline.yaml (draft)"
        }
        #expect {
            try planner.prepare(RunInputs(promptID: Self.id, variables: Self.variables, version: .number(4)))
        } throws: { error in
            "\(error)" == "examples/tagline@4: no such version (examples/tagline has version 1)"
        }
        var noHistory = planner
        noHistory.versions = nil
        #expect {
            try noHistory.prepare(RunInputs(promptID: Self.id, variables: Self.variables, version: .latest))
        } throws: { error in
            "\(error)" == "examples/tagline@latest: prompt versions need the history, which is off"
        }
    }

    @Test("compare columns choose a version or a draft; headers name each column's version")
    func compareHeaders() throws {
        let folder = TemporaryFolder()
        let (planner, current) = try Self.planner(folder)
        let draft = PromptSource.draft(current + "\n", promptID: Self.id)
        let plan = try ComparisonPlan.prepare(
            base: RunInputs(promptID: Self.id, variables: Self.variables),
            variants: [
                ComparisonVariant(position: 0, number: 1),
                ComparisonVariant(position: 1, number: 2, version: .number(1)),
                ComparisonVariant(position: 2, number: 3, source: draft),
            ], planner: planner)
        #expect(plan.varyingKeys == ["version"])
        #expect(plan.headerSettings(at: 0) == [VariantSetting(key: "version", value: "file")])
        #expect(plan.headerSettings(at: 1) == [VariantSetting(key: "version", value: "1")])
        #expect(plan.headerSettings(at: 2) == [VariantSetting(key: "version", value: "draft")])
        #expect(plan.variants[1].prepared.record.renderedPrompt.hasPrefix("Write an old tagline"))
        // The sweep form the CLI builds, with a label.
        try HistoryStore.open(path: folder.historyFile).setLabel("production", promptID: Self.id, number: 1)
        let swept = try ComparisonPlan.prepare(
            base: RunInputs(promptID: Self.id, variables: Self.variables),
            variants: try CompareFixtures.variants([], sweeps: ["version=1,production"]), planner: planner)
        #expect(swept.variants.map { $0.settings.first { $0.key == "version" }?.value } == ["1", "production (1)"])
    }
}
