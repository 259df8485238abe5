/// What went wrong talking to PostHog, in words a person can act on.
public enum PostHogAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad host, project or key configuration, found before any request (exit 2).
    case configuration(String)
    /// 401: no key was accepted.
    case unauthorized(String)
    /// 403: the key lacks a scope.
    case missingScope(scope: String, detail: String)
    /// 403: the key or user cannot see this project.
    case projectForbidden(String)
    /// 404: no such project.
    case projectNotFound(String)
    /// 402: the organization lacks the ingestion-taxonomy add-on.
    case paymentRequired(String)
    /// 400 from PostHog: the request was refused as invalid.
    case rejected(status: Int, detail: String)
    /// The server could not be reached or kept failing after retries.
    case unavailable(String)
    /// The server answered something that is not PostHog's API.
    case badResponse(String)
    /// The server redirected to another origin, which would carry the key there.
    case refusedRedirect(String)

    /// How it reads in messages and output.
    public var description: String {
        switch self {
        case .configuration(let message): return message
        case .unauthorized(let detail):
            return
                "PostHog rejected the personal API key (401: \(detail)). Check POSTHOG_PERSONAL_API_KEY or --api-key-file, and that the key was not revoked."
        case .missingScope(let scope, let detail):
            return
                "The personal API key lacks the scope '\(scope)' (403: \(detail)). Create a key with \(scope) in PostHog under Settings → Personal API keys."
        case .projectForbidden(let detail):
            return
                "The key has no access to this project (403: \(detail)). Check --project, or the key's project and organization restrictions."
        case .projectNotFound(let detail):
            return
                "PostHog does not know this project (404: \(detail)). Check --project (a number, or @current) and --host (us.posthog.com or eu.posthog.com)."
        case .paymentRequired(let detail):
            return "PostHog refused the change: the organization lacks the ingestion-taxonomy add-on (402: \(detail))."
        case .rejected(let status, let detail):
            return "PostHog refused the request (\(status): \(detail))."
        case .unavailable(let detail): return "PostHog could not be reached: \(detail)."
        case .badResponse(let detail): return "PostHog answered something unexpected: \(detail)."
        case .refusedRedirect(let detail): return detail
        }
    }

    /// Whether this is a local configuration problem (exit 2) rather than an API failure (exit 3).
    public var isConfiguration: Bool {
        if case .configuration = self { return true }
        return false
    }
}
