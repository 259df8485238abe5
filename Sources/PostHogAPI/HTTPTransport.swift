import Foundation

/// One HTTP exchange as the client sees it; a protocol so tests can inject any failure.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, or throws a ``TransportError`` for network failures.
    func send(_ request: TransportRequest) async throws(TransportError) -> TransportResponse
}

/// A request: method, absolute URL, headers, body.
public struct TransportRequest: Sendable {
    /// The method.
    public var method: String
    /// The url.
    public var url: URL
    /// The headers.
    public var headers: [String: String]
    /// The body.
    public var body: Data?
    /// Seconds without a byte before the request counts as timed out.
    public var timeout: TimeInterval
    /// Seconds the whole exchange may take, however steadily bytes arrive.
    public var deadline: TimeInterval
    /// The largest body accepted, counted after decompression.
    public var maximumBodyBytes: Int

    /// Creates one from its parts.
    public init(
        method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: TimeInterval = 60,
        deadline: TimeInterval = 180, maximumBodyBytes: Int = 128 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.deadline = deadline
        self.maximumBodyBytes = maximumBodyBytes
    }
}

/// A response: status, headers with lower-cased names, body.
public struct TransportResponse: Sendable {
    /// How far it got.
    public var status: Int
    /// The headers.
    public var headers: [String: String]
    /// The body.
    public var body: Data

    /// Creates one from its parts.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        self.headers = lowered
        self.body = body
    }
}

/// A request that got no HTTP response: the kinds the client retries.
public enum TransportError: Error, Sendable, Equatable {
    /// Nothing listens, or the host does not resolve.
    case cannotConnect(String)
    /// The connection closed before a whole response arrived.
    case connectionLost(String)
    /// No response in time.
    case timedOut
    /// The whole exchange took longer than its deadline (seconds).
    case deadline(TimeInterval)
    /// The body grew past the cap (bytes) and was cut off.
    case tooLarge(limit: Int)
    /// Anything else the platform reports.
    case other(String)

    /// Words for a person.
    public var summary: String {
        switch self {
        case .cannotConnect(let detail): return "cannot connect (\(detail))"
        case .connectionLost(let detail): return "the connection was lost (\(detail))"
        case .timedOut: return "the request timed out"
        case .deadline(let seconds): return "the answer took longer than \(Int(seconds)) seconds in all"
        case .tooLarge(let limit): return "the answer grew past \(limit >> 20) MiB, more than any page of definitions needs"
        case .other(let detail): return detail
        }
    }
}
