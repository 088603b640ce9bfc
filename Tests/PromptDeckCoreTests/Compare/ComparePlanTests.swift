import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore

@Suite("Compare: planning and validation")
struct ComparePlanTests {
    let server: TestServer
    init() throws { server = try TestServer.shared() }

    func messages(_ body: () throws -> Void) -> [String] {
        do {
            try body()
        } catch let error as DiagnosticList {
            return error.diagnostics.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
        return []
    }

    @Test func badVariantValueNamesTheVariant() {
        let found = messages {
            let variants = try CompareFixtures.variants(["temperature=0.2", "temperature=3"])
            _ = try ComparisonPlan.prepare(
                base: CompareFixtures.inputs(), variants: variants, planner: CompareFixtures.planner(server))
        }
        #expect(found == ["--variant 2: field 'temperature': 3 is out of range (0 to 2)"])
    }

    @Test func badSweepValueAndUnknownProfileNameTheirFlags() {
        let found = messages {
            let variants = try CompareFixtures.variants(["profile=nope", "seed=1"], sweeps: ["top_p=0.5,1.5"])
            _ = try ComparisonPlan.prepare(
                base: CompareFixtures.inputs(), variants: variants, planner: CompareFixtures.planner(server))
        }
        #expect(found.count == 2)
        #expect(found.first?.hasPrefix("--variant 1: field 'profile': unknown profile 'nope'") == true)
        #expect(found.last == "--sweep 1: field 'top_p': 1.5 is out of range (0 to 1)")
    }

    @Test func problemSharedByAllVariantsIsReportedOnce() {
        var base = CompareFixtures.inputs()
        base.overrides["temperature"] = 5
        let found = messages {
            let variants = try CompareFixtures.variants(["top_p=0.5", "top_p=1", "seed=3"])
            _ = try ComparisonPlan.prepare(base: base, variants: variants, planner: CompareFixtures.planner(server))
        }
        #expect(found == ["--set: field 'temperature': 5 is out of range (0 to 2)"])
    }

    @Test func variantOverridesWinOverSharedOnesAndShareOneGroup() throws {
        var base = CompareFixtures.inputs()
        base.overrides["temperature"] = 0.7
        base.model = "shared-model"
        let variants = try CompareFixtures.variants(["temperature=0.1 model=special", "seed=4"])
        let plan = try ComparisonPlan.prepare(base: base, variants: variants, planner: CompareFixtures.planner(server))
        let first = plan.variants[0].prepared
        let second = plan.variants[1].prepared
        #expect(first.parameters["temperature"] == 0.1)
        #expect(first.request.model == "special")
        #expect(second.parameters["temperature"] == 0.7)
        #expect(second.request.model == "shared-model")
        #expect(plan.variants.allSatisfy { $0.prepared.record.groupID == plan.groupID })
        let ids = plan.variants.map(\.prepared.record.id)
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test func headersShowWhatDiffersFromTheFirstVariant() throws {
        let variants = try CompareFixtures.variants([], sweeps: ["temperature=0,1", "top_p=0.5,1"])
        let plan = try ComparisonPlan.prepare(
            base: CompareFixtures.inputs(), variants: variants, planner: CompareFixtures.planner(server))
        #expect(plan.varyingKeys == ["temperature", "top_p"])
        #expect(plan.headerSettings(at: 0).text == "temperature=0 top_p=0.5")
        #expect(plan.headerSettings(at: 1).text == "top_p=1")
        #expect(plan.headerSettings(at: 2).text == "temperature=1")
        #expect(plan.headerSettings(at: 3).text == "temperature=1 top_p=1")
    }

    @Test func differencesMarkMissingKeysUnset() {
        let base = [VariantSetting(key: "model", value: "a"), VariantSetting(key: "seed", value: "1")]
        let other = [VariantSetting(key: "model", value: "a"), VariantSetting(key: "top_p", value: "1")]
        #expect(VariantSetting.differences(other, from: base).text == "seed=unset top_p=1")
        #expect(VariantSetting.differences(base, from: base).isEmpty)
    }

    @Test func nothingToCompareIsAnError() {
        let found = messages {
            _ = try ComparisonPlan.prepare(
                base: CompareFixtures.inputs(), variants: [], planner: CompareFixtures.planner(server))
        }
        #expect(found == ["--variant: nothing to compare: give --variant or --sweep"])
    }
}
