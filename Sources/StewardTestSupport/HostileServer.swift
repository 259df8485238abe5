import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A deliberately misbehaving HTTP/1.1 server on 127.0.0.1 for security and fault tests: each connection
/// is handed to `respond`, which reads the parsed request and writes whatever bytes it likes, at whatever
/// pace, so a test can redirect, drip, flood or bomb a client the way no well-behaved server would.
///
/// It binds to loopback only, on a port the kernel picks, serves each connection on a thread of its own,
/// and stops when `stop()` is called (tests call it in a `defer`); a connection's writes fail once the
/// client has gone, which ends the handler.
public final class HostileServer: @unchecked Sendable {  // state is the listening socket and a lock-guarded log
    /// One request as the server read it.
    public struct Request: Sendable {
        /// `GET`, `PATCH`, …
        public var method: String
        /// The request target: path and query.
        public var target: String
        /// Header names lower-cased.
        public var headers: [String: String]
        /// The body, read by `Content-Length`.
        public var body: Data
    }

    /// Writes to one connection; every write reports whether the client is still there.
    public struct Connection: Sendable {
        let socket: Int32

        /// Writes `data` whole; false once the client has closed the connection.
        @discardableResult
        public func write(_ data: Data) -> Bool {
            data.withUnsafeBytes { raw -> Bool in
                var offset = 0
                while offset < raw.count {
                    let sent = send(socket, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    if sent <= 0 { return false }
                    offset += sent
                }
                return true
            }
        }

        /// Writes `text` as UTF-8.
        @discardableResult
        public func write(_ text: String) -> Bool { write(Data(text.utf8)) }

        /// A whole response with `Content-Length`.
        @discardableResult
        public func respond(status: Int, headers: [String: String] = [:], body: Data = Data()) -> Bool {
            var head = "HTTP/1.1 \(status) \(Self.reasons[status] ?? "Status")\r\n"
            var all = headers
            all["Content-Length"] = String(body.count)
            all["Connection"] = all["Connection"] ?? "keep-alive"
            for (name, value) in all.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
            return write(Data((head + "\r\n").utf8) + body)
        }

        static let reasons = [
            200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found", 307: "Temporary Redirect",
            308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable",
        ]

        /// A whole JSON response.
        @discardableResult
        public func respond(status: Int = 200, json: String, headers: [String: String] = [:]) -> Bool {
            var all = headers
            all["Content-Type"] = "application/json"
            return respond(status: status, headers: all, body: Data(json.utf8))
        }
    }

    /// The port the server listens on.
    public let port: Int
    /// `http://127.0.0.1:PORT`.
    public var base: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let lock = NSLock()
    private var requests: [Request] = []
    private var stopped = false

    /// Starts listening on 127.0.0.1 (or another loopback address such as 127.0.0.2) at a free port.
    public init(address: String = "127.0.0.1", respond: @escaping @Sendable (Request, Connection) -> Void) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address4 = sockaddr_in()
        address4.sin_family = sa_family_t(AF_INET)
        address4.sin_port = 0
        guard inet_pton(AF_INET, address, &address4.sin_addr) == 1, address.hasPrefix("127.") else {
            close(descriptor)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        let bound = withUnsafePointer(to: &address4) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address4) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address4.sin_port))
        let thread = Thread { [self] in acceptLoop(respond) }
        thread.start()
    }

    /// Every request read so far, in order.
    public var received: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    /// Stops accepting; connections being served end when their client goes.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        if !wasStopped {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    deinit { stop() }

    private func acceptLoop(_ respond: @escaping @Sendable (Request, Connection) -> Void) {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            let thread = Thread { [self] in serve(client, respond) }
            thread.start()
        }
    }

    private func serve(_ client: Int32, _ respond: @Sendable (Request, Connection) -> Void) {
        defer { close(client) }
        var buffer = Data()
        while let request = Self.readRequest(client, buffer: &buffer) {
            lock.lock()
            requests.append(request)
            let done = stopped
            lock.unlock()
            if done { return }
            respond(request, Connection(socket: client))
            if request.headers["connection"]?.lowercased() == "close" { return }
        }
    }

    private static func readRequest(_ client: Int32, buffer: inout Data) -> Request? {
        let separator = Data("\r\n\r\n".utf8)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while buffer.range(of: separator) == nil {
            let count = recv(client, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        let end = buffer.range(of: separator)!
        let head = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        buffer.removeSubrange(buffer.startIndex..<end.upperBound)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            let count = recv(client, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        let body = Data(buffer.prefix(length))
        buffer.removeFirst(length)
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }
}
