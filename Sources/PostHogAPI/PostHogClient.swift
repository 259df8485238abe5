import Foundation
import StewardCore

/// Talks to one PostHog project's event-definition API: URLs, auth, PostHog's envelopes, retries and throttles.
public struct PostHogClient: Sendable {
    /// Where the project lives.
    public let endpoint: PostHogEndpoint
    let key: PersonalAPIKey
    let transport: any HTTPTransport
    /// The client-side throttle that keeps requests within the server's budget.
    public let budget: RequestBudget
    /// Retry behaviour.
    public var retry: RetryPolicy
    /// Counters for progress and benchmarks.
    public let counters = ClientCounters()
    let sleep: @Sendable (TimeInterval) async -> Void
    let random: @Sendable () -> Double
    /// Told of long waits (a 429 asking for minutes), so a CI log says why nothing happens.
    public var notice: (@Sendable (String) -> Void)?
    /// Same-origin redirects followed for one request before giving up.
    static let maximumRedirects = 5

    /// A client for `endpoint`, authenticated with `key`.
    public init(
        endpoint: PostHogEndpoint, key: PersonalAPIKey, transport: any HTTPTransport = URLSessionTransport(),
        budget: RequestBudget = RequestBudget(), retry: RetryPolicy = RetryPolicy(),
        sleep: @escaping @Sendable (TimeInterval) async -> Void = { try? await Task.sleep(nanoseconds: UInt64(max(0, $0) * 1e9)) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.endpoint = endpoint
        self.key = key
        self.transport = transport
        self.budget = budget
        self.retry = retry
        self.sleep = sleep
        self.random = random
    }

    /// A failure that the caller may handle itself instead of retrying (the list endpoint's statement timeout).
    enum Outcome<T: Sendable>: Sendable {
        case value(T)
        case listTimeout
    }

    /// Sends one request with PostHog's auth, retrying what is worth retrying, and decodes the 2xx body.
    func request<T: Sendable>(
        _ method: String, path: String = "", query: [(String, String)] = [], body: Data? = nil, resource: String = "event_definitions",
        listTimeoutIsAnswer: Bool = false,
        decode: @Sendable (Data) throws -> T
    ) async throws(PostHogAPIError) -> Outcome<T> {
        var headers = ["Authorization": key.authorizationHeader, "Accept": "application/json", "User-Agent": "steward"]
        if body != nil { headers["Content-Type"] = "application/json" }
        var request = TransportRequest(
            method: method, url: endpoint.url(path, query: query, resource: resource), headers: headers, body: body,
            timeout: retry.requestTimeout,
            deadline: retry.requestDeadline, maximumBodyBytes: retry.maximumResponseBytes)
        var attempt = 0
        var throttleWaits = 0
        var redirects = 0
        var lastProblem = ""
        while true {
            await budget.acquire()
            await counters.count(request: true)
            let response: TransportResponse
            do {
                response = try await transport.send(request)
            } catch {
                if case .tooLarge = error { throw .badResponse(error.summary) }
                lastProblem = key.redact(error.summary)
                attempt += 1
                if case .cannotConnect = error, attempt >= min(3, retry.maxAttempts) {
                    throw .unavailable("\(endpoint.hostDescription): \(lastProblem) after \(attempt) attempts")
                }
                guard attempt < retry.maxAttempts else { throw .unavailable("\(lastProblem) after \(attempt) attempts") }
                await backOff(attempt)
                continue
            }
            // Only error bodies are small enough, and interesting enough, to parse for PostHog's detail.
            let detail = (200..<300).contains(response.status) ? nil : Self.detail(response.body).map(key.redact)
            switch response.status {
            case 200..<300:
                do {
                    return .value(try decode(response.body))
                } catch {
                    // A body cut short or garbled in transit: worth another try.
                    lastProblem = "a malformed response body (\(key.redact(SnapshotReader.describe(error))))"
                    attempt += 1
                    guard attempt < retry.maxAttempts else { throw .badResponse("\(lastProblem) after \(attempt) attempts") }
                    await backOff(attempt)
                    continue
                }
            case 300..<400:
                request.url = try redirectTarget(response, from: request.url)
                redirects += 1
                guard redirects <= Self.maximumRedirects else {
                    throw .badResponse("\(endpoint.hostDescription) redirected more than \(Self.maximumRedirects) times")
                }
                continue
            case 429:
                throttleWaits += 1
                await counters.count(throttled: true)
                let wait =
                    RetryPolicy.throttleWait(headers: response.headers, detail: detail)
                    ?? retry.backoff(attempt: throttleWaits, random: random())
                guard throttleWaits <= retry.maxThrottleWaits, wait <= retry.maxThrottleWait else {
                    throw .unavailable(
                        "PostHog kept throttling the key (429: \(detail ?? "throttled")); try again later or lower --concurrency")
                }
                if wait > retry.announceThrottleWaitsOver {
                    notice?("PostHog throttled the key (429); waiting \(Int(wait.rounded(.up))) seconds as it asks.")
                }
                await sleep(wait + random() * 0.25)
                continue
            case 503 where Self.code(response.body) == "event_definitions_timeout" && listTimeoutIsAnswer:
                return .listTimeout
            case 500..<600:
                lastProblem = "HTTP \(response.status)\(detail.map { ": \($0)" } ?? "")"
                attempt += 1
                guard attempt < retry.maxAttempts else {
                    throw .unavailable("\(endpoint.hostDescription) answered \(lastProblem) after \(attempt) attempts")
                }
                let hinted = response.headers["retry-after"].flatMap { TimeInterval($0) } ?? 0
                await backOff(attempt, atLeast: min(hinted, retry.maxDelay))
                continue
            default:
                throw Self.classify(status: response.status, detail: detail ?? Self.plainDetail(response.body, key: key))
            }
        }
    }

    /// Where a 3xx points, when that is this endpoint's own origin; any other origin is refused, since the
    /// request carries the key and the key goes only to the configured host.
    private func redirectTarget(_ response: TransportResponse, from url: URL) throws(PostHogAPIError) -> URL {
        guard let location = response.headers["location"], let target = URL(string: location, relativeTo: url)?.absoluteURL else {
            throw .badResponse("\(endpoint.hostDescription) answered \(response.status) without a usable Location")
        }
        guard PostHogEndpoint.origin(of: target) == PostHogEndpoint.origin(of: endpoint.base) else {
            let shown = PostHogEndpoint.origin(of: target).map { key.redact($0) } ?? "an address that is not a URL"
            throw .refusedRedirect(
                "\(endpoint.hostDescription) answered \(response.status), redirecting to \(shown); Steward sends the key only to the configured host and follows no redirect to another one. If the project moved, pass that host with --host."
            )
        }
        return target
    }

    /// The start of a body that is not JSON, made safe to quote: the key redacted, controls gone.
    static func plainDetail(_ body: Data, key: PersonalAPIKey) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        let flattened = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        return key.redact(flattened)
    }

