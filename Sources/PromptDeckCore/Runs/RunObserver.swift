/// Watches one run. Calls arrive on the transport's thread, in order; keep them short.
public protocol RunObserver: AnyObject, Sendable {
    /// The response status and headers arrived.
    func runDidReceiveResponse(_ run: RunSession, status: Int, headers: [HTTPHeader])
    /// Events decoded from one batch of bytes.
    func run(_ run: RunSession, didReceive events: [StreamEvent])
    /// The server turned the request away before answering (`attempt`), and the run will send it again after
    /// `attempt.delayMs` (Esc or Ctrl-C cancels the wait); `retries` is how many retries the profile allows.
    func runWillRetry(_ run: RunSession, attempt: RunAttempt, retries: Int)
    /// The run is over and its final record is written (or failed to write: see `RunSession.recordingError`).
    func runDidFinish(_ run: RunSession, record: RunRecord)
}

extension RunObserver {
    public func runDidReceiveResponse(_ run: RunSession, status: Int, headers: [HTTPHeader]) {}
    public func runWillRetry(_ run: RunSession, attempt: RunAttempt, retries: Int) {}
}
