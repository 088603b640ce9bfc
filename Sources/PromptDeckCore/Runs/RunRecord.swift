import Foundation

/// The lifecycle of a run as history records it.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, ok, error, cancelled, interrupted
}

/// Everything known about one run: what was asked, where, and what came back.
/// History stores it; the CLI and TUI display it; replay and re-run read it back.
public struct RunRecord: Sendable, Equatable {
    public var id: String
    public var createdAt: Date
    public var finishedAt: Date?
    public var promptID: String
    public var promptName: String
    /// The template source exactly as used (the completion template, or the chat messages as YAML/JSON).
    public var templateSource: String
    /// Partials as used, by name.
    public var partials: [String: String]
    /// The text the template rendered to (completion prompt, or the messages as JSON).
    public var renderedPrompt: String
    public var kind: String
    public var profileName: String
    public var endpointURL: String
    public var model: String
    public var variables: JSONValue
    public var parameters: JSONValue
    /// The exact request body bytes, as UTF-8 text.
    public var requestBody: String
    /// Request headers with secret values replaced by `***`.
    public var requestHeaders: [HTTPHeader]
    public var streamed: Bool
    public var status: RunStatus
    public var httpStatus: Int?
    public var errorMessage: String?
    /// Output text per choice index.
    public var outputs: [Int: String]
    /// Finish reason per choice index.
    public var finishReasons: [Int: String]
    public var usage: Usage?
    /// True when `usage.completionTokens` (and so `totalTokens`) is PromptDeck's count of the streamed text
    /// deltas, because the server reported no usage (llama.cpp's streams): shown as `~64 tok`.
    public var tokensEstimated = false
    /// llama.cpp's `timings` (prompt and generation speed), when the server sent them.
    public var timings: ServerTimings?
    /// Attempts the server (or the connection) turned away before this run's answer, in order: retried
    /// under the profile's `retries:`. Empty for a run answered at once.
    public var attempts: [RunAttempt] = []
    public var timeToFirstTokenMs: Int?
    public var durationMs: Int?
    /// Captured response headers worth keeping (`x-portkey-*`, `retry-after`, `content-type`).
    public var responseHeaders: [HTTPHeader]
    /// Logprobs per choice, when they were asked for.
    public var logprobs: [Int: [TokenLogprob]]
    public var groupID: String?
    public var parentID: String?
    /// The comparison column the run was (`#3`, or `#3.2` for the second repeat of #3), so a reopened
    /// comparison keeps duplicated columns apart from repeats.
    public var variantLabel: String?
    /// The prompt version the run used (`tagline@3`): history assigns it when the run is recorded, from
    /// the template source and partials; nil until then, and for runs read from files without versions.
    public var versionNumber: Int?
    /// The checks' results once the run has ended and been checked (`CheckRunner`); empty without checks.
    public var checkResults: [CheckResult] = []
    /// What the run cost, from its usage and the price table; nil when either is unknown.
    public var cost: RunCost?
    /// Reasoning text per choice (`reasoning_content` / `reasoning`), kept apart from `outputs`.
    public var reasoning: [Int: String] = [:]
    /// Milliseconds to the first reasoning text (`timeToFirstTokenMs` is the answer's).
    public var timeToFirstReasoningMs: Int?
    /// The tools each choice called, assembled from the stream's pieces.
    public var toolCalls: [Int: [ToolCall]] = [:]
    /// The messages this run sent after the prompt's own rendered messages: the earlier turns of its
    /// conversation (replies, user turns, tool results) and its own new user turn or tool results.
    /// Empty for a first turn and for every run that is not part of a conversation.
    public var conversation: [ConversationMessage] = []

    public init(
        id: String, createdAt: Date = Date(), promptID: String, promptName: String, templateSource: String,
        partials: [String: String] = [:], renderedPrompt: String, kind: String, profileName: String,
        endpointURL: String, model: String, variables: JSONValue = .object([:]),
        parameters: JSONValue = .object([:]), requestBody: String, requestHeaders: [HTTPHeader] = [],
        streamed: Bool, status: RunStatus = .running, groupID: String? = nil, parentID: String? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.promptID = promptID
        self.promptName = promptName
        self.templateSource = templateSource
        self.partials = partials
        self.renderedPrompt = renderedPrompt
        self.kind = kind
        self.profileName = profileName
        self.endpointURL = endpointURL
        self.model = model
        self.variables = variables
        self.parameters = parameters
        self.requestBody = requestBody
        self.requestHeaders = requestHeaders
        self.streamed = streamed
        self.status = status
        self.outputs = [:]
        self.finishReasons = [:]
        self.responseHeaders = []
        self.logprobs = [:]
        self.groupID = groupID
        self.parentID = parentID
    }
}

