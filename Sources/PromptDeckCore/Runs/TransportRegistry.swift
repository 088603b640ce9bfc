import Foundation

/// Picks the transport for a profile: the shared libcurl transport, or a fresh echo transport.
public final class TransportRegistry: Sendable {
    private let curl: CurlTransport
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessEnvironment.current) {
        curl = CurlTransport()
        self.environment = environment
    }

    public func transport(for profile: Profile) -> Transport {
        guard Self.usesEcho(profile) else { return curl }
        let delay = environment["PROMPTDECK_ECHO_DELAY_MS"].flatMap(Int.init) ?? profile.echoDelayMs
        return EchoTransport(wordDelayMs: delay)
    }

    /// Loads libcurl in the background (`CurlTransport.warmUp`) when any of `profiles` sends through it;
    /// echo alone never needs it.
    public static func warmUp(for profiles: [Profile]) {
        if profiles.contains(where: { !usesEcho($0) }) { CurlTransport.warmUp() }
    }

    private static func usesEcho(_ profile: Profile) -> Bool { profile.type == .echo }
}
