import FlyingFox
import FlyingSocks
import Foundation

/// Routes every request the way PostHog's URL conf, auth, permission and throttle classes do.
struct SimulatorHandler: HTTPHandler {
    let simulator: Simulator
    var configuration: SimulatorConfiguration { simulator.configuration }
    var store: ProjectStore { simulator.store }

    /// What a request resolved to.
    struct Answer {
        var status: Int
        var body: [UInt8]
        var headers: [(String, String)] = []
        var contentType = "application/json"

        init(status: Int, body: [UInt8], headers: [(String, String)] = []) {
            self.status = status
            self.body = body
            self.headers = headers
        }

        init(_ error: APIError) {
            self.init(status: error.status, body: error.body, headers: error.headers)
        }

        init(status: Int, json: JSONValue) {
            self.init(status: status, body: json.bytes)
        }
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let path = request.path
        if path.hasPrefix("/_sim/") { return try await admin(request) }
        let number = await simulator.stats.nextRequestNumber()
        if configuration.latencyMilliseconds > 0 {
            let jitter = 0.75 + SimRandom.unit(seed: configuration.seed ^ 0x1A7E, counter: number) * 0.5
            try? await Task.sleep(nanoseconds: UInt64(Double(configuration.latencyMilliseconds) * jitter * 1_000_000))
        }
        let fault = pickFault(number)
        if fault == "slow" { try? await Task.sleep(nanoseconds: UInt64(configuration.faults.slowMilliseconds) * 1_000_000) }
        var (route, answer) = await route(request)
        switch fault {
        case "500": answer = Answer(.serverError)
        case "502":
            answer = Answer(status: 502, body: Array("<html><body><h1>502 Bad Gateway</h1></body></html>\n".utf8));
            answer.contentType = "text/html"
        case "503": answer = Answer(.databaseUnavailable)
        case "429" where route != "other": answer = Answer(.throttled(wait: 1, retryAfter: configuration.retryAfterOn429))
        default: break
        }
        await simulator.stats.record(route: route, status: fault == "drop" || fault == "truncate" ? 0 : answer.status)
        var headers = HTTPHeaders()
        headers[HTTPHeader("Content-Type")] = answer.contentType
        for (name, value) in answer.headers { headers[HTTPHeader(name)] = value }
        if path.hasPrefix("/api/environments/") {
            // EnvironmentsRewriteMiddleware serves the projects route and marks the alias deprecated (posthog-api.md §1).
            let raw = request.target.path(percentEncoded: true)
            let successor =
                "/api/projects/" + raw.dropFirst(min(raw.count, "/api/environments/".count))
                + (request.query.isEmpty ? "" : "?" + Self.encode(request.query.map { ($0.name, $0.value) }))
            headers[HTTPHeader("Deprecation")] = "true"
            headers[HTTPHeader("Link")] = "<\(successor)>; rel=\"successor-version\""
        }
        let status = HTTPStatusCode(answer.status, phrase: Self.phrase(answer.status))
        switch fault {
        case "drop":
            headers[HTTPHeader("Content-Length")] = String(answer.body.count)
            return HTTPResponse(
                statusCode: status, headers: headers, body: HTTPBodySequence(from: FailingBody(bytes: []), count: answer.body.count))
        case "truncate":
            let half = Array(answer.body.prefix(answer.body.count / 2))
            return HTTPResponse(
                statusCode: status, headers: headers, body: HTTPBodySequence(from: FailingBody(bytes: half), count: answer.body.count))
        case "malformed" where answer.status == 200:
            let broken = Array(answer.body.prefix(max(1, answer.body.count / 3))) + Array("\u{0}<!-- upstream error -->".utf8)
            return HTTPResponse(
                statusCode: status, headers: headers, body: HTTPBodySequence(data: Data(broken), suggestedBufferSize: broken.count))
        default:
            // One write per response: chunked small writes stall keep-alive clients on delayed ACKs (MEASURED.md).
            return HTTPResponse(
                statusCode: status, headers: headers,
                body: HTTPBodySequence(data: Data(answer.body), suggestedBufferSize: max(answer.body.count, 1)))
        }
    }

