import Foundation
import Yams

/// The settings a project keeps in git beside its policy, at the top of `steward.yml`: where PostHog is, where
/// history and reports go, which policy and formats, how to gate and fetch. Each value remembers where it was
/// written, so `steward config` can say where every effective setting came from.
///
/// Validated as strictly as policies: an unknown key or a wrong type is an error at `file:line:column`. The
/// API key is never a setting: a key written here is refused, naming the places a key belongs.
public struct ProjectSettings: Sendable, Equatable {
    /// A value and where in the file it was written.
    public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
        /// The value.
        public var value: Value
        /// Where it was written.
        public var location: SourceLocation
    }

    /// The PostHog host.
    public var host: Located<String>?
    /// The project id or `@current`.
    public var project: Located<String>?
    /// The history database.
    public var db: Located<String>?
    /// Policy files or presets, in order (later ones win); the file's own policy keys come after them.
    public var policy: Located<[String]>?
    /// Report formats.
    public var format: Located<[String]>?
    /// Where file reports are written.
    public var outputDir: Located<String>?
    /// The lowest severity that fails a run: error, warning, info or never.
    public var failOn: Located<String>?
    /// Definitions per request.
    public var pageSize: Located<Int>?
    /// Requests in flight.
    public var concurrency: Located<Int>?
    /// The tracking plan file.
    public var plan: Located<String>?
    /// The tag `steward fix --tag-at-risk` puts on dashboards that chart hidden or stale events.
    public var atRiskTag: Located<String>?
    /// The name of the dashboard `steward publish` keeps.
    public var dashboardName: Located<String>?

    /// The file it was read from, nil when there is none.
    public var file: String?
    /// Whether the file also holds policy keys (`extends`, `scope`, `rules`, …), so that it is a policy too.
    public var hasPolicyKeys = false
    /// Whether the file is empty (nothing but comments and blank lines).
    public var isEmpty = false

    /// No settings.
    public init() {}

    /// The setting keys, in the order `steward config` shows them.
    public static let keys = [
        "host", "project", "db", "policy", "format", "output_dir", "fail_on", "page_size", "concurrency", "plan", "at_risk_tag",
        "dashboard_name",
    ]

    /// Keys that look like an API key; a key is never a setting.
    static let keyLikeKeys = ["api_key", "personal_api_key", "key", "token", "posthog_personal_api_key", "apikey"]

    /// Reads `path` when it exists; nil when it does not. Errors carry `file:line:column`.
    public static func load(path: String) throws(PolicyError) -> ProjectSettings? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try parse(text: try PolicyLoader.readText(path: path, what: "the settings file"), file: path)
    }

    /// Reads settings from text (the file's name is used in messages).
    public static func parse(text: String, file: String) throws(PolicyError) -> ProjectSettings {
        var settings = ProjectSettings()
        settings.file = file
        let node = try PolicyLoader.compose(text, file: file)
        guard let node else {
            settings.isEmpty = true
            return settings
        }
        let root = PolicyNode(node: node, file: file)
        guard case .mapping = root.node else {
            throw PolicyError(
                "\(file) is not a settings and policy file: its top level is \(root.kindOnly), not a mapping",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        let allowed = keys + PolicyLoader.topLevelKeys
        for entry in try root.mapping("steward.yml") {
            if keyLikeKeys.contains(entry.key.lowercased()) {
                throw entry.keyNode.error(
                    "'\(entry.key)': the API key is never a setting (a file in git is read by everyone who can read the repository); "
                        + "set POSTHOG_PERSONAL_API_KEY or pass --api-key-file")
            }
            guard allowed.contains(entry.key) else {
                throw entry.keyNode.error(
                    "unknown key '\(entry.key)' in \(file)\(Suggestion.didYouMean(entry.key, among: allowed)); settings: \(keys.joined(separator: ", ")); policy keys: \(PolicyLoader.topLevelKeys.joined(separator: ", "))"
                )
            }
            let value = entry.value
            let at = value.location
            switch entry.key {
            case "host": settings.host = Located(value: try value.nonEmptyString("host"), location: at)
            case "project":
                // A numeric id is written bare in YAML; it is read as the text it is.
                settings.project = Located(value: try value.nonEmptyString("project"), location: at)
            case "db": settings.db = Located(value: try value.nonEmptyString("db"), location: at)
            case "policy": settings.policy = Located(value: try value.stringOrStrings("policy"), location: at)
            case "format": settings.format = Located(value: try value.stringOrStrings("format"), location: at)
            case "output_dir": settings.outputDir = Located(value: try value.nonEmptyString("output_dir"), location: at)
            case "fail_on":
                let text = try value.nonEmptyString("fail_on")
                let choices = ["error", "warning", "info", "never"]
                guard choices.contains(text) else {
                    throw value.error(
                        "fail_on must be one of \(choices.joined(separator: ", "))\(Suggestion.didYouMean(text, among: choices)); found '\(text)'"
                    )
                }
                settings.failOn = Located(value: text, location: at)
            case "page_size": settings.pageSize = Located(value: try value.integer("page_size", minimum: 1, maximum: 100_000), location: at)
            case "concurrency":
                settings.concurrency = Located(value: try value.integer("concurrency", minimum: 1, maximum: 64), location: at)
            case "plan": settings.plan = Located(value: try value.nonEmptyString("plan"), location: at)
            case "at_risk_tag": settings.atRiskTag = Located(value: try value.nonEmptyString("at_risk_tag"), location: at)
            case "dashboard_name": settings.dashboardName = Located(value: try value.nonEmptyString("dashboard_name"), location: at)
            default: settings.hasPolicyKeys = true
            }
        }
        return settings
    }
}

extension PolicyNode {
    /// One non-empty string or a list of them (`format: json` or `format: [json, html]`).
    func stringOrStrings(_ what: String) throws(PolicyError) -> [String] {
        if case .scalar = node { return [try nonEmptyString(what)] }
        let values = try strings(what)
        guard !values.isEmpty else { throw error("\(what) must name at least one entry") }
        for (index, value) in values.enumerated() where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw error("item \(index + 1) of \(what) is empty")
        }
        return values
    }
}
