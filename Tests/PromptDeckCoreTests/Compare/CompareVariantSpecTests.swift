import Testing

@testable import PromptDeckCore

@Suite("Compare: variant and sweep parsing")
struct CompareVariantSpecTests {
    @Test func variantWithParametersModelAndProfile() throws {
        let variants = try CompareFixtures.variants(["temperature=1 model=m profile=p", "temperature=0.2"])
        #expect(variants.count == 2)
        #expect(variants[0].overrides == ["temperature": 1])
        #expect(variants[0].model == "m")
        #expect(variants[0].profileName == "p")
        #expect(variants[0].label == "#1")
        #expect(variants[0].specText == "temperature=1 model=m profile=p")
        #expect(variants[1].overrides == ["temperature": 0.2])
        #expect(variants[1].model == nil)
        #expect(variants[1].origins["temperature"] == "--variant 2")
    }

    @Test func valuesParseLikeSetWithQuotesAndBrackets() throws {
        let spec = try VariantSpecParser.parseVariant(
            #"stop=["a b","c"] seed=7 user="x y" suffix='1.5' logprobs=true"#, origin: "--variant 1")
        let values = Dictionary(uniqueKeysWithValues: spec.assignments.map { ($0.key, $0.value) })
        #expect(values["stop"] == ["a b", "c"])
        #expect(values["seed"] == 7)
        #expect(values["user"] == "x y")
        #expect(values["suffix"] == "1.5")
        #expect(values["logprobs"] == true)
    }

    @Test func emptyVariantIsTheBaseline() throws {
        let variants = try CompareFixtures.variants(["", "temperature=1"])
        #expect(variants[0].overrides.isEmpty)
        #expect(variants[0].specText == "")
    }

    @Test func sweepMakesOneVariantPerValue() throws {
        let variants = try CompareFixtures.variants([], sweeps: ["temperature=0,0.5,1"])
        #expect(variants.map(\.overrides) == [["temperature": 0], ["temperature": 0.5], ["temperature": 1]])
        #expect(variants.map(\.label) == ["#1", "#2", "#3"])
        #expect(variants[2].origins["temperature"] == "--sweep 1")
    }

    @Test func twoSweepsMakeAGridFirstSweepSlowest() throws {
        let variants = try CompareFixtures.variants([], sweeps: ["temperature=0,1", "top_p=0.5,1"])
        #expect(
            variants.map(\.specText) == [
                "temperature=0 top_p=0.5", "temperature=0 top_p=1", "temperature=1 top_p=0.5", "temperature=1 top_p=1",
            ])
    }

    @Test func integerRangesExpand() throws {
        let variants = try CompareFixtures.variants([], sweeps: ["seed=1..4"])
        #expect(variants.map { $0.overrides["seed"] } == [1, 2, 3, 4])
        let mixed = try CompareFixtures.variants([], sweeps: ["seed=1..2,10"])
        #expect(mixed.map { $0.overrides["seed"] } == [1, 2, 10])
    }

    @Test func sweepOverModelsAndVariantsTimesSweeps() throws {
        let models = try CompareFixtures.variants([], sweeps: ["model=a,b"])
        #expect(models.map(\.model) == ["a", "b"])
        let crossed = try CompareFixtures.variants(["profile=x", "profile=y"], sweeps: ["temperature=0,1"])
        #expect(
            crossed.map(\.specText) == [
                "profile=x temperature=0", "profile=x temperature=1", "profile=y temperature=0",
                "profile=y temperature=1",
            ])
    }

    @Test func repeatRunsEachVariantNTimesInARow() throws {
        let variants = try CompareFixtures.variants(["temperature=0", "temperature=1"], repeatCount: 3)
        #expect(variants.map(\.label) == ["#1.1", "#1.2", "#1.3", "#2.1", "#2.2", "#2.3"])
        #expect(variants.map(\.position) == Array(0..<6))
        #expect(variants[4].overrides == ["temperature": 1])
    }

    @Test(arguments: [
        ("temperature", "--variant 1: expected key=value, got 'temperature'"),
        ("=3", "--variant 1: expected key=value, got '=3'"),
        ("temperature=1 temperature=2", "--variant 1: field 'temperature': is given twice"),
        ("te$mp=1", "--variant 1: 'te$mp' is not a parameter name"),
    ])
    func badVariantsNameTheirFlag(text: String, message: String) {
        #expect(throws: Diagnostic.self) { try VariantSpecParser.parseVariant(text, origin: "--variant 1") }
        do {
            _ = try VariantSpecParser.parseVariant(text, origin: "--variant 1")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(arguments: [
        ("temperature", "--sweep 2: expected key=value1,value2,..., got 'temperature'"),
        ("temperature=0,,1", "--sweep 2: field 'temperature': has an empty value in its list"),
        ("seed=4..1", "--sweep 2: field 'seed': range 4..1 is empty (write the smaller number first)"),
        ("seed=1..100000", "--sweep 2: field 'seed': range 1..100000 has more than 256 values"),
    ])
    func badSweepsNameTheirFlag(text: String, message: String) {
        do {
            _ = try VariantSpecParser.parseSweep(text, origin: "--sweep 2")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func sameKeySweptTwiceAndTooManyRunsAreRefused() throws {
        #expect(throws: Diagnostic(file: "--sweep 2", field: "temperature", message: "is already swept by --sweep 1")) {
            try CompareFixtures.variants([], sweeps: ["temperature=0,1", "temperature=2"])
        }
        #expect(throws: Diagnostic(file: "--sweep 2", message: "this comparison would make 400 runs (at most 256)")) {
            try CompareFixtures.variants([], sweeps: ["seed=1..20", "n=1..20"])
        }
    }
}
