import Foundation

/// A comparison rebuilt from history: its runs in variant order, as variant states a UI can show
/// and as variants that can be run again.
public struct ReopenedComparison: Sendable, Equatable {
    public var groupID: String
    public var promptID: String
    /// The template variables of the first run (a comparison shares them).
    public var variables: [String: JSONValue]
    /// One finished state per run, in the order the variants were given.
    public var variants: [VariantState]

    /// The settings whose values differ between runs.
    public var varyingKeys: [String] { VariantSetting.varyingKeys(variants.map(\.settings)) }

    /// The records as they are in history, in variant order.
    public var records: [RunRecord] { variants.compactMap(\.record) }

    /// Runs with identical settings next to each other count as repeats of one variant; each variant's
    /// overrides are the settings that vary across the group.
    public init(groupID: String, records: [RunRecord]) {
        self.groupID = groupID
        // A comparison's run ids are spaced a millisecond apart in variant order (see `ComparisonPlan`).
        let ordered = records.sorted { $0.id < $1.id }
        promptID = ordered.first?.promptID ?? ""
        variables = ordered.first?.variables.objectValue ?? [:]
        let settings = ordered.map { VariantSetting.settings(of: $0) }
        let varying = VariantSetting.varyingKeys(settings)
        var groups: [(settings: [VariantSetting], records: [RunRecord])] = []
        for (record, recordSettings) in zip(ordered, settings) {
            // Recorded labels say which runs were repeats; without them (older files), identical
            // neighbours count as repeats.
            let sameColumn: Bool
            if let label = record.variantLabel, let previous = groups.last?.records.last?.variantLabel {
                sameColumn = Self.column(of: label) == Self.column(of: previous)
            } else {
                sameColumn = groups.last?.settings == recordSettings
            }
            if sameColumn, !groups.isEmpty {
                groups[groups.count - 1].records.append(record)
            } else {
                groups.append((recordSettings, [record]))
            }
        }
        var states: [VariantState] = []
        for (number, group) in groups.enumerated() {
            for (repetition, record) in group.records.enumerated() {
                var variant = ComparisonVariant(
                    position: states.count, number: number + 1, repetition: repetition + 1,
                    repeatCount: group.records.count)
                let parameters = record.parameters.objectValue ?? [:]
                for key in varying {
                    switch key {
                    case "model": variant.model = record.model
                    case "profile": variant.profileName = record.profileName
                    case "version": variant.version = record.versionNumber.map { .number($0) }
                    default: variant.overrides[key] = parameters[key] ?? .null
                    }
                }
                variant.specText = VariantSetting.values(of: group.settings, for: varying).text
                var state = VariantState(variant: variant, record: record)
                state.finishOrder = nil
                states.append(state)
            }
        }
        variants = states
    }

    /// The column part of a label: `#3` of `#3.2`.
    static func column(of label: String) -> Substring {
        label.split(separator: ".", maxSplits: 1).first ?? Substring(label)
    }
}

extension HistoryStore {
    /// How many runs one reopened comparison may hold.
    static let comparisonRunLimit = 1000

    /// The comparison with this group id, or the one the run with this id (or id prefix) belongs to.
    public func comparison(matching groupOrRunPrefix: String) throws(ComparisonError) -> ReopenedComparison {
        do {
            return try reopenComparison(groupOrRunPrefix.lowercased())
        } catch let error as ComparisonError {
            throw error
        } catch let error as HistoryError {
            throw .history(error)
        } catch {
            throw .history(.database(path: path, message: "\(error)"))
        }
    }

    private func reopenComparison(_ text: String) throws -> ReopenedComparison {
        var groupID = text
        var summaries = try list(filter: HistoryFilter(groupID: text), limit: Self.comparisonRunLimit)
        if summaries.isEmpty {
            // A shown group id is often cut short: any prefix that names one group is that group.
            let groups = try groupIDs(prefix: text)
            if groups.count > 1 { throw ComparisonError.ambiguousGroup(prefix: text, matches: groups) }
            if let group = groups.first {
                groupID = group
                summaries = try list(filter: HistoryFilter(groupID: group), limit: Self.comparisonRunLimit)
            }
        }
        if summaries.isEmpty {
            let run = try run(prefix: text)
            guard let group = run.groupID else {
                throw ComparisonError.notAComparison(runID: run.id)
            }
            groupID = group
            summaries = try list(filter: HistoryFilter(groupID: group), limit: Self.comparisonRunLimit)
        }
        var records: [RunRecord] = []
        for summary in summaries { records.append(try run(prefix: summary.id)) }
        return ReopenedComparison(groupID: groupID, records: records)
    }
}
