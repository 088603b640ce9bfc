import Foundation

/// One header, kept in order; names compare case-insensitively where it matters.
public struct HTTPHeader: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of a header, matched case-insensitively.
    public func value(for name: String) -> String? {
        first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Exactly what goes on the wire: built by `RequestBuilder`, sent by a `Transport`.
public struct HTTPRequestSpec: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [HTTPHeader]
    public var body: Data?
    /// Header names whose values are secrets (keys): masked in render output, history and exports.
    public var secretHeaderNames: Set<String>
    /// For each secret header, the environment variable its value came from (for curl exports).
    public var secretSources: [String: String]

    public init(
        method: String = "POST", url: String, headers: [HTTPHeader] = [], body: Data? = nil,
        secretHeaderNames: Set<String> = [], secretSources: [String: String] = [:]
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.secretHeaderNames = secretHeaderNames
        self.secretSources = secretSources
    }

    /// Headers with every secret value replaced by `***` (keeping a `Bearer ` prefix readable).
    public var maskedHeaders: [HTTPHeader] {
        headers.map { header in
            guard secretHeaderNames.contains(header.name.lowercased()) else { return header }
            let masked = header.value.hasPrefix("Bearer ") ? "Bearer ***" : "***"
            return HTTPHeader(header.name, masked)
        }
    }
}

/// Limits for one transfer.
public struct TransferOptions: Sendable, Equatable {
    /// Seconds to establish the connection.
    public var connectTimeout: Double
    /// Seconds for the whole transfer; nil means no limit.
    public var totalTimeout: Double?

    public init(connectTimeout: Double = 10, totalTimeout: Double? = nil) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }
}

/// How a transfer ended, as far as the wire is concerned (an HTTP 500 still "completed").
public enum TransferOutcome: Sendable, Equatable {
    case completed
    case failed(TransportError)
    case cancelled
}

public enum TransportError: Error, Sendable, Equatable, LocalizedError {
    case couldNotResolveHost(String)
    case couldNotConnect(String)
    case timedOut(String)
    case tls(String)
    case invalidURL(String)
    case other(code: Int, message: String)

    public var errorDescription: String? {
        switch self {
        case .couldNotResolveHost(let m): return "could not resolve host: \(m)"
        case .couldNotConnect(let m): return "could not connect: \(m)"
        case .timedOut(let m): return "timed out: \(m)"
        case .tls(let m): return "TLS error: \(m)"
        case .invalidURL(let m): return "invalid URL: \(m)"
        case .other(let code, let m): return "transfer failed (curl \(code)): \(m)"
        }
    }
}

/// Receives one transfer's events, in order, on the transport's own thread.
/// Implementations must not block: the same thread drives every other transfer.
public protocol TransferDelegate: AnyObject, Sendable {
    /// The status line and headers arrived (called once, before any body bytes).
    func transferDidReceiveResponse(status: Int, headers: [HTTPHeader])
    /// Body bytes, as they arrive. The buffer is only valid during the call.
    func transferDidReceive(_ bytes: UnsafeRawBufferPointer)
    /// The transfer is over; no further calls follow.
    func transferDidComplete(_ outcome: TransferOutcome)
}

/// A transfer in flight. `cancel()` is safe from any thread and ends the transfer promptly.
public protocol TransferHandle: Sendable {
    func cancel()
}

/// Sends requests and reports what comes back. `CurlTransport` talks HTTP; `EchoTransport` answers offline.
public protocol Transport: Sendable {
    func start(_ request: HTTPRequestSpec, options: TransferOptions, delegate: TransferDelegate) -> TransferHandle
}
