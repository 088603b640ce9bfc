import CCurl
import Foundation

/// One request on the transport thread: its easy handle, the C memory curl reads, and the delegate.
///
/// `@unchecked Sendable`: it is built on the caller's thread, then handed to the transport thread through the
/// engine's locked queue and touched only there from then on.
final class CurlTransfer: @unchecked Sendable {
    let id: UInt64
    private let request: HTTPRequestSpec
    private let options: TransferOptions
    private var delegate: TransferDelegate?
    private var easy: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var body: UnsafeMutableRawBufferPointer?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headers: [HTTPHeader] = []
    private var statusLineCode = 0
    private var responseDelivered = false
    private var finished = false

    init(id: UInt64, request: HTTPRequestSpec, options: TransferOptions, delegate: TransferDelegate) {
        self.id = id
        self.request = request
        self.options = options
        self.delegate = delegate
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        errorBuffer.deallocate()
    }

    // MARK: Setup

    /// Configures an easy handle and adds it to `multi`; on failure the transfer is already finished.
    func attach(to multi: UnsafeMutableRawPointer) -> Bool {
        if let problem = Self.urlProblem(request.url) {
            finish(.failed(.invalidURL(problem)), multi: nil)
            return false
        }
        guard let easy = pd_curl_easy_init() else {
            finish(.failed(.other(code: -1, message: "curl_easy_init failed")), multi: nil)
            return false
        }
        self.easy = easy
        let setupResult = configure(easy)
        guard setupResult == CURLE_OK else {
            finish(result: setupResult, multi: nil)
            return false
        }
        let added = pd_curl_multi_add_handle(multi, easy)
        guard added == CURLM_OK else {
            let message = String(cString: pd_curl_multi_strerror(added))
            finish(.failed(.other(code: Int(added.rawValue), message: message)), multi: nil)
            return false
        }
        return true
    }

    private func configure(_ easy: UnsafeMutableRawPointer) -> CURLcode {
        let me = Unmanaged.passUnretained(self).toOpaque()
        var results: [CURLcode] = [
            pd_easy_setopt_pointer(easy, CURLOPT_PRIVATE, me),
            pd_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer),
            pd_easy_setopt_string(easy, CURLOPT_URL, request.url),
            pd_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1),
            pd_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"),
            pd_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
            pd_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1),
            pd_easy_setopt_long(easy, CURLOPT_MAXREDIRS, 5),
            pd_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(options.connectTimeout)),
            pd_easy_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1),
            pd_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1),
            pd_easy_setopt_long(easy, CURLOPT_BUFFERSIZE, 64 * 1024),
            pd_easy_setopt_string(easy, CURLOPT_USERAGENT, "promptdeck/\(PromptDeckVersion.string)"),
            pd_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback),
            pd_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me),
            pd_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback),
            pd_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me),
        ]
        if let total = options.totalTimeout {
            results.append(pd_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(total)))
        }
        results.append(contentsOf: configureMethodAndBody(easy))
        headerList = buildHeaderList()
        results.append(pd_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
        return results.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    private func configureMethodAndBody(_ easy: UnsafeMutableRawPointer) -> [CURLcode] {
        let method = request.method.uppercased()
        var results: [CURLcode] = []
        if let data = request.body ?? (method == "POST" ? Data() : nil) {
            // Kept alive until `finish`: CURLOPT_POSTFIELDS does not copy.
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 1)
            data.copyBytes(to: buffer.bindMemory(to: UInt8.self), count: data.count)
            body = buffer
            results.append(pd_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(data.count)))
            results.append(pd_easy_setopt_pointer(easy, CURLOPT_POSTFIELDS, buffer.baseAddress))
        } else if method == "HEAD" {
            results.append(pd_easy_setopt_long(easy, CURLOPT_NOBODY, 1))
        } else if method == "GET" {
            results.append(pd_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
        }
        let plain = body == nil ? ["GET", "POST", "HEAD"] : ["POST"]
        if !plain.contains(method) {
            results.append(pd_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method))
        }
        return results
    }

    /// The caller's headers in order; `Expect:` blank (no 100-continue) and no form content type by default.
    private func buildHeaderList() -> UnsafeMutablePointer<curl_slist>? {
        var lines = request.headers.map { header in
            header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
        }
        let names = Set(request.headers.map { $0.name.lowercased() })
        if !names.contains("expect") { lines.append("Expect:") }
        if body != nil, !names.contains("content-type") { lines.append("Content-Type:") }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            if let appended = pd_curl_slist_append(list, line) { list = appended }
        }
        return list
    }

    // MARK: Callbacks (transport thread)

    fileprivate func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        guard !responseDelivered else { return }  // trailers after the body are not part of the response
        let line = String(decoding: bytes, as: UTF8.self)
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            statusLineCode = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if trimmed.isEmpty {
            endOfHeaderBlock()
        } else if line.first == " " || line.first == "\t", let last = headers.indices.last {
            headers[last].value += " " + trimmed
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = String(trimmed[..<colon])
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append(HTTPHeader(name, value))
        }
    }

    /// A final response is announced as soon as its headers end; interim (1xx) and redirects curl will
    /// follow wait for the next block, or for the first body byte / the end.
    private func endOfHeaderBlock() {
        let status = statusLineCode
        if status >= 100 && status < 200 { return }
        if status >= 300 && status < 400 && headers.value(for: "location") != nil { return }
        deliverResponse(status: status)
    }

    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) {
        if !responseDelivered { deliverResponse(status: responseCode()) }
        delegate?.transferDidReceive(bytes)
    }

    private func responseCode() -> Int {
        guard let easy else { return statusLineCode }
        var code = 0
        pd_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        return code != 0 ? code : statusLineCode
    }

    private func deliverResponse(status: Int) {
        responseDelivered = true
        delegate?.transferDidReceiveResponse(status: status, headers: headers)
    }

    // MARK: Completion

    /// Ends the transfer with curl's result code.
    func finish(result: CURLcode, multi: UnsafeMutableRawPointer?) {
        if result == CURLE_OK {
            finish(.completed, multi: multi)
        } else {
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: pd_curl_easy_strerror(result)) : detail
            finish(.failed(Self.transportError(result, message: message)), multi: multi)
        }
    }

    /// Releases every C resource and tells the delegate, exactly once.
    func finish(_ outcome: TransferOutcome, multi: UnsafeMutableRawPointer?) {
        guard !finished else { return }
        finished = true
        if outcome != .cancelled, !responseDelivered, easy != nil {
            let status = responseCode()
            if status > 0 { deliverResponse(status: status) }
        }
        if let easy {
            if let multi { pd_curl_multi_remove_handle(multi, easy) }
            pd_curl_easy_cleanup(easy)
            self.easy = nil
        }
        pd_curl_slist_free_all(headerList)
        headerList = nil
        body?.deallocate()
        body = nil
        let delegate = self.delegate
        self.delegate = nil
        delegate?.transferDidComplete(outcome)
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int(min(seconds * 1000, Double(Int32.max)).rounded(.up))
    }
}

private func curlWriteCallback(
    _ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let context else { return length }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: length))
    return length
}

private func curlHeaderCallback(
    _ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let context else { return length }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: pointer, count: length))
    return length
}
