/// Recorded stream events laid out in time for replay: when each piece of text is due, at a given speed.
public struct ReplayTimeline: Sendable, Equatable {
    /// How fast to replay.
    public enum Speed: Sendable, Equatable {
        /// Multiply the recorded pace (1 is real time).
        case factor(Double)
        /// No waiting at all.
        case instant

        /// `1`, `2`, `10`, `0.5`, or `instant`; nil for anything else.
        public init?(_ text: String) {
            if text == "instant" {
                self = .instant
            } else if let value = Double(text.hasSuffix("x") ? String(text.dropLast()) : text), value > 0 {
                self = .factor(value)
            } else {
                return nil
            }
        }
    }

    /// One piece of text and when it is due, in milliseconds from the start of the replay.
    public struct Step: Sendable, Equatable {
        public var dueMs: Int
        public var choice: Int
        public var text: String
        /// The answer, or the model's reasoning (shown apart).
        public var channel: RecordedEvent.Channel = .answer
    }

    public var steps: [Step]
    /// True when the run had more than one choice, so the printer labels them.
    public var hasSeveralChoices: Bool

    /// Lays out `events` (sorted by sequence) at `speed`.
    public init(events: [RecordedEvent], speed: Speed) {
        let sorted = events.sorted { $0.sequence < $1.sequence }
        hasSeveralChoices = Set(sorted.map(\.choice)).count > 1
        steps = sorted.map { event in
            let due: Int
            switch speed {
            case .instant: due = 0
            case .factor(let f): due = Int((Double(max(0, event.offsetMs)) / f).rounded())
            }
            return Step(dueMs: due, choice: event.choice, text: event.text, channel: event.channel)
        }
    }
}
