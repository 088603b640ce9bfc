import PromptDeckCore

extension AppState {
    /// A comparison's answers (nil: not one of them).
    mutating func receiveComparisonMessage(_ msg: Msg) -> [Effect]? {
        switch msg {
        case .comparisonStarted(let groupID, let at, let warnings):
            return receiveComparisonStart(groupID: groupID, at: at, warnings: warnings)
        case .comparisonFailedToStart(let message): receiveComparisonFailure(message)
        case .comparisonUpdated(let frame): receiveComparisonFrame(frame, finished: false, historyWarning: nil)
        case .comparisonFinished(let frame, let historyWarning):
            receiveComparisonFrame(frame, finished: true, historyWarning: historyWarning)
        case .comparisonReopened(let reopened): return receiveReopened(reopened)
        case .comparisonsListed(let listings):
            if case .reopen(var form)? = overlay {
                form.recent = listings.map { listing in
                    var safe = listing
                    safe.promptID = TerminalSafeText.make(listing.promptID)
                    return safe
                }
                overlay = .reopen(form)
            }
        case .comparisonFailedToReopen(let message):
            statusMessage = StatusMessage(.error, "reopen: " + TerminalSafeText.make(message))
        default: return nil
        }
        return []
    }

    /// The runtime started the comparison: cancels asked for meanwhile go out now.
    mutating func receiveComparisonStart(groupID: String, at: Double, warnings: [String]) -> [Effect] {
        guard var compare, compare.phase == .starting else { return [] }
        compare.groupID = groupID
        compare.phase = .running
        compare.now = max(compare.now, at)
        compare.frameAt = at
        var effects: [Effect] = []
        if compare.cancelAllRequested {
            effects = [.cancelComparison]
        } else {
            effects = compare.pendingCancels.sorted().map { .cancelVariant(position: $0) }
        }
        compare.pendingCancels = []
        compare.cancelAllRequested = false
        self.compare = compare
        if let warning = warnings.first { statusMessage = StatusMessage(.warning, TerminalSafeText.make(warning)) }
        return effects
    }

    mutating func receiveComparisonFailure(_ message: String) {
        guard compare?.phase == .starting else { return }
        compare?.phase = .idle
        let lines = message.split(separator: "\n").map(String.init)
        statusMessage = StatusMessage(.error, TerminalSafeText.make(lines.joined(separator: " · ")))
    }

    /// Streamed text and timings arrived (or the comparison is over).
    mutating func receiveComparisonFrame(_ frame: ComparisonFrame, finished: Bool, historyWarning: String?) {
        guard var compare, compare.receive(frame) else { return }
        if finished {
            compare.phase = .finished
            let summary = ComparisonSummary(variants: compare.results)
            statusMessage = StatusMessage(
                summary.failed > 0 ? .warning : .info,
                "compared: \(summary.succeeded) ok"
                    + (summary.failed > 0 ? ", \(summary.failed) failed" : "")
                    + (summary.cancelled > 0 ? ", \(summary.cancelled) cancelled" : "")
                    + " · group \(String(frame.groupID.prefix(12)))")
            if let historyWarning {
                statusMessage = StatusMessage(
                    .warning, "history: \(TerminalSafeText.make(historyWarning)); some runs not recorded")
            }
        }
        compare.refreshDiffs(at: frame.at, force: finished)
        self.compare = compare
    }

    /// A comparison from history becomes the columns (finished), with its prompt and variables.
    mutating func receiveReopened(_ reopened: ReopenedComparison) -> [Effect] {
        let layout = CompareLayout(size: size, count: reopened.variants.count)
        var restored = CompareState(variants: reopened.variants.map(\.variant), textWidth: layout.textWidth)
        restored.groupID = reopened.groupID
        restored.phase = .finished
        for (index, state) in reopened.variants.enumerated() {
            restored.columns[index].receive(state, elapsedMs: state.durationMs)
        }
        if history != nil { closeHistory() }
        if isComparing { leaveComparison() }
        showComparison(restored)
        statusMessage = StatusMessage(
            .info, "reopened group \(String(reopened.groupID.prefix(12))): \(reopened.variants.count) runs")
        guard detail?.prompt.id != reopened.promptID else {
            applyVariables(reopened.variables)
            return []
        }
        compare?.pendingVariables = reopened.variables
        pointPromptList(at: reopened.promptID)
        return [.loadPrompt(id: reopened.promptID)]
    }

    /// Puts a reopened comparison's variables into the form, once its prompt is the one shown.
    mutating func applyPendingComparisonVariables() {
        guard let variables = compare?.pendingVariables else { return }
        compare?.pendingVariables = nil
        applyVariables(variables)
    }

    mutating func applyVariables(_ variables: [String: JSONValue]) {
        for index in fields.indices {
            if let value = variables[fields[index].name] {
                fields[index].value = FormField.text(of: value, kind: fields[index].kind)
            }
        }
        if let id = detail?.prompt.id { savedFields[id] = fields }
    }

    /// Each column's settings for its header: what it ran with, or (before a run, or once edited) what
    /// it would run with now.
    public func columnSettings() -> [[VariantSetting]] {
        guard let compare else { return [] }
        let ran = compare.columns.allSatisfy { $0.result != nil && !$0.isEdited }
        return compare.columns.map { column in
            if ran, let result = column.result { return result.settings }
            return projectedSettings(column.variant)
        }
    }

    /// The header of each column: column 1's values of what varies; the others' differences from column 1.
    public func columnHeaders() -> [[VariantSetting]] {
        let settings = columnSettings()
        guard let first = settings.first else { return [] }
        let varying = VariantSetting.varyingKeys(settings)
        return settings.enumerated().map { index, mine in
            index == 0 ? VariantSetting.values(of: first, for: varying) : VariantSetting.differences(mine, from: first)
        }
    }

    /// The settings a variant would run with: model, profile and parameters, layered as a run layers them.
    func projectedSettings(_ variant: ComparisonVariant) -> [VariantSetting] {
        let profileName = variant.profileName ?? profileOverride ?? detail?.prompt.profile ?? defaultProfileName
        let profile = profiles.first { $0.name == profileName }
        let model = variant.model ?? modelOverride ?? detail?.prompt.model ?? profile?.model ?? ""
        var parameters = detail?.prompt.parameters ?? [:]
        parameters.merge(profile?.defaults ?? [:]) { _, new in new }
        parameters.merge(detail.flatMap { overrides[$0.prompt.id] } ?? [:]) { _, new in new }
        parameters.merge(variant.overrides) { _, new in new }
        var settings = [VariantSetting(key: "model", value: model), VariantSetting(key: "profile", value: profileName)]
        for name in parameters.keys.sorted() where name != "stream" {
            guard let value = parameters[name] else { continue }
            settings.append(VariantSetting(key: name, value: value.stringValue ?? value.serialized()))
        }
        return settings
    }
}
