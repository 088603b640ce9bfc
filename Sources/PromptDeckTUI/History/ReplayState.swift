import PromptDeckCore

/// A recorded stream played again into the output pane, at its recorded pace times a speed.
public struct ReplayState: Equatable, Sendable {
    /// How fast the replay goes.
    public enum Speed: Equatable, Sendable, CaseIterable {
        case x1, x2, x10, instant

        /// The factor on the recorded pace (nil: no waiting).
        var factor: Double? {
            switch self {
            case .x1: return 1
            case .x2: return 2
            case .x10: return 10
            case .instant: return nil
            }
        }

        /// `×1`, `×2`, `×10`, `instant`.
        public var label: String { factor.map { "×\(Int($0))" } ?? "instant" }
    }

    /// One recorded piece of text, when it is due (ms from the start at ×1), and its logprobs.
    public struct Step: Equatable, Sendable {
        public var offsetMs: Int
        public var choice: Int
        public var text: String
        public var logprobs: [TokenLogprob]?
        /// Reasoning replays into the reasoning block, the answer into the output.
        public var isReasoning = false
    }

    public var runID: String
    /// What the replayed run ran with (the status bar shows these, not the playground's settings).
    public var model = ""
    public var profileName = ""
    public var parameters: [String: JSONValue] = [:]
    public var steps: [Step]
    /// Steps already shown.
    public var next = 0
    /// Recorded milliseconds played so far.
    public var positionMs = 0.0
    public var speed: Speed
    public var paused = false
    /// The clock at the last tick (nil until the first tick after starting or resuming).
    public var lastTick: Double?

    /// A replay of `events` (ReplayTimeline at ×1 gives each event's recorded offset).
    public init(runID: String, events: [RecordedEvent], speed: Speed = .x1) {
        self.runID = runID
        let sorted = events.sorted { $0.sequence < $1.sequence }
        let timeline = ReplayTimeline(events: sorted, speed: .factor(1))
        steps = zip(timeline.steps, sorted).map { step, event in
            Step(
                offsetMs: step.dueMs, choice: step.choice, text: step.text, logprobs: event.logprobs,
                isReasoning: step.channel == .reasoning)
        }
        self.speed = speed
    }

    public var isFinished: Bool { next >= steps.count }
    /// Whether the clock should tick for it.
    public var isPlaying: Bool { !paused && !isFinished }

    /// What a replay key did.
    public enum Outcome: Equatable, Sendable {
        /// The replay goes on; these steps are now due.
        case playing([Step])
        case stopped
        /// Not a replay key.
        case ignored
    }

    /// The replay's own keys: Space pauses, `n` steps (pausing), `+` cycles the speed, Esc stops.
    public mutating func handle(_ command: Command) -> Outcome {
        switch command {
        case .pauseReplay:
            paused.toggle()
            lastTick = nil
            return .playing([])
        case .stepReplay:
            paused = true
            return .playing(step())
        case .replaySpeed:
            let all = Speed.allCases
            speed = all[((all.firstIndex(of: speed) ?? 0) + 1) % all.count]
            return .playing([])
        case .cancel:
            return .stopped
        default:
            return .ignored
        }
    }

    /// Advances the clock to `now`; returns the steps that came due.
    mutating func advance(to now: Double) -> [Step] {
        guard isPlaying else { return [] }
        guard let factor = speed.factor else { return take(upTo: .infinity) }
        let elapsed = lastTick.map { max(0, now - $0) } ?? 0
        lastTick = now
        positionMs += elapsed * 1000 * factor
        return take(upTo: positionMs)
    }

    /// Shows the next step (stepping while paused); the position jumps to it.
    mutating func step() -> [Step] {
        guard !isFinished else { return [] }
        positionMs = Double(steps[next].offsetMs)
        next += 1
        return [steps[next - 1]]
    }

    private mutating func take(upTo position: Double) -> [Step] {
        var due: [Step] = []
        while next < steps.count, Double(steps[next].offsetMs) <= position {
            due.append(steps[next])
            next += 1
        }
        return due
    }
}
