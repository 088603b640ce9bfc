import Foundation

/// What a UI shows for one variant, live: status, timings, tokens and the output so far.
public struct VariantState: Sendable, Equatable {
    public var variant: ComparisonVariant
    /// The run's effective settings (model, profile, parameters).
    public var settings: [VariantSetting]
    public var runID: String
    public var status: VariantStatus
    public var httpStatus: Int?
    public var timeToFirstTokenMs: Int?
    public var durationMs: Int?
    /// Non-empty text deltas seen (the token estimate when the server reports no usage).
    public var deltaCount: Int
    public var usage: Usage?
    /// Output per choice so far.
    public var outputs: [Int: String]
    public var finishReasons: [Int: String]
    /// `x-portkey-cache-status`, when the gateway sent one.
    public var cacheStatus: String?
    public var errorMessage: String?
    /// 1 for the first variant to finish, 2 for the next...
    public var finishOrder: Int?
    /// The final record, once the run is over (nil for a variant cancelled before it started).
    public var record: RunRecord?
    /// When the request was sent.
    public var startedAt: ContinuousClock.Instant?
    /// The last attempt the server turned away, while the run waits to send it again (nil once answered).
    public var retrying: RunAttempt?
    /// The retries the variant's profile allows (`retries:`).
    public var retries = 0

    public init(variant: ComparisonVariant, settings: [VariantSetting], runID: String) {
        self.variant = variant
        self.settings = settings
        self.runID = runID
        status = .pending
        deltaCount = 0
        outputs = [:]
        finishReasons = [:]
    }

    /// A finished variant rebuilt from its history record.
    public init(variant: ComparisonVariant, record: RunRecord) {
        self.init(variant: variant, settings: VariantSetting.settings(of: record), runID: record.id)
        finish(with: record)
        deltaCount = record.outputs.values.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) }
    }

    /// Choice 0's output so far.
    public var output: String { outputs[0] ?? "" }

    /// Completion tokens: the server's count, else the number of text deltas.
    public var completionTokens: Int { usage?.completionTokens ?? deltaCount }

    /// `completionTokens` is PromptDeck's count of text deltas, not the server's: the finished record says
    /// so (`RunRecord.tokensEstimated`); while streaming, it is estimated until usage arrives.
    public var tokensEstimated: Bool {
        record?.tokensEstimated ?? (usage?.completionTokens == nil && deltaCount > 0)
    }

    /// `64` or `~64`: `completionTokens`, marked when estimated.
    public var completionTokensText: String { (tokensEstimated ? "~" : "") + "\(completionTokens)" }

    /// Choice 0's finish reason (or the first one given).
    public var finishReason: String? { finishReasons[0] ?? finishReasons.sorted { $0.key < $1.key }.first?.value }

    /// Tokens per second while generating (after the first token), once the run is over.
    public var tokensPerSecond: Double? {
        guard let durationMs else { return nil }
        let generating = Double(durationMs - (timeToFirstTokenMs ?? 0)) / 1000
        // One token says nothing about speed: its "rate" is only the gap since the first byte.
        guard completionTokens >= 2, generating > 0 else { return nil }
        return Double(completionTokens) / generating
    }

    /// Milliseconds since the request was sent (the duration, once over).
    public func elapsedMs(now: ContinuousClock.Instant = .now) -> Int? {
        if let durationMs { return durationMs }
        guard let startedAt else { return nil }
        return Self.milliseconds(now - startedAt)
    }

    mutating func apply(_ batch: StreamBatch, now: ContinuousClock.Instant) {
        if !batch.isEmpty { retrying = nil }
        deltaCount += batch.textDeltas
        for event in batch.events {
            switch event {
            case .delta(let choice, let text, _):
                guard !text.isEmpty else { continue }
                outputs[choice, default: ""] += text
                if timeToFirstTokenMs == nil, let startedAt { timeToFirstTokenMs = Self.milliseconds(now - startedAt) }
                if status == .running { status = .streaming }
            case .usage(let usage): self.usage = usage
            case .finish(let choice, let reason): finishReasons[choice] = reason
            case .error, .done: break
            // A comparison column shows the answer; the record keeps reasoning and tool calls.
            case .reasoning, .toolCallDelta: break
            }
        }
    }

    /// Takes the final record's values (they are what history holds).
    mutating func finish(with record: RunRecord) {
        self.record = record
        retrying = nil
        status = VariantStatus(record.status)
        httpStatus = record.httpStatus
        timeToFirstTokenMs = record.timeToFirstTokenMs ?? timeToFirstTokenMs
        durationMs = record.durationMs
        usage = record.usage ?? usage
        outputs = record.outputs
        finishReasons = record.finishReasons
        cacheStatus = record.responseHeaders.value(for: "x-portkey-cache-status")
        errorMessage = record.status == .ok ? nil : record.errorMessage
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
