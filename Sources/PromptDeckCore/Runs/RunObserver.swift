/// Watches one run. Calls arrive on the transport's thread, in order; keep them short.
public protocol RunObserver: AnyObject, Sendable {
    /// The response status and headers arrived.
    func runDidReceiveResponse(_ run: RunSession, status: Int, headers: [HTTPHeader])
    /// Events decoded from one batch of bytes.
    func run(_ run: RunSession, didReceive events: [StreamEvent])
    /// The run is over and its final record is written (or failed to write: see `RunSession.recordingError`).
    func runDidFinish(_ run: RunSession, record: RunRecord)
}

extension RunObserver {
    public func runDidReceiveResponse(_ run: RunSession, status: Int, headers: [HTTPHeader]) {}
}
