/// Everything that shapes one simulated PostHog: data, auth, limits, odd behaviours and trouble.
public struct SimulatorConfiguration: Sendable {
    /// Port on 127.0.0.1; 0 picks a free one.
    public var port: UInt16 = 0
    /// The project id served (`@current` resolves to it).
    public var projectID: Int = 1
    /// Definitions to generate.
    public var definitions: Int = 1_000
    /// Seed for data, faults, latency jitter and churn.
    public var seed: UInt64 = 1
    /// A JSON file (an array of definitions in API shape) to serve instead of generated data.
    public var dataFile: String?
    /// Personal API keys and their scopes.
    public var apiKeys: [APIKey] = [APIKey.localDefault]
    /// Requests per minute per key (PostHog's burst throttle); 0 turns it off.
    public var ratePerMinute: Int = 480
    /// Requests per hour per key (PostHog's sustained throttle); 0 turns it off.
    public var ratePerHour: Int = 4_800
    /// Length of the "minute" window in seconds (60 as PostHog); tests shorten it to see throttling quickly.
    public var rateWindowSeconds: Double = 60
    /// Whether a 429 carries `Retry-After` (PostHog's handler most likely drops it; see posthog-api.md §8).
    public var retryAfterOn429: Bool = false
    /// Base latency per API request, in milliseconds, with ±25% deterministic jitter.
    public var latencyMilliseconds: Int = 0
    /// Injected faults.
    public var faults: FaultSpec = FaultSpec()
    /// Writes applied before later ones are held until `POST /_sim/release-writes` (nil: never held); for
    /// tests that stop a client part-way through its writes.
    public var holdWritesAfter: Int?
    /// Definitions created and deleted per list request while a crawl runs.
    public var churnPerRequest: Int = 0
    /// Rows one list request may materialise before it answers 503 `event_definitions_timeout`; 0 is unlimited.
    public var statementBudget: Int = 0
    /// Whether the organization has the ingestion-taxonomy add-on; without it every PATCH/PUT answers 402.
    public var taxonomyAddOn: Bool = true
    /// Whether the `schema-enforcement-reject` feature flag is on for the user.
    public var rejectFlag: Bool = true
    /// Status for a well-formed UUID that does not exist: 500 as PostHog most likely answers, or 404.
    public var missingIDStatus: Int = 500
    /// Whether personal API keys may call the dashboard actions PostHog declares no scopes for
    /// (`bulk_update_tags`, `create_from_template_json`, `stream_tiles`, `snapshot`, `create_unlisted_dashboard`,
    /// posthog-api-2.md §4.1); off, they answer 403 as PostHog does; newer PostHog may differ.
    public var personalKeyDashboardActions = false
    /// `typescript/` answers `text/plain` with the module, as PostHog did before the JSON answer (posthog-api.md §6).
    public var legacyTypeScriptText = false
    /// Saved insights and dashboards to generate; nil scales them with the definitions.
    public var insights: Int?
    /// Dashboards to generate; nil scales them with the definitions.
    public var dashboards: Int?
    /// The public site URL used in absolute `next` links when the request has no Host header.
    public var siteURL: String = "http://127.0.0.1"
    /// The instant the generated project is seen from (microseconds); nil means the real clock.
    public var now: Micros?

    /// The defaults: 1,000 definitions, PostHog Cloud's limits, no trouble.
    public init() {}
}

/// A personal API key with its scopes and, optionally, the projects it is limited to.
public struct APIKey: Sendable, Hashable {
    /// The secret.
    public var secret: String
    /// Scopes such as `event_definition:read`, or `*`.
    public var scopes: Set<String>
    /// Projects it may touch; empty means all.
    public var projects: Set<Int>
    /// The user it belongs to.
    public var userID: Int

    /// The key `posthog-sim` accepts when none is given (documented in the README; not a real key).
    public static let localDefault = APIKey(secret: "phx_posthog_sim_local_key", scopes: ["*"], projects: [], userID: 1)

    /// Creates a key.
    public init(secret: String, scopes: Set<String>, projects: Set<Int> = [], userID: Int = 1) {
        self.secret = secret
        self.scopes = scopes
        self.projects = projects
        self.userID = userID
    }

    /// Parses `KEY[:scope,scope…][@project,project…]`; no scopes means `*`.
    public init?(spec: String) {
        var rest = Substring(spec)
        var projects: Set<Int> = []
        if let at = rest.lastIndex(of: "@") {
            let list = rest[rest.index(after: at)...].split(separator: ",")
            let parsed = list.compactMap { Int($0) }
            guard parsed.count == list.count, !parsed.isEmpty else { return nil }
            projects = Set(parsed)
            rest = rest[..<at]
        }
        var scopes: Set<String> = ["*"]
        if let colon = rest.firstIndex(of: ":") {
            scopes = Set(rest[rest.index(after: colon)...].split(separator: ",").map(String.init))
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { return nil }
        self.init(secret: String(rest), scopes: scopes, projects: projects)
    }

    /// Whether the key grants `scope`; `:write` implies `:read`, `*` grants all.
    public func grants(_ scope: String) -> Bool {
        if scopes.contains("*") || scopes.contains(scope) { return true }
        if scope.hasSuffix(":read") { return scopes.contains(String(scope.dropLast(5)) + ":write") }
        return false
    }
}

/// Fractions of API requests that go wrong, decided deterministically from the seed and request number.
public struct FaultSpec: Sendable, Hashable {
    /// Share of requests answered 500.
    public var serverError: Double = 0
    /// Share of requests answered 502.
    public var badGateway: Double = 0
    /// Share of requests answered 503.
    public var unavailable: Double = 0
    /// Share of connections dropped.
    public var drop: Double = 0
    /// Share of responses cut short.
    public var truncate: Double = 0
    /// Share of bodies garbled.
    public var malformed: Double = 0
    /// Share of responses delayed.
    public var slow: Double = 0
    /// Share of requests throttled (429 in DRF's envelope, "Expected available in 1 second."), whatever the rate.
    public var throttled: Double = 0
    /// How long a slow response waits, in milliseconds.
    public var slowMilliseconds: Int = 2_000

    /// No faults.
    public init() {}

    /// Parses `500=0.05,502=0.01,503=0.02,429=0.01,drop=0.01,truncate=0.01,malformed=0.01,slow=0.02,slow_ms=1500`.
    public init(spec: String) throws(SimulatorError) {
        for part in spec.split(separator: ",") where !part.isEmpty {
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, let value = Double(pieces[1]), value >= 0 else {
                throw SimulatorError("--faults: '\(part)' is not NAME=FRACTION")
            }
            switch pieces[0] {
            case "500": serverError = value
            case "502": badGateway = value
            case "503": unavailable = value
            case "drop": drop = value
            case "truncate": truncate = value
            case "malformed": malformed = value
            case "slow": slow = value
            case "429": throttled = value
            case "slow_ms": slowMilliseconds = Int(value)
            default:
                throw SimulatorError(
                    "--faults: unknown fault '\(pieces[0])'; use 500, 502, 503, 429, drop, truncate, malformed, slow, slow_ms")
            }
        }
        guard serverError + badGateway + unavailable + drop + truncate + malformed + slow + throttled <= 1 else {
            throw SimulatorError("--faults: the fractions add up to more than 1")
        }
    }

    /// Whether any fault is configured.
    public var isEmpty: Bool { serverError + badGateway + unavailable + drop + truncate + malformed + slow + throttled == 0 }
}

/// A problem with the simulator's own configuration.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    /// How it reads in messages and output.
    public let description: String
    /// Creates one from its parts.
    public init(_ description: String) { self.description = description }
}
