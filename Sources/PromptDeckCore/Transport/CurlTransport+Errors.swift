import CCurl

extension CurlTransfer {
    /// Why curl would refuse `url`, or nil when it parses (scheme required; only http and https run).
    static func urlProblem(_ url: String) -> String? {
        guard let handle = pd_curl_url() else { return nil }
        defer { pd_curl_url_cleanup(handle) }
        let code = pd_curl_url_set(handle, CURLUPART_URL, url, 0)
        guard code == CURLUE_OK else {
            return "\(url): \(String(cString: pd_curl_url_strerror(code)))"
        }
        var scheme: UnsafeMutablePointer<CChar>?
        guard pd_curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK, let scheme else {
            return "\(url): no scheme"
        }
        defer { pd_curl_free(scheme) }
        let name = String(cString: scheme).lowercased()
        return name == "http" || name == "https" ? nil : "\(url): unsupported scheme \(name)"
    }

    /// Sorts curl's result codes into the few failures a user can act on.
    static func transportError(_ code: CURLcode, message: String) -> TransportError {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotResolveHost(message)
        case CURLE_COULDNT_CONNECT:
            return .couldNotConnect(message)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(message)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_USE_SSL_FAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            return .tls(message)
        default:
            return .other(code: Int(code.rawValue), message: message)
        }
    }
}
