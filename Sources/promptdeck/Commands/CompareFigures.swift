import Foundation
import PromptDeckCore

/// A variant's figures as short texts, the same in columns, tables and markdown.
extension VariantState {
    var ttftText: String { timeToFirstTokenMs.map { "\($0) ms" } ?? "–" }
    var rateText: String { tokensPerSecond.map { String(format: "%.1f tok/s", $0) } ?? "–" }
    var tokensText: String { "\(completionTokensText) tokens" }
    var durationText: String { durationMs.map(ComparisonSummary.seconds) ?? "–" }
    var finishText: String { finishReason ?? "–" }

    /// Every choice's output; with several choices, each under a `── choice k ──` line.
    var fullOutput: String {
        guard outputs.count > 1 else { return output }
        return outputs.keys.sorted().map { "── choice \($0 + 1) ──\n" + (outputs[$0] ?? "") }.joined(separator: "\n")
    }

    /// The first non-blank line of the output.
    var firstLine: String {
        output.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
    }

    /// `#2 temperature=0.5`
    func heading(_ settings: [VariantSetting]) -> String {
        settings.isEmpty ? variant.label : variant.label + " " + settings.text
    }
}