extension RunRecord {
    /// True when the model answered by calling tools (`finish_reason: tool_calls`, or calls in the reply):
    /// not an empty answer, but a turn that waits for the tools' results.
    public var calledTools: Bool {
        !toolCalls.values.allSatisfy(\.isEmpty) || finishReasons.values.contains("tool_calls")
    }

    /// The first choice's reply as the next turn sends it back: its text and its tool calls.
    public var reply: ConversationMessage {
        .assistant(outputs[0] ?? "", toolCalls: toolCalls[0] ?? [])
    }

    /// Completion tokens as the UIs show them: the server's count, or the estimate (`tokensEstimated`).
    public var completionTokens: Int? { usage?.completionTokens }

    /// `64 tok`, or `~64 tok` when estimated; nil when nothing is known.
    public var completionTokensText: String? {
        completionTokens.map { (tokensEstimated ? "~" : "") + "\($0) tok" }
    }

    /// Fills in the completion tokens a stream's server did not report, once the stream is over:
    /// llama.cpp's own `timings.predicted_n` when it sent one (a real count), else the number of non-empty
    /// text deltas, marked `tokensEstimated`. A count the server did report is never replaced.
    public mutating func fillMissingCompletionTokens(textDeltas: Int) {
        guard usage?.completionTokens == nil else { return }
        let completion: Int
        if let predicted = timings?.predictedTokens {
            completion = predicted
        } else if textDeltas > 0 {
            completion = textDeltas
            tokensEstimated = true
        } else {
            return
        }
        var filled = usage ?? Usage()
        filled.completionTokens = completion
        filled.totalTokens = (filled.promptTokens ?? 0) + completion
        usage = filled
    }
}

/// One recorded stream event: enough to replay a stream at its real pace.
public struct RecordedEvent: Sendable, Equatable {
    public var sequence: Int
    /// Milliseconds since the request started.
    public var offsetMs: Int
    public var choice: Int
    public var text: String
    public var logprobs: [TokenLogprob]?
    /// Whether the text is the answer or the model's reasoning.
    public var channel: Channel

    /// Which stream a recorded piece of text belongs to.
    public enum Channel: String, Sendable, Equatable {
        case answer, reasoning
    }

    public init(
        sequence: Int, offsetMs: Int, choice: Int, text: String, logprobs: [TokenLogprob]? = nil,
        channel: Channel = .answer
    ) {
        self.sequence = sequence
        self.offsetMs = offsetMs
        self.choice = choice
        self.text = text
        self.logprobs = logprobs
        self.channel = channel
    }
}

/// Where runs are written as they happen. `HistoryStore` is the real one; the CLI's `--no-history`
/// uses `DiscardingRecorder`. Calls come from one run's thread in order: begin, append*, finish.
public protocol RunRecorder: Sendable {
    /// Inserts the row with status `running` when the request starts.
    func begin(_ record: RunRecord) throws
    /// Appends stream events and the run's current state; called at least every 250 ms during a stream.
    /// The snapshot's output need not be written: it is the events' text, which a reader of a run still
    /// going (or one left `interrupted`) joins instead (`HistoryStore.outputsFromEvents`).
    func append(_ events: [RecordedEvent], snapshot: RunRecord) throws
    /// Writes the final state (status, output, usage, timings, headers) with the events not yet appended,
    /// together (one transaction in `HistoryStore`).
    func finish(_ record: RunRecord, events: [RecordedEvent]) throws
    /// Whether `append` and `finish` keep the stream's events. A recorder that keeps none (`--no-history`)
    /// says false: its runs then queue no events (a second copy of the reply until each flush) and run no
    /// flush timer.
    var recordsEvents: Bool { get }
}

extension RunRecorder {
    public var recordsEvents: Bool { true }

    /// Writes the final state of a run whose events were all appended (or that had none).
    public func finish(_ record: RunRecord) throws { try finish(record, events: []) }
}

/// Records nothing: `--no-history`.
public struct DiscardingRecorder: RunRecorder {
    public init() {}
    public func begin(_ record: RunRecord) throws {}
    public func append(_ events: [RecordedEvent], snapshot: RunRecord) throws {}
    public func finish(_ record: RunRecord, events: [RecordedEvent]) throws {}
    public var recordsEvents: Bool { false }
}