    private func pickFault(_ number: UInt64) -> String? {
        let faults = configuration.faults
        guard !faults.isEmpty else { return nil }
        var roll = SimRandom.unit(seed: configuration.seed ^ 0xFA17, counter: number)
        for (name, share) in [
            ("500", faults.serverError), ("502", faults.badGateway), ("503", faults.unavailable), ("drop", faults.drop),
            ("truncate", faults.truncate), ("malformed", faults.malformed), ("slow", faults.slow), ("429", faults.throttled),
        ] {
            if roll < share { return name }
            roll -= share
        }
        return nil
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 402: return "Payment Required"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    // MARK: - Admin

    private func admin(_ request: HTTPRequest) async throws -> HTTPResponse {
        let answer: Answer
        switch (request.method, request.path) {
        case (.GET, "/_sim/export"):
            // The definitions as a JSON array (the --data format); with ?include=usage an object that also
            // holds the actions, saved insights and dashboards (with their tiles) as the API renders them.
            let definitions = await store.export()
            var writer = JSONWriter(capacity: definitions.count * 700 + 2)
            writer.raw("[")
            for (index, definition) in definitions.enumerated() {
                if index > 0 { writer.raw(",") }
                definition.write(to: &writer, members: store.members)
            }
            writer.raw("]")
            if request.query.contains(where: { $0.name == "include" && $0.value == "usage" }) {
                let usage = simulator.usage
                var boards: [[String: Any]] = []
                for dashboard in await usage.dashboards where !dashboard.deleted {
                    boards.append(await dashboardJSON(dashboard, full: true))
                }
                let rest = Self.bytes([
                    "actions": await usage.actions.map(Self.json), "insights": await usage.insights.filter { !$0.deleted }.map(Self.json),
                    "dashboards": boards,
                ])
                answer = Answer(status: 200, body: Array("{\"definitions\":".utf8) + writer.bytes + [UInt8(ascii: ",")] + rest.dropFirst())
            } else {
                answer = Answer(status: 200, body: writer.bytes)
            }
        case (.PUT, "/_sim/schema"), (.DELETE, "/_sim/schema"):
            // Attach a schema to an event ({"event", "properties": [{"name", "property_type", "is_required"…}]}), or
            // remove it (DELETE ?event=name): what editing a schema in PostHog's data management does.
            let body = (try? await request.bodyData) ?? Data()
            let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            let event = object["event"] as? String ?? request.query.first { $0.name == "event" }?.value ?? ""
            let raw = object["properties"] as? [[String: Any]] ?? []
            let properties = raw.compactMap(SimSchemaProperty.init(json:))
            if request.method == .PUT, properties.count != raw.count || object["properties"] == nil {
                answer = Answer(
                    status: 400,
                    json: .object([("detail", .string("expected {\"event\", \"properties\": [{\"name\", \"property_type\"}]}"))]))
            } else if await store.setSchema(name: event, properties: request.method == .PUT ? properties : nil) {
                answer = Answer(status: 200, json: .object([("event", .string(event)), ("properties", .int(properties.count))]))
            } else {
                answer = Answer(status: 404, json: .object([("detail", .string("no event named \(event)"))]))
            }
        case (.GET, "/_sim/stats"):
            answer = Answer(status: 200, json: await simulator.stats.json())
        case (.POST, "/_sim/capture"):
            // Ingestion of one event by name: {"event": "name"}; the definition as ingestion leaves it.
            let body = (try? await request.bodyData) ?? Data()
            if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let name = object["event"] as? String,
                !name.isEmpty
            {
                let definition = await store.capture(name: name)
                answer = Answer(status: 200, body: encode(definition))
            } else {
                answer = Answer(status: 400, json: .object([("detail", .string("expected {\"event\": \"name\"}"))]))
            }
        case (.POST, "/_sim/release-writes"):
            answer = Answer(status: 200, json: .object([("refused", .int(await simulator.writeGate.release()))]))
        case (.GET, "/_sim/held-writes"):
            answer = Answer(status: 200, json: .object([("held", .int(await simulator.writeGate.held))]))
        case (.POST, "/_sim/reset"):
            let fresh = (try? initialDefinitions(configuration)) ?? []
            await store.reset(to: fresh)
            await simulator.usage.reset(
                to: configuration.dataFile == nil
                    ? UsageGenerator(definitions: fresh, configuration: configuration, now: configuration.now ?? SimTime.now()).generate()
                    : ([], [], []))
            await simulator.stats.reset()
            answer = Answer(status: 200, json: .object([("definitions", .int(fresh.count))]))
        default:
            answer = Answer(.notFound())
        }
        var headers = HTTPHeaders()
        headers[HTTPHeader("Content-Type")] = "application/json"
        return HTTPResponse(
            statusCode: HTTPStatusCode(answer.status, phrase: Self.phrase(answer.status)), headers: headers,
            body: HTTPBodySequence(data: Data(answer.body), suggestedBufferSize: max(answer.body.count, 1)))
    }

    // MARK: - API

    /// Resolves the request to a route label (for stats) and an answer.
    private func route(_ request: HTTPRequest) async -> (String, Answer) {
        var parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 4, parts[0] == "api", parts[1] == "projects" || parts[1] == "environments" else {
            return ("other", Answer(.notFound()))
        }
        if parts[3] == "insights" || parts[3] == "actions" { return await usageRoute(request, parts: parts) }
        if parts[3] == "dashboards" { return await dashboardRoute(request, parts: parts) }
        guard parts[3] == "event_definitions" else { return ("other", Answer(.notFound())) }
        let projectText = parts[2]
        parts.removeFirst(4)
        let action: String
        var id: String?
        switch parts.count {
        case 0: action = request.method == .POST ? "create" : "list"
        case 1
        where ["bulk_update_tags", "bulk_update_verified", "by_name", "typescript", "golang", "python", "primary_properties"].contains(
            parts[0]):
            action = parts[0]
        case 1:
            id = parts[0]
            switch request.method {
            case .GET: action = "retrieve"
            case .PATCH: action = "partial_update"
            case .PUT: action = "update"
            case .DELETE: action = "destroy"
            default: action = "detail"
            }
        case 2 where parts[1] == "metrics":
            id = parts[0]
            action = "metrics"
        default:
            return ("other", Answer(.notFound()))
        }
        let label = "\(request.method.rawValue) \(action)"
        do {
            let body = request.method == .GET || request.method == .DELETE ? Data() : try await request.bodyData
            let key = try await authenticate(request, body: body)
            try await authorize(key: key, projectText: projectText, action: action)
            if Self.writeActions.contains(action), !(await simulator.writeGate.admit()) { return (label, Answer(.databaseUnavailable)) }
            return (label, try await perform(action, id: id, request: request, body: body, key: key))
        } catch let error as APIError {
            return (label, Answer(error))
        } catch {
            return (label, Answer(.serverError))
        }
    }

    private func siteURL(_ request: HTTPRequest) -> String {
        request.headers[HTTPHeader("Host")].map { "http://\($0)" } ?? configuration.siteURL
    }

    /// PersonalAPIKeyAuthentication: the header first, then the query string, then the body.
    func authenticate(_ request: HTTPRequest, body: Data) async throws(APIError) -> APIKey {
        var secret: String?
        var source = "Authorization header"
        if let header = request.headers[HTTPHeader("Authorization")] {
            let pieces = header.split(separator: " ", maxSplits: 1)
            if pieces.count == 2, pieces[0].lowercased() == "bearer" { secret = String(pieces[1]).trimmingCharacters(in: .whitespaces) }
        }
        if secret == nil, let value = request.query.first(where: { $0.name == "personal_api_key" })?.value {
            secret = value
            source = "query string"
        }
        if secret == nil, !body.isEmpty, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let value = object["personal_api_key"] as? String
        {
            secret = value
            source = "request body"
        }
        guard let secret else { throw APIError.notAuthenticated(siteURL: siteURL(request)) }
        guard let key = configuration.apiKeys.first(where: { $0.secret == secret }) else {
            throw APIError.invalidKey(source: source, siteURL: siteURL(request))
        }
        return key
    }

    /// Project lookup, the key's project restriction, scopes (read ⊂ write), then the throttles.
    private func authorize(key: APIKey, projectText: String, action: String) async throws(APIError) {
        try authorizeProject(key: key, projectText: projectText)
        let readActions = ["list", "retrieve", "by_name", "typescript", "golang", "python", "primary_properties"]
        if readActions.contains(action) {
            guard key.grants("event_definition:read") else {
                throw APIError.permissionDenied("API key missing required scope 'event_definition:read'")
            }
        } else if Self.writeActions.contains(action) {
            guard key.grants("event_definition:write") else {
                throw APIError.permissionDenied("API key missing required scope 'event_definition:write'")
            }
        } else {
            throw APIError.permissionDenied("This action does not support personal API key access")
        }
        if let wait = await simulator.limiter.check(key: key.secret, now: Date().timeIntervalSince1970) {
            throw APIError.throttled(wait: wait, retryAfter: configuration.retryAfterOn429)
        }
    }

    /// The project part of authorization: the id, the key's project restriction.
    func authorizeProject(key: APIKey, projectText: String) throws(APIError) {
        let projectID = projectText == "@current" ? configuration.projectID : Int(projectText)
        guard let projectID else { throw APIError.notFound("Project not found.") }
        if !key.projects.isEmpty, !key.projects.contains(projectID) {
            throw APIError.permissionDenied("API key does not have access to the requested project: ID \(projectID).")
        }
        guard projectID == configuration.projectID else { throw APIError.notFound("Project not found.") }
    }

    static let writeActions = ["create", "update", "partial_update", "destroy", "bulk_update_tags", "bulk_update_verified"]

    private func perform(_ action: String, id: String?, request: HTTPRequest, body: Data, key: APIKey) async throws(APIError) -> Answer {
        let query = request.query.map { ($0.name, $0.value) }
        switch action {
        case "list":
            let parsed = try ListQuery(items: query)
            let page = try await store.list(parsed)
            await store.churn()
            return Answer(status: 200, body: listBody(page, request: request, query: parsed))
        case "create":
            let object = try Self.object(body)
            let definition = try await store.create(body: object, userID: key.userID)
            return Answer(status: 201, body: encode(definition))
        case "retrieve":
            return Answer(status: 200, body: encode(try await store.definition(id: try Self.uuid(id))))
        case "partial_update", "update":
            let object = try Self.object(body)
            return Answer(status: 200, body: encode(try await store.update(id: try Self.uuid(id), body: object, userID: key.userID)))
        case "destroy":
            try await store.delete(id: try Self.uuid(id))
            return Answer(status: 204, body: [])
        case "detail":
            throw APIError(
                status: 405, type: "invalid_request", code: "method_not_allowed",
                detail: "Method \"\(request.method.rawValue)\" not allowed.", attr: nil)
        case "by_name":
            // These two answers are returned, not raised: a bare {"detail"} without the envelope (§6).
            guard let name = query.first(where: { $0.0 == "name" })?.1, !name.isEmpty else {
                return Answer(status: 400, json: .object([("detail", .string("Query parameter 'name' is required"))]))
            }
            guard let definition = await store.definition(named: name) else {
                return Answer(status: 404, json: .object([("detail", .string("Event definition with name '\(name)' not found"))]))
            }
            return Answer(status: 200, body: encode(definition))
        case "bulk_update_tags":
            return try await bulkUpdateTags(body)
        case "bulk_update_verified":
            return try await bulkUpdateVerified(body, userID: key.userID)
        case "primary_properties":
            let names = query.filter { $0.0 == "names" }.flatMap { $0.1.split(separator: ",").map(String.init) }
            let pairs = await store.primaryProperties(names: names)
            return Answer(status: 200, json: .object([("primary_properties", .object(pairs.map { ($0.0, .string($0.1)) }))]))
        case "typescript", "golang", "python":
            return await generatedCode(language: action)
        default:
            throw APIError.notFound()
        }
    }

    private func encode(_ definition: SimDefinition) -> [UInt8] {
        var writer = JSONWriter(capacity: 800)
        definition.write(to: &writer, members: store.members)
        return writer.bytes
    }

    /// DRF's envelope with `count_is_capped` after `results`, and absolute `next`/`previous` links.
    private func listBody(_ page: ProjectStore.Page, request: HTTPRequest, query: ListQuery) -> [UInt8] {
        var writer = JSONWriter(capacity: page.results.count * 800 + 256)
        writer.raw("{\"count\":")
        writer.int(page.count)
        writer.raw(",\"next\":")
        writer.optionalString(page.hasNext ? link(request, offset: query.offset + query.limit, limit: query.limit) : nil)
        writer.raw(",\"previous\":")
        if query.offset == 0 {
            writer.raw("null")
        } else {
            writer.string(link(request, offset: query.offset - query.limit <= 0 ? nil : query.offset - query.limit, limit: query.limit))
        }
        writer.raw(",\"results\":[")
        for (index, definition) in page.results.enumerated() {
            if index > 0 { writer.raw(",") }
            definition.write(to: &writer, members: store.members)
        }
        writer.raw("],\"count_is_capped\":")
        writer.bool(page.capped)
        writer.raw("}")
        return writer.bytes
    }

    /// DRF's `replace_query_param`: parse, replace, and re-encode with the keys sorted.
    private func link(_ request: HTTPRequest, offset: Int?, limit: Int) -> String {
        var items = request.query.map { ($0.name, $0.value) }.filter { $0.0 != "limit" && $0.0 != "offset" }
        items.append(("limit", String(limit)))
        if let offset { items.append(("offset", String(offset))) }
        let sorted = items.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        return siteURL(request) + request.target.path(percentEncoded: true) + "?" + Self.encode(sorted)
    }

    static func encode(_ items: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func escape(_ text: String) -> String {
            (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: "%20", with: "+")
        }
        return items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func object(_ body: Data) throws(APIError) -> [String: Any] {
        guard body.count <= 2_621_440 else {
            throw APIError(
                status: 400, type: "validation_error", code: "parse_error",
                detail: "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.", attr: nil)
        }
        if body.isEmpty { return [:] }
        guard let parsed = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            throw APIError(
                status: 400, type: "validation_error", code: "parse_error",
                detail: "JSON parse error - Expecting value: line 1 column 1 (char 0)", attr: nil)
        }
        guard let object = parsed as? [String: Any] else {
            throw APIError.validation(
                "Invalid data. Expected a dictionary, but got \(ProjectStore.typeName(parsed)).", attr: "non_field_errors", code: "invalid")
        }
        return object
    }

    /// A non-UUID id never reaches the database: 404 "Event definition not found." (§1).
    static func uuid(_ id: String?) throws(APIError) -> String {
        guard let id, UUID(uuidString: id) != nil else { throw APIError.notFound("Event definition not found.") }
        return id.lowercased()
    }

    /// The `ids` list both bulk endpoints take: 1 to 500 UUIDs, each error pointing at its item (`ids__3`).
    static func ids(_ object: [String: Any], emptyMessage: (String, String)) throws(APIError) -> [String] {
        guard let raw = object["ids"] else { throw .validation("This field is required.", attr: "ids", code: "required") }
        guard let ids = raw as? [Any] else {
            throw .validation("Expected a list of items but got type \"\(ProjectStore.typeName(raw))\".", attr: "ids", code: "not_a_list")
        }
        guard !ids.isEmpty else { throw .validation(emptyMessage.0, attr: "ids", code: emptyMessage.1) }
        guard ids.count <= 500 else {
            throw .validation("Ensure this field has no more than 500 elements.", attr: "ids", code: "max_length")
        }
        var uuids: [String] = []
        for (index, item) in ids.enumerated() {
            guard let text = item as? String, UUID(uuidString: text) != nil else {
                throw .validation("Must be a valid UUID.", attr: "ids__\(index)")
            }
            uuids.append(text.lowercased())
        }
        return uuids
    }

    /// `action` and `tags` of a `bulk_update_tags` body, as the tagged-item serializer checks them (§4.9):
    /// tags stripped, lower-cased and de-duplicated; `ids × tags` at most 10,000.
    static func bulkTagChange(_ object: [String: Any], ids: Int) throws(APIError) -> (action: String, tags: [String]) {
        guard let action = object["action"] as? String else {
            throw object["action"] == nil
                ? .validation("This field is required.", attr: "action", code: "required")
                : .validation("\"\(object["action"]!)\" is not a valid choice.", attr: "action", code: "invalid_choice")
        }
        guard ["add", "remove", "set"].contains(action) else {
            throw .validation("\"\(action)\" is not a valid choice.", attr: "action", code: "invalid_choice")
        }
        guard let rawTags = object["tags"] else { throw .validation("This field is required.", attr: "tags", code: "required") }
        guard let tagList = rawTags as? [Any] else {
            throw .validation(
                "Expected a list of items but got type \"\(ProjectStore.typeName(rawTags))\".", attr: "tags", code: "not_a_list")
        }
        guard tagList.count <= 100 else {
            throw .validation("Ensure this field has no more than 100 elements.", attr: "tags", code: "max_length")
        }
        var tags: [String] = []
        for (index, item) in tagList.enumerated() {
            guard let text = item as? String else { throw .validation("Not a valid string.", attr: "tags__\(index)") }
            guard text.count <= 255 else {
                throw .validation("Ensure this field has no more than 255 characters.", attr: "tags__\(index)", code: "max_length")
            }
            let tag = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if !tag.isEmpty, !tags.contains(tag) { tags.append(tag) }
        }
        if action != "set", tags.isEmpty { throw .validation("tags must not be empty for action '\(action)'.", attr: "tags") }
        guard ids * tags.count <= 10_000 else {
            throw .validation("Too many changes in one request: ids × distinct tags must not exceed 10000.", attr: "tags")
        }
        return (action, tags)
    }

    private func bulkUpdateTags(_ body: Data) async throws(APIError) -> Answer {
        let object = try Self.object(body)
        let uuids = try Self.ids(object, emptyMessage: ("This list may not be empty.", "empty"))
        let (action, tags) = try Self.bulkTagChange(object, ids: uuids.count)
        let (updated, skipped) = await store.bulkUpdateTags(ids: uuids, action: action, tags: tags)
        return Answer(
            status: 200,
            json: .object([
                ("updated", .array(updated.map { .object([("id", .string($0.0)), ("tags", .array($0.1.map { .string($0) }))]) })),
                ("skipped", .array(skipped.map { .object([("id", .string($0.0)), ("reason", .string($0.1))]) })),
            ]))
    }

    private func bulkUpdateVerified(_ body: Data, userID: Int) async throws(APIError) -> Answer {
        let object = try Self.object(body)
        let uuids = try Self.ids(object, emptyMessage: ("Ensure this field has at least 1 elements.", "min_length"))
        guard let raw = object["verified"], let verified = ProjectStore.boolean(raw) else {
            throw .validation("This field is required.", attr: "verified", code: "required")
        }
        let (updated, skipped) = await store.bulkUpdateVerified(ids: uuids, verified: verified, userID: userID)
        return Answer(
            status: 200,
            json: .object([
                ("updated", .array(updated.map { .object([("id", .string($0.0)), ("verified", .bool($0.1))]) })),
                ("skipped", .array(skipped.map { .object([("id", .string($0.0)), ("reason", .string($0.1))]) })),
            ]))
    }

    /// `event_definitions/{typescript,golang,python}/` (posthog-api-2.md §1): JSON with the content, or, for
    /// TypeScript with `--legacy-typescript-text`, the module as `text/plain` as older PostHog answered.
    private func generatedCode(language: String) async -> Answer {
        let events = await store.generatorEvents()
        let version = CodeGenerators.version(language)
        let content = CodeGenerators.content(language, events: events, at: SimTime.now())
        if language == "typescript", configuration.legacyTypeScriptText {
            var answer = Answer(status: 200, body: Array(content.utf8))
            answer.contentType = "text/plain; charset=utf-8"
            return answer
        }
        return Answer(
            status: 200,
            json: .object([
                ("content", .string(content)), ("event_count", .int(events.count)),
                ("schema_hash", .string(CodeGenerators.schemaHash(events, version: version))), ("generator_version", .string(version)),
            ]))
    }
}
