import Foundation
import PromptDeckTestSupport

@testable import PromptDeckCore

/// Planners and runs against the local test server for the comparison tests.
enum CompareFixtures {
    /// A planner whose default profile `local` is the test server's `scenario`; `extraProfiles` maps
    /// more profile names to scenarios.
    static func planner(
        _ server: TestServer, scenario: String = "ok", extraProfiles: [String: String] = [:]
    ) -> RunPlanner {
        var profiles = [
            Profile(name: "local", type: .openai, baseURL: server.baseURL(scenario: scenario), model: "test-model")
        ]
        for (name, scenario) in extraProfiles.sorted(by: { $0.key < $1.key }) {
            profiles.append(
                Profile(name: name, type: .openai, baseURL: server.baseURL(scenario: scenario), model: "test-model"))
        }
        let configuration = Configuration(profiles: profiles, defaultProfileName: "local", file: nil, warnings: [])
        return RunPlanner(library: PromptLibrary(directory: nil), configuration: configuration, environment: [:])
    }

    /// The tagline example with a shop, streamed, with `max_tokens` kept small.
    static func inputs(maxTokens: Int = 3) -> RunInputs {
        RunInputs(
            promptID: "examples/tagline", variables: ["shop": "Bloom, a flower shop"],
            overrides: ["max_tokens": .int(maxTokens)], stream: true)
    }

    /// Variants from `--variant` texts (and sweeps), as the CLI builds them.
    static func variants(_ specs: [String], sweeps: [String] = [], repeatCount: Int = 1) throws -> [ComparisonVariant] {
        let parsed = try specs.enumerated().map {
            try VariantSpecParser.parseVariant($1, origin: "--variant \($0 + 1)")
        }
        let axes = try sweeps.enumerated().map { try VariantSpecParser.parseSweep($1, origin: "--sweep \($0 + 1)") }
        return try VariantSpecParser.expand(variants: parsed, sweeps: axes, repeatCount: repeatCount)
    }

    /// Runs a comparison to the end.
    static func run(
        _ plan: ComparisonPlan, recorder: RunRecorder = DiscardingRecorder(), concurrency: Int? = nil,
        observer: ComparisonObserver? = nil
    ) -> ComparisonSnapshot {
        let comparison = Comparison(
            plan: plan, transports: TransportRegistry(environment: [:]), recorder: recorder,
            options: TransferOptions(totalTimeout: 30), concurrency: concurrency, observer: observer)
        comparison.start()
        return comparison.waitUntilFinished()
    }
}

/// A temporary folder removed when the value goes away.
final class CompareTemporaryFolder {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "promptdeck-compare-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

extension Duration {
    /// Milliseconds, for printing and comparing.
    var compareMilliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
