import ArgumentParser
import PromptDeckCore

/// `--variant` and `--sweep`, as `compare` and `eval` take them.
struct VariantOptions: ParsableArguments {
    @Option(
        name: .customLong("variant"),
        help: ArgumentHelp("A variant: 'key=value ...' (repeatable).", valueName: "overrides"))
    var variants: [String] = []

    @Option(
        name: .customLong("sweep"),
        help: ArgumentHelp(
            "One variant per value: key=v1,v2 or key=a..b (repeatable: a grid).", valueName: "key=values"))
    var sweeps: [String] = []

    /// Whether neither was given.
    var isEmpty: Bool { variants.isEmpty && sweeps.isEmpty }

    /// The parsed variants and sweep axes; each bad one adds its problem (naming `--variant N` or `--sweep N`).
    func parse(problems: inout [Diagnostic]) -> (specs: [VariantSpec], axes: [SweepAxis]) {
        var specs: [VariantSpec] = []
        for (index, text) in variants.enumerated() {
            do { specs.append(try VariantSpecParser.parseVariant(text, origin: "--variant \(index + 1)")) } catch {
                problems.append(error)
            }
        }
        var axes: [SweepAxis] = []
        for (index, text) in sweeps.enumerated() {
            do { axes.append(try VariantSpecParser.parseSweep(text, origin: "--sweep \(index + 1)")) } catch {
                problems.append(error)
            }
        }
        return (specs, axes)
    }
}
