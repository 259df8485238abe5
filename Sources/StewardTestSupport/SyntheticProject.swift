import StewardCore

/// Deterministic, realistic-looking PostHog projects for tests, the sample file and benchmarks.
///
/// The mix follows what real projects send: mostly snake_case, with lower words, Title Case,
/// namespaced and camelCase names beside it; PostHog's own events; dynamic names in clusters;
/// near-duplicates; missing owners and descriptions; stale, hidden and never-seen definitions.
public struct SyntheticProject: Sendable {
    /// Number of definitions to make.
    public var count: Int
    /// Seed; the same seed gives the same project.
    public var seed: UInt64
    /// The instant the project is seen from.
    public var now: Timestamp
    /// Whether to include names built to break reports (markup, control characters, table breakers).
    public var includeHostileNames: Bool

    /// Describes a project.
    public init(count: Int, seed: UInt64 = 42, now: Timestamp = Fixtures.now, includeHostileNames: Bool = false) {
        self.count = count
        self.seed = seed
        self.now = now
        self.includeHostileNames = includeHostileNames
    }

    static let objects = [
        "button", "page", "form", "checkout", "cart", "order", "product", "invoice", "report", "dashboard",
        "invite", "team", "project", "subscription", "plan", "trial", "coupon", "search", "filter", "export",
        "file", "comment", "message", "notification", "profile", "settings", "password", "payment", "card",
        "onboarding", "tour", "survey", "experiment", "insight", "chart", "video", "article", "signup",
        "session", "workspace", "integration", "webhook", "api_key", "billing", "pricing_page",
        "upgrade_modal", "sidebar", "editor", "template", "recording",
    ]
    static let pastVerbs = [
        "viewed", "clicked", "created", "submitted", "started", "completed", "failed", "deleted", "updated",
        "opened", "closed", "shared", "exported", "invited", "added", "removed", "cancelled", "sent",
        "downloaded", "uploaded",
    ]
    static let presentVerbs = [
        "view", "click", "create", "submit", "start", "end", "cancel", "fail", "add", "remove", "send",
        "update", "delete", "invite", "generate",
    ]
    static let categories = [
        "signup_flow", "account_settings", "checkout", "onboarding", "billing", "editor", "dashboard",
        "search", "admin",
    ]
    static let tags = ["growth", "billing", "core", "marketing", "mobile", "web", "pii", "experiment", "legacy", "critical"]
    static let members: [User] = [
        User(id: 1, uuid: "01890000-0000-7000-8000-000000000001", firstName: "Ana", lastName: "Silva", email: "ana@example.com"),
        User(id: 2, uuid: "01890000-0000-7000-8000-000000000002", firstName: "Ben", lastName: "Okafor", email: "ben@example.com"),
        User(id: 3, uuid: "01890000-0000-7000-8000-000000000003", firstName: "Chen", lastName: "Wei", email: "chen@example.com"),
        User(id: 4, uuid: "01890000-0000-7000-8000-000000000004", firstName: "Dara", lastName: "Murphy", email: "dara@example.com"),
        User(id: 5, uuid: "01890000-0000-7000-8000-000000000005", firstName: "Eve", lastName: "Larsen", email: "eve@example.com"),
        User(
            id: 6, uuid: "01890000-0000-7000-8000-000000000006", firstName: "Femi", lastName: "Adeyemi", email: "contractor.femi@gmail.com"),
    ]
    static let postHogEvents = [
        "$pageview", "$pageleave", "$autocapture", "$screen", "$identify", "$groupidentify", "$set",
        "$feature_flag_called", "$exception", "$rageclick", "$dead_click", "$web_vitals", "$opt_in",
        "$survey_shown", "$survey_sent", "$survey_dismissed", "$ai_generation", "$create_alias",
        "Application Installed", "Application Updated", "Application Opened",
        "Application Became Active", "Application Backgrounded", "Deep Link Opened",
    ]
    static let hostileNames = [
        "<script>alert('steward')</script>", "\" onmouseover=\"alert(1)", "<img src=x onerror=alert(1)>",
        "[click me](javascript:alert(1))", "| table | breaker |", "`code` **bold** _under_",
        "\u{1B}[31mred alert\u{1B}[0m", "bell\u{07}ring", "right\u{202E}txt.exe", "emoji 🎉 launched",
        "line\nbreak", String(repeating: "very_long_event_name_", count: 30),
    ]

