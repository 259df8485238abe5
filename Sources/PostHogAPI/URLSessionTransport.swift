import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real transport: URLSession (FoundationNetworking on Linux), HTTP/1.1 keep-alive, no caching, no cookies.
///
/// It follows no redirect (the client decides, so the key never reaches another origin), stops a response
/// at `request.maximumBodyBytes` as it arrives (decompressed size: URLSession inflates gzip before the data
/// reaches the delegate), and ends a request at `request.deadline` however slowly its bytes trickle in.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let tasks: TaskTable

    /// A transport with up to `connections` connections per host.
    public init(connections: Int = 8) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        tasks = TaskTable()
        session = URLSession(configuration: configuration, delegate: tasks, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends the request and returns the response, or throws for a network failure.
    public func send(_ request: TransportRequest) async throws(TransportError) -> TransportResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        let task = session.dataTask(with: urlRequest)
        let tasks = self.tasks
        let outcome: Result<TransportResponse, TransportError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                tasks.start(task, limit: request.maximumBodyBytes, deadline: request.deadline, continuation: continuation)
            }
        } onCancel: {
            tasks.end(task, because: .other("the request was cancelled"))
        }
        return try outcome.get()
    }

    static func classify(_ error: URLError) -> TransportError {
        switch error.code {
        case .timedOut: return .timedOut
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            return .cannotConnect(error.localizedDescription)
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse, .zeroByteResource:
            return .connectionLost(error.localizedDescription)
        default: return .other(error.localizedDescription)
        }
    }
}

/// The session's delegate: each task's bytes so far, its limit and who waits for it.
private final class TaskTable: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private struct Entry {
        var body = Data()
        var limit: Int
        var continuation: CheckedContinuation<Result<TransportResponse, TransportError>, Never>
        /// Ends the task at its deadline; cancelled when the task completes first.
        var timer: DispatchWorkItem?
        /// Why Steward ended the task itself, when it did.
        var endedBecause: TransportError?
    }

    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]

    func start(
        _ task: URLSessionDataTask, limit: Int, deadline: TimeInterval,
        continuation: CheckedContinuation<Result<TransportResponse, TransportError>, Never>
    ) {
        let timer = DispatchWorkItem { [weak self] in self?.end(task, because: .deadline(deadline)) }
        lock.withLock { entries[task.taskIdentifier] = Entry(limit: limit, continuation: continuation, timer: timer) }
        DispatchQueue.global().asyncAfter(deadline: .now() + max(0.001, deadline), execute: timer)
        task.resume()
    }

    /// Ends `task` early (deadline, size cap, cancellation); its completion then reports `reason`.
    func end(_ task: URLSessionTask, because reason: TransportError) {
        let running = lock.withLock { () -> Bool in
            guard entries[task.taskIdentifier] != nil, entries[task.taskIdentifier]?.endedBecause == nil else { return false }
            entries[task.taskIdentifier]?.endedBecause = reason
            return true
        }
        if running { task.cancel() }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let expected = response.expectedContentLength
        let limit = lock.withLock { entries[dataTask.taskIdentifier]?.limit } ?? 0
        // A declared length over the cap is refused before a byte of it is read; an undeclared one is counted as it comes.
        if expected > 0, expected > Int64(limit) {
            completionHandler(.cancel)
            end(dataTask, because: .tooLarge(limit: limit))
            return
        }
        if expected > 0 { lock.withLock { entries[dataTask.taskIdentifier]?.body.reserveCapacity(Int(expected)) } }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over = lock.withLock { () -> Int? in
            guard var entry = entries[dataTask.taskIdentifier], entry.endedBecause == nil else { return nil }
            guard entry.body.count + data.count <= entry.limit else { return entry.limit }
            entries[dataTask.taskIdentifier] = nil
            entry.body.append(data)
            entries[dataTask.taskIdentifier] = entry
            return nil
        }
        if let over { end(dataTask, because: .tooLarge(limit: over)) }
    }

    /// No redirect is followed here: the 3xx itself is the answer, and the client judges where it points.
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let entry = lock.withLock({ entries.removeValue(forKey: task.taskIdentifier) }) else { return }
        entry.timer?.cancel()
        if let reason = entry.endedBecause {
            entry.continuation.resume(returning: .failure(reason))
            return
        }
        if let error {
            let failure: TransportError = (error as? URLError).map(URLSessionTransport.classify) ?? .other(error.localizedDescription)
            entry.continuation.resume(returning: .failure(failure))
            return
        }
        guard let http = task.response as? HTTPURLResponse else {
            entry.continuation.resume(returning: .failure(.other("not an HTTP response")))
            return
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields { headers[String(describing: name)] = String(describing: value) }
        entry.continuation.resume(returning: .success(TransportResponse(status: http.statusCode, headers: headers, body: entry.body)))
    }
}
