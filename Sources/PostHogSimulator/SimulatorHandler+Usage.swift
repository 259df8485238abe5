import FlyingFox
import Foundation

/// `/insights/` and `/actions/` (posthog-api-2.md §4.13): lists paged like PostHog's, `?events=` answered
/// from `query_metadata`, scopes `insight:read|write` and `action:read|write` for personal API keys.
extension SimulatorHandler {
    func usageRoute(_ request: HTTPRequest, parts: [String]) async -> (String, Answer) {
        let resource = parts[3]
        let rest = Array(parts.dropFirst(4))
        let action: String
        switch (rest.count, request.method) {
        case (0, .GET): action = "list"
        case (0, .POST): action = "create"
        case (1, .GET): action = "retrieve"
        case (1, .PATCH): action = "partial_update"
        default:
            return (
                "\(request.method.rawValue) \(resource)",
                Answer(
                    APIError(
                        status: 405, type: "invalid_request", code: "method_not_allowed",
                        detail: "Method \"\(request.method.rawValue)\" not allowed.", attr: nil))
            )
        }
        let label = "\(request.method.rawValue) \(resource) \(action)"
        do throws(APIError) {
            let body: Data = request.method == .GET ? Data() : ((try? await request.bodyData) ?? Data())
            let key = try await authenticate(request, body: body)
            try authorizeProject(key: key, projectText: parts[2])
            let scope = (resource == "insights" ? "insight" : "action") + (action == "list" || action == "retrieve" ? ":read" : ":write")
            guard key.grants(scope) else { throw APIError.permissionDenied("API key missing required scope '\(scope)'") }
            if let wait = await simulator.limiter.check(key: key.secret, now: Date().timeIntervalSince1970) {
                throw APIError.throttled(wait: wait, retryAfter: configuration.retryAfterOn429)
            }
            let object: [String: Any] =
                body.isEmpty ? [:] : ((try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:])
            let id = rest.first.flatMap { Int($0) }
            if rest.count == 1, id == nil { throw APIError.notFound() }
            switch (resource, action) {
            case ("actions", "list"): return (label, page(await simulator.usage.actions, request, Self.json))
            case ("actions", "create"):
                return (label, Answer(status: 201, body: Self.bytes(Self.json(try await simulator.usage.createAction(object)))))
            case ("actions", "retrieve"):
                return (label, Answer(status: 200, body: Self.bytes(Self.json(try await simulator.usage.action(id!)))))
            case ("insights", "list"):
                let saved = request.query.first { $0.name == "saved" }.map { $0.value == "true" || $0.value == "1" }
                var events: [String] = []
                if let text = request.query.first(where: { $0.name == "events" })?.value {
                    // A JSON list; anything else is what PostHog most likely answers 500 to (§4.13).
                    guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
                        throw APIError.serverError
                    }
                    events = list
                }
                let (limit, offset) = Self.window(request)
                let found = await simulator.usage.insightPage(saved: saved, events: events, offset: offset, limit: limit)
                return (label, page(count: found.count, rendered: found.items, request))
            case ("insights", "create"):
                return (label, Answer(status: 201, body: Self.bytes(Self.json(try await simulator.usage.createInsight(object)))))
            case ("insights", "retrieve"):
                return (label, Answer(status: 200, body: Self.bytes(Self.json(try await simulator.usage.insight(id!)))))
            case ("insights", "partial_update"):
                return (label, Answer(status: 200, body: Self.bytes(Self.json(try await simulator.usage.updateInsight(id!, object)))))
            default:
                throw APIError(
                    status: 405, type: "invalid_request", code: "method_not_allowed",
                    detail: "Method \"\(request.method.rawValue)\" not allowed.", attr: nil)
            }
        } catch {
            return (label, Answer(error))
        }
    }

    /// `{count, next, previous, results}` over `items`, `limit` (default 100) and `offset`; only the page's
    /// items are rendered.
    func page<Item>(_ items: [Item], _ request: HTTPRequest, _ render: (Item) -> [String: Any]) -> Answer {
        let (limit, offset) = Self.window(request)
        let slice = offset < items.count ? items[offset..<min(items.count, offset + limit)].map { Self.bytes(render($0)) } : []
        return page(count: items.count, rendered: slice, request)
    }

    /// `limit` (default 100) and `offset` of a list request.
    static func window(_ request: HTTPRequest) -> (limit: Int, offset: Int) {
        (
            request.query.first { $0.name == "limit" }.flatMap { Int($0.value) }.map { max(1, $0) } ?? 100,
            request.query.first { $0.name == "offset" }.flatMap { Int($0.value) }.map { max(0, $0) } ?? 0
        )
    }

    /// The envelope around items already rendered as JSON.
    func page(count: Int, rendered slice: [[UInt8]], _ request: HTTPRequest) -> Answer {
        let (limit, offset) = Self.window(request)
        let base =
            (request.headers[HTTPHeader("Host")].map { "http://\($0)" } ?? configuration.siteURL)
            + request.target.path(percentEncoded: true)
        func link(_ at: Int) -> String {
            var query = request.query.filter { $0.name != "limit" && $0.name != "offset" }.map { ($0.name, $0.value) }
            query += [("limit", String(limit)), ("offset", String(at))]
            return base + "?" + Self.encode(query.sorted { $0.0 < $1.0 })
        }
        let envelope: [String: Any] = [
            "count": count, "next": offset + limit < count ? link(offset + limit) : NSNull(),
            "previous": offset > 0 ? link(max(0, offset - limit)) : NSNull(), "results": [Any](),
        ]
        // Sorted keys put `results` last: the envelope ends `"results":[]}`, and the items go between.
        var body = Self.bytes(envelope)
        body.removeLast(2)
        for (index, item) in slice.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body += item
        }
        body += Array("]}".utf8)
        return Answer(status: 200, body: body)
    }

    static func bytes(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
    }

    static func time(_ micros: Micros) -> String {
        var writer = JSONWriter(capacity: 40)
        writer.timestamp(micros)
        return String(decoding: writer.bytes.dropFirst().dropLast(), as: UTF8.self)
    }

    static func json(_ action: UsageStore.Action) -> [String: Any] {
        ["id": action.id, "name": action.name, "steps": action.steps, "created_at": time(action.createdAt), "deleted": false]
    }

    static func json(_ insight: UsageStore.Insight) -> [String: Any] {
        [
            "id": insight.id, "short_id": insight.shortID, "name": insight.name ?? NSNull(), "description": insight.description ?? NSNull(),
            "query": insight.query ?? NSNull(), "filters": insight.filters, "saved": insight.saved, "dashboards": insight.dashboards,
            "deleted": insight.deleted, "created_at": time(insight.createdAt), "last_modified_at": time(insight.lastModifiedAt),
            "query_metadata": ["events": insight.metadataEvents],
        ]
    }
}