    /// The definitions, deterministic for (count, seed, now, includeHostileNames).
    public func definitions() -> [EventDefinition] {
        var random = SplitMix64(seed: seed)
        var names: [String] = []
        var used: Set<String> = []
        names.reserveCapacity(count)
        func add(_ name: String) -> Bool {
            guard names.count < count, used.insert(name).inserted else { return false }
            names.append(name)
            return true
        }
        for name in Self.postHogEvents where names.count < min(count, Self.postHogEvents.count) { _ = add(name) }
        if includeHostileNames { for name in Self.hostileNames { _ = add(name) } }
        var clusterBudget = count / 12
        var attempts = 0
        while names.count < count {
            attempts += 1
            let roll = random.next(100)
            if clusterBudget > 0, roll < 6 {
                // A dynamic-name cluster: one template, many values.
                let size = min(clusterBudget, 5 + random.next(max(6, count / 40)), count - names.count)
                clusterBudget -= size
                let object = random.pick(Self.objects), verb = random.pick(Self.pastVerbs)
                let kind = random.next(6)
                for index in 0..<size {
                    let value: String
                    switch kind {
                    case 0: value = "user_\(10_000 + random.next(900_000))_\(verb)"
                    case 1: value = "\(object)_\(Self.uuid(&random))_\(verb)"
                    case 2: value = "\(verb) /\(object)/\(100 + random.next(99_900))"
                    case 3:
                        value =
                            "invite_sent_to_\(random.pick(["ana", "li", "sam", "jo", "kim"]))\(random.next(10_000))@\(random.pick(["gmail.com", "acme.io", "example.org"]))"
                    case 4: value = "report_2026-\(Self.two(1 + random.next(12)))-\(Self.two(1 + random.next(28)))_\(verb)"
                    default: value = "step_\(index + 1)_\(object)_\(verb)"
                    }
                    _ = add(value)
                }
                continue
            }
            let object = random.pick(Self.objects)
            let second = random.next(3) == 0 ? "_" + random.pick(Self.objects) : ""
            let verb = random.pick(Self.pastVerbs)
            let base: String
            switch roll {
            case 0..<62: base = "\(object)\(second)_\(verb)"
            case 62..<72: base = "\(object)\(second) \(verb)".replacingUnderscores(with: " ")
            case 72..<82: base = "\(object)\(second) \(verb)".replacingUnderscores(with: " ").titleCased
            case 82..<87: base = "\(random.pick(Self.categories)):\(object)\(second)_\(random.pick(Self.presentVerbs))"
            case 87..<90: base = "\(random.pick(["web", "ios", "android"])).\(object)\(second)_\(verb)"
            case 90..<94: base = "\(object)\(second) \(verb)".replacingUnderscores(with: " ").camelCased
            case 94..<97:
                // A near-duplicate of an earlier custom name, written in another style.
                let earlier = names[random.next(names.count)]
                base = earlier.contains("_") && !earlier.hasPrefix("$") ? earlier.replacingUnderscores(with: " ").titleCased : earlier + "s"
            default: base = "\(object)\(second)-\(verb)"
            }
            if !add(base), attempts > count * 4 {
                _ = add("\(base)_v\(names.count)")
            }
        }
        return names.enumerated().map { makeDefinition(index: $0.offset, name: $0.element, random: &random) }
    }

