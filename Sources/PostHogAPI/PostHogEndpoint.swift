import Foundation

/// Where a project's event definitions live: host and project, checked before any request is made.
public struct PostHogEndpoint: Sendable, Equatable {
    /// The default host, PostHog Cloud US.
    public static let defaultHost = "https://us.posthog.com"

    /// Scheme, host and port, without a trailing slash.
    public let base: URL
    /// The project id, or `@current`.
    public let project: String

    /// Validates the host (HTTPS, or plain HTTP to loopback only) and the project id.
    public init(host: String, project: String) throws(PostHogAPIError) {
        var text = host.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let hostName = url.host, !hostName.isEmpty else {
            throw .configuration("--host '\(host)' is not a URL like https://us.posthog.com.")
        }
        guard url.path.isEmpty || url.path == "/" else {
            throw .configuration("--host '\(host)' must be the site's root (like https://eu.posthog.com), without a path.")
        }
        switch scheme {
        case "https": break
        case "http":
            guard Self.isLoopback(hostName) else {
                throw .configuration(
                    "refusing to send the API key over plain HTTP to \(hostName): use https:// (plain http is allowed only to 127.0.0.1, ::1 or localhost)."
                )
            }
        default:
            throw .configuration("--host '\(host)' must start with https://.")
        }
        let trimmedProject = project.trimmingCharacters(in: .whitespaces)
        guard trimmedProject == "@current" || (Int(trimmedProject).map { $0 > 0 } ?? false) else {
            throw .configuration("--project '\(project)' must be a project id (a positive number) or @current.")
        }
        base = url
        self.project = trimmedProject
    }

    /// Whether `host` is a loopback address or name.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// `…/api/projects/{project}/{resource}/` (event definitions unless told) plus a path and query.
    func url(_ path: String = "", query: [(String, String)] = [], resource: String = "event_definitions") -> URL {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        components.path = "/api/projects/\(project)/\(resource)/" + path
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return components.url!
    }

    /// `scheme://host:port` with the default port made explicit, lower-cased; nil for a URL without a host.
    static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else { return nil }
        let port = url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)
        return "\(scheme)://\(host):\(port)"
    }

    /// The host as a person writes it.
    public var hostDescription: String { base.absoluteString }
}
