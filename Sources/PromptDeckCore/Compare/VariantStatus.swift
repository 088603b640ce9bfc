/// Where one variant of a comparison stands.
public enum VariantStatus: String, Sendable, Equatable {
    /// Waiting for a free slot (`--concurrency`).
    case pending
    /// Sent; no text yet.
    case running
    /// Text is arriving.
    case streaming
    case ok, error, cancelled, interrupted

    /// Whether the variant is over.
    public var isFinished: Bool {
        switch self {
        case .pending, .running, .streaming: return false
        case .ok, .error, .cancelled, .interrupted: return true
        }
    }

    init(_ status: RunStatus) {
        switch status {
        case .running: self = .running
        case .ok: self = .ok
        case .error: self = .error
        case .cancelled: self = .cancelled
        case .interrupted: self = .interrupted
        }
    }
}