    private func makeDefinition(index: Int, name: String, random: inout SplitMix64) -> EventDefinition {
        let day: Int64 = 86_400
        let seenRoll = random.next(100)
        let lastSeen: Timestamp?
        switch seenRoll {
        case 0..<60:
            lastSeen = Timestamp(
                seconds: now.seconds - Int64(random.next(30)) * day - Int64(random.next(86_400)),
                microseconds: Int32(random.next(1_000_000)))
        case 60..<80: lastSeen = Timestamp(seconds: now.seconds - Int64(30 + random.next(150)) * day - Int64(random.next(86_400)))
        case 80..<95: lastSeen = Timestamp(seconds: now.seconds - Int64(180 + random.next(700)) * day)
        default: lastSeen = nil
        }
        let created = Timestamp(seconds: (lastSeen ?? now).seconds - Int64(random.next(900)) * day - Int64(random.next(86_400)))
        let hidden = random.next(100) < 6
        let verified = !hidden && random.next(100) < 12
        let owner: User? = random.next(100) < 55 ? random.pick(Self.members) : nil
        let descriptionRoll = random.next(100)
        let description: String? =
            descriptionRoll < 30
            ? "Sent when a person \(name.replacingUnderscores(with: " ")) in the app."
            : descriptionRoll < 35 ? "TODO" : descriptionRoll < 85 ? "" : nil
        var tags: [String] = []
        if random.next(100) < 45 {
            tags.append(random.pick(Self.tags))
            if random.next(3) == 0 { tags.append(random.pick(Self.tags)) }
        }
        return EventDefinition(
            id: Self.definitionID(index: index, seed: seed), name: name, owner: owner, description: description,
            tags: Array(Set(tags)).sorted(), createdAt: created,
            updatedAt: Timestamp(seconds: created.seconds + Int64(random.next(1000)) * 3600), updatedBy: owner,
            lastSeenAt: lastSeen, verified: verified, verifiedAt: verified ? created : nil, verifiedBy: verified ? owner : nil,
            hidden: hidden, enforcementMode: random.next(100) < 2 ? .reject : .allow, primaryProperty: nil, isAction: false,
            postToSlack: false, defaultColumns: [], mediaPreviewURLs: [])
    }

    /// A stable UUIDv7-shaped id for the n-th definition.
    static func definitionID(index: Int, seed: UInt64) -> String {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        let time = String(0x0189_0000_0000 + index, radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - time.count)) + time
        let tail = String(random.nextRaw() & 0xFFFF_FFFF_FFFF, radix: 16)
        let tailPadded = String(repeating: "0", count: max(0, 12 - tail.count)) + tail
        return
            "\(padded.prefix(8))-\(padded.dropFirst(8).prefix(4))-7\(String(random.next(4096), radix: 16).leftPadded(3))-8\(String(random.next(4096), radix: 16).leftPadded(3))-\(tailPadded)"
    }

    static func uuid(_ random: inout SplitMix64) -> String {
        let hex = (0..<32).map { _ in String(random.next(16), radix: 16) }.joined()
        let chars = Array(hex)
        return
            "\(String(chars[0..<8]))-\(String(chars[8..<12]))-4\(String(chars[13..<16]))-a\(String(chars[17..<20]))-\(String(chars[20..<32]))"
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

/// A small, fast, seedable PRNG (SplitMix64), so generated projects are the same on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Seeds the generator.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func nextRaw() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next pseudo-random value.
    public mutating func next() -> UInt64 { nextRaw() }

    /// A number in 0..<bound.
    public mutating func next(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(nextRaw() % UInt64(bound)) }

    /// A random element.
    public mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
}

extension String {
    func replacingUnderscores(with replacement: String) -> String {
        split(separator: "_", omittingEmptySubsequences: false).joined(separator: replacement)
    }

    var titleCased: String {
        split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    var camelCased: String {
        let words = split(separator: " ")
        guard let first = words.first else { return self }
        return String(first) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
