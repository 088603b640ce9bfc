import Foundation
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore

/// `max_concurrency:` against a server that serves one request at a time and cuts a stream when another
/// arrives (the test server's `one-slot` scenario, like llama-cpp-python).
@Suite("Compare: per-profile concurrency", .serialized)
struct CompareProfileConcurrencyTests {
    private func run(maxConcurrency: Int?) throws -> ComparisonSnapshot {
        let server = try TestServer.shared()
        var profile = Profile(
            name: "llama", type: .openai, baseURL: server.baseURL(scenario: "one-slot-compare"), model: "test-model")
        profile.maxConcurrency = maxConcurrency
        let configuration = Configuration(profiles: [profile], defaultProfileName: "llama", file: nil, warnings: [])
        let planner = RunPlanner(library: PromptLibrary(directory: nil), configuration: configuration, environment: [:])
        let variants = (0..<3).map { index in
            ComparisonVariant(
                position: index, number: index + 1, overrides: ["temperature": .number(Double(index) / 2)])
        }
        let plan = try ComparisonPlan.prepare(
            base: RunInputs(
                promptID: "examples/tagline", variables: ["shop": "Bloom"], overrides: ["max_tokens": .int(4)],
                stream: true),
            variants: variants, planner: planner)
        let comparison = Comparison(plan: plan, transports: TransportRegistry(), recorder: DiscardingRecorder())
        comparison.start()
        return comparison.waitUntilFinished()
    }

    @Test func maxConcurrencyOneRunsEveryVariantToTheEnd() throws {
        let snapshot = try run(maxConcurrency: 1)
        #expect(snapshot.variants.map(\.status) == [.ok, .ok, .ok], "\(snapshot.variants.map(\.errorMessage))")
    }

    @Test func withoutItTheCutStreamsSayWhyAndWhatToSet() throws {
        let snapshot = try run(maxConcurrency: nil)
        let failed = snapshot.variants.filter { $0.status != .ok }
        #expect(!failed.isEmpty, "a one-slot server cuts all but the newest stream")
        for variant in failed {
            #expect(variant.errorMessage?.contains("max_concurrency: 1") ?? false, "\(variant.errorMessage ?? "")")
        }
    }

    @Test func theProfileKeyIsReadAndChecked() throws {
        let good = try Configuration.parse(
            text:
                "profiles:\n  llama:\n    type: openai\n    base_url: http://127.0.0.1:8080/v1\n    max_concurrency: 1\n",
            file: "config.yaml")
        #expect(good.profile(named: "llama")?.maxConcurrency == 1)
        #expect(throws: DiagnosticList.self) {
            try Configuration.parse(
                text:
                    "profiles:\n  llama:\n    type: openai\n    base_url: http://127.0.0.1:8080/v1\n    max_concurrency: 0\n",
                file: "config.yaml")
        }
    }
}
