import Foundation

/// Why a call to Portkey's Admin API (the prompt library) failed, worded for the user: the key's
/// variable on 401 and 403, the prompt id on 404, Portkey's own message on 400 and 409.
public enum PortkeyAdminError: Error, Sendable, Equatable, LocalizedError {
    /// The profile's key variable is unset or empty: nothing was sent.
    case missingKey(variable: String, profile: String)
    /// 401: the key was refused.
    case unauthorized(call: String, variable: String, message: String)
    /// 403: the key works but lacks the scope the call needs.
    case forbidden(call: String, variable: String, scope: String, message: String)
    /// 404: no such prompt (or version, label, partial).
    case notFound(call: String, id: String, message: String)
    /// 400, 409, 422 and other refusals: Portkey's message as it is.
    case refused(call: String, status: Int, message: String)
    /// The request never got an HTTP answer.
    case transport(call: String, TransportError)
    /// A 2xx whose body is not the shape expected.
    case badResponse(call: String, reason: String)
    /// A version, label or partial that the prompt's data does not have.
    case unresolved(id: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .missingKey(let variable, let profile):
            return "environment variable \(variable) is not set (it holds the Portkey API key of profile "
                + "'\(profile)'); export \(variable)=... (the key is read from the environment only)"
        case .unauthorized(let call, let variable, let message):
            return "\(call): HTTP 401: Portkey refused the key in $\(variable) (\(message)); check that it is a "
                + "current Portkey API key for this workspace"
        case .forbidden(let call, let variable, let scope, let message):
            return "\(call): HTTP 403: the key in $\(variable) lacks the Admin API scope \(scope) (\(message)); "
                + "give the key that scope in Portkey's API keys page, or use a key that has it"
        case .notFound(let call, let id, let message):
            return "\(call): HTTP 404: Portkey has no prompt '\(id)' (\(message))"
        case .refused(let call, let status, let message):
            return "\(call): HTTP \(status): \(message)"
        case .transport(let call, let error):
            return "\(call): \(error.errorDescription ?? "transfer failed")"
        case .badResponse(let call, let reason):
            return "\(call): \(reason)"
        case .unresolved(let id, let reason):
            return "\(id): \(reason)"
        }
    }

    /// True when the answer never came (offline, refused connection, timeout): a cached list is shown.
    public var isOffline: Bool {
        if case .transport = self { return true }
        return false
    }

    /// As a diagnostic naming `file` (a prompt id or reference).
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(file: file, message: errorDescription ?? "\(self)")
    }
}