    private func backOff(_ attempt: Int, atLeast minimum: TimeInterval = 0) async {
        await counters.count(retry: true)
        await sleep(max(minimum, retry.backoff(attempt: attempt, random: random())))
    }

    static func classify(status: Int, detail: String) -> PostHogAPIError {
        switch status {
        case 401: return .unauthorized(detail)
        case 402: return .paymentRequired(detail)
        case 403:
            if let range = detail.range(of: #"missing required scope '([^']+)'"#, options: .regularExpression) {
                let scope = detail[range].split(separator: "'").dropFirst().first.map(String.init) ?? "event_definition:read"
                return .missingScope(scope: scope, detail: detail)
            }
            return .projectForbidden(detail)
        case 404: return .projectNotFound(detail)
        default: return .rejected(status: status, detail: detail)
        }
    }

    /// PostHog's `detail` (enveloped or bare).
    static func detail(_ body: Data) -> String? {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["detail"] as? String
    }

    static func code(_ body: Data) -> String? {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["code"] as? String
    }
}

/// Requests, retries and throttled answers so far.
public actor ClientCounters {
    /// Requests sent.
    public private(set) var requests = 0
    /// Requests retried.
    public private(set) var retries = 0
    /// Requests answered 429.
    public private(set) var throttled = 0

    func count(request: Bool = false, retry: Bool = false, throttled: Bool = false) {
        if request { requests += 1 }
        if retry { retries += 1 }
        if throttled { self.throttled += 1 }
    }
}
