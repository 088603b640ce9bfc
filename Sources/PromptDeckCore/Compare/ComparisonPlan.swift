import Foundation

/// One variant ready to run: its overrides and its prepared request (history record included).
public struct PlannedVariant: Sendable {
    public var variant: ComparisonVariant
    public var prepared: PreparedRun
    /// The run's effective settings (model, profile, parameters).
    public var settings: [VariantSetting]
}

/// A validated comparison: every variant prepared, all sharing one group id. Nothing has been sent.
public struct ComparisonPlan: Sendable {
    /// The history group id every run of the comparison carries.
    public var groupID: String
    public var promptID: String
    public var variants: [PlannedVariant]
    /// Warnings from loading and rendering, each reported once.
    public var warnings: [Diagnostic]

    /// Prepares every variant of `base`; all problems are reported together, each naming the flag
    /// (`--variant 2`, `--sweep 1`) that caused it, and a problem shared by all variants only once.
    public static func prepare(
        base: RunInputs, variants: [ComparisonVariant], planner: RunPlanner, requireKeys: Bool = true,
        groupID: String = HistoryStore.newRunID(), startDate: Date = Date()
    ) throws(DiagnosticList) -> ComparisonPlan {
        guard !variants.isEmpty else {
            throw DiagnosticList([
                Diagnostic(file: "--variant", message: "nothing to compare: give --variant or --sweep")
            ])
        }
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var planned: [PlannedVariant] = []
        // Columns of one text share one parse; the file is loaded only when some column runs it.
        var loads: [(source: PromptSource?, version: PromptVersionSelector?, result: LoadResult)] = []
        let namesVersions = variants.contains { $0.version != nil || $0.source != nil }
        var promptID = base.promptID
        for variant in variants {
            var inputs = variant.apply(to: base)
            inputs.groupID = groupID
            let result: LoadResult
            if let cached = loads.first(where: { $0.source == inputs.source && $0.version == inputs.version }) {
                result = cached.result
            } else {
                do { result = .loaded(try planner.loadPrompt(for: inputs)) } catch { result = .failed(error) }
                loads.append((inputs.source, inputs.version, result))
            }
            do {
                let loaded = try result.get()
                promptID = loaded.prompt.id
                var prepared = try planner.prepare(
                    inputs, prompt: loaded.prompt, warnings: loaded.warnings, partials: loaded.source?.partials,
                    requireKeys: requireKeys)
                // Ids sort by time: spacing them a millisecond apart makes history list the variants in order.
                prepared.record.id = HistoryStore.newRunID(
                    date: startDate.addingTimeInterval(Double(variant.position) / 1000))
                prepared.record.variantLabel = variant.label
                prepared.versionLabel = loaded.source?.label
                prepared.record.versionNumber =
                    loaded.source?.versionNumber ?? planner.existingVersionNumber(of: prepared.record)
                // Beside columns that name a version, one running the file says which version the file is.
                let version =
                    prepared.versionLabel ?? prepared.record.versionNumber.map(String.init)
                    ?? (namesVersions ? "file" : nil)
                planned.append(
                    PlannedVariant(
                        variant: variant, prepared: prepared,
                        settings: VariantSetting.settings(of: prepared.record, version: version)))
                appendUnique(prepared.warnings, to: &warnings)
            } catch {
                appendUnique(error.diagnostics.map { attribute($0, to: variant) }, to: &problems)
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return ComparisonPlan(groupID: groupID, promptID: promptID, variants: planned, warnings: warnings)
    }

    /// The settings whose values differ between variants (what headers show).
    public var varyingKeys: [String] { VariantSetting.varyingKeys(variants.map(\.settings)) }

    /// What a variant's header shows: for the first, its values of the varying keys; for the others,
    /// what differs from the first.
    public func headerSettings(at position: Int) -> [VariantSetting] {
        guard variants.indices.contains(position), let first = variants.first else { return [] }
        if position == 0 { return VariantSetting.values(of: first.settings, for: varyingKeys) }
        return VariantSetting.differences(variants[position].settings, from: first.settings)
    }

    /// A problem with a key the variant set is that variant's: it names `--variant N` instead of `--set`.
    static func attribute(_ diagnostic: Diagnostic, to variant: ComparisonVariant) -> Diagnostic {
        guard let field = diagnostic.field, let origin = variant.origins[field], !origin.isEmpty else {
            return diagnostic
        }
        var attributed = diagnostic
        attributed.file = origin
        attributed.line = nil
        attributed.column = nil
        return attributed
    }

    /// A variant's prompt, loaded once per distinct text.
    enum LoadResult {
        case loaded(RunPlanner.LoadedSource)
        case failed(DiagnosticList)

        func get() throws(DiagnosticList) -> RunPlanner.LoadedSource {
            switch self {
            case .loaded(let loaded): return loaded
            case .failed(let error): throw error
            }
        }
    }

    private static func appendUnique(_ diagnostics: [Diagnostic], to list: inout [Diagnostic]) {
        for diagnostic in diagnostics where !list.contains(diagnostic) { list.append(diagnostic) }
    }
}
