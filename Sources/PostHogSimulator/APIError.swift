/// An error answer in PostHog's envelope (`type`, `code`, `detail`, `attr`), from drf-exceptions-hog.
struct APIError: Error, Sendable {
    var status: Int
    var type: String
    var code: String
    var detail: String
    var attr: String?
    var headers: [(String, String)] = []

    var body: [UInt8] {
        JSONValue.object([("type", .string(type)), ("code", .string(code)), ("detail", .string(detail)), ("attr", .optional(attr))]).bytes
    }

    static func validation(_ detail: String, attr: String? = nil, code: String = "invalid_input") -> APIError {
        APIError(status: 400, type: "validation_error", code: code, detail: detail, attr: attr)
    }

    static func notFound(_ detail: String = "Not found.") -> APIError {
        APIError(status: 404, type: "invalid_request", code: "not_found", detail: detail, attr: nil)
    }

    static func permissionDenied(_ detail: String) -> APIError {
        APIError(status: 403, type: "authentication_error", code: "permission_denied", detail: detail, attr: nil)
    }

    static let serverError = APIError(status: 500, type: "server_error", code: "error", detail: "A server error occurred.", attr: nil)

    static func notAuthenticated(siteURL: String) -> APIError {
        APIError(
            status: 401, type: "authentication_error", code: "not_authenticated",
            detail: "Authentication credentials were not provided.", attr: nil,
            headers: [("WWW-Authenticate", "Bearer resource_metadata=\"\(siteURL)/.well-known/oauth-protected-resource\"")])
    }

    static func invalidKey(source: String, siteURL: String) -> APIError {
        APIError(
            status: 401, type: "authentication_error", code: "authentication_failed",
            detail: "Personal API key found in request \(source) is invalid.", attr: nil,
            headers: [("WWW-Authenticate", "Bearer resource_metadata=\"\(siteURL)/.well-known/oauth-protected-resource\"")])
    }

    static func throttled(wait: Int, retryAfter: Bool) -> APIError {
        APIError(
            status: 429, type: "throttled_error", code: "throttled",
            detail: "Request was throttled. Expected available in \(wait) second\(wait == 1 ? "" : "s").", attr: nil,
            headers: retryAfter ? [("Retry-After", String(wait))] : [])
    }

    static let paymentRequired = APIError(
        status: 402, type: "server_error", code: "payment_required",
        detail: "Ingestion taxonomy is part of the PostHog Cloud Scale add-on. To use it, please subscribe to the add-on.", attr: nil)

    static let listTimeout = APIError(
        status: 503, type: "server_error", code: "event_definitions_timeout",
        detail: "Loading events took too long. Try a narrower search, or try again in a moment.", attr: nil)

    static let databaseUnavailable = APIError(
        status: 503, type: "server_error", code: "database_unavailable",
        detail: "We couldn't reach the database just now. Please try again in a moment.", attr: nil, headers: [("Retry-After", "1")])
}
