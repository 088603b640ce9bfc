import Foundation
import Testing

/// Replays every committed fuzz input (seed corpora and the inputs of crashes found and fixed) through the
/// fuzz targets' own entry functions, so the normal suite keeps what fuzzing found fixed.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// `Tests/Fuzz`, found from this file: the inputs are not a resource of the test target.
    static let fuzzFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    struct Input: CustomTestStringConvertible, Sendable {
        var target: String
        var path: String
        var testDescription: String { "\(target): \(path)" }
    }

    /// Every file under `Tests/Fuzz/corpus/<target>` and `Tests/Fuzz/regressions/<target>`.
    static let inputs: [Input] = FuzzEntries.targets.flatMap { target in
        ["corpus", "regressions"].flatMap { kind in
            let folder = fuzzFolder.appendingPathComponent("\(kind)/\(target)").path
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map {
                Input(target: target, path: "\(kind)/\(target)/\($0)")
            }
        }
    }

    @Test func everyTargetHasSeedInputs() {
        for target in FuzzEntries.targets {
            #expect(
                Self.inputs.contains { $0.target == target && $0.path.hasPrefix("corpus/") }, "no seeds for \(target)")
        }
    }

    @Test(arguments: FuzzRegressionTests.inputs)
    func inputRunsCleanly(_ input: Input) throws {
        let data = try Data(contentsOf: Self.fuzzFolder.appendingPathComponent(input.path))
        let problems = FuzzEntries.run(input.target, Array(data))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
