/// Generates a project shaped like real ones, deterministic for (count, seed, now).
///
/// What real projects hold, in roughly real proportions: PostHog's own events; mostly snake_case
/// names with lower words, Title Case, namespaced, camelCase and kebab names beside them; dynamic
/// names (ids, UUIDs, emails, paths, dates) in large clusters; near-duplicates; half the events
/// without an owner and most without a description; a few verified, a few hidden; stale and
/// never-seen events; tags; both enforcement modes.
struct ProjectGenerator {
    let count: Int
    let seed: UInt64
    let now: Micros

    static let postHogEvents = [
        "$pageview", "$pageleave", "$autocapture", "$screen", "$identify", "$groupidentify", "$set",
        "$feature_flag_called", "$exception", "$rageclick", "$dead_click", "$web_vitals", "$opt_in",
        "$survey_shown", "$survey_sent", "$survey_dismissed", "$ai_generation", "$create_alias",
        "$snapshot", "$copy_autocapture", "Application Installed", "Application Updated",
        "Application Opened", "Application Became Active", "Application Backgrounded", "Deep Link Opened",
    ]
    static let nouns = [
        "button", "page", "form", "checkout", "cart", "order", "product", "invoice", "report", "dashboard",
        "invite", "team", "project", "subscription", "plan", "trial", "coupon", "search", "filter", "export",
        "file", "comment", "message", "notification", "profile", "settings", "password", "payment", "card",
        "onboarding", "tour", "survey", "experiment", "insight", "chart", "video", "article", "signup",
        "session", "workspace", "integration", "webhook", "api_key", "billing", "pricing_page",
        "upgrade_modal", "sidebar", "editor", "template", "recording", "cohort", "funnel", "alert", "sso",
    ]
    static let pastVerbs = [
        "viewed", "clicked", "created", "submitted", "started", "completed", "failed", "deleted", "updated",
        "opened", "closed", "shared", "exported", "invited", "added", "removed", "cancelled", "sent",
        "downloaded", "uploaded", "renamed", "archived",
    ]
    static let presentVerbs = [
        "view", "click", "create", "submit", "start", "end", "cancel", "fail", "add", "remove", "send",
        "update", "delete", "invite", "generate",
    ]
    static let areas = ["signup_flow", "account_settings", "checkout", "onboarding", "billing", "editor", "dashboard", "search", "admin"]
    static let tags = ["growth", "billing", "core", "marketing", "mobile", "web", "pii", "experiment", "legacy", "critical"]

    func generate() -> [SimDefinition] {
        var random = SimRandom(seed: seed)
        var names: [String] = []
        var used: Set<String> = []
        names.reserveCapacity(count)
        func add(_ name: String) {
            if names.count < count, used.insert(name).inserted { names.append(name) }
        }
        for name in Self.postHogEvents { add(name) }
        var misses = 0
        while names.count < count {
            let roll = random.int(1_000)
            if roll < 45 {
                // A cluster of dynamic names: one template, many baked-in values.
                let size = 20 + random.int(max(40, count / 50))
                let noun = random.pick(Self.nouns), verb = random.pick(Self.pastVerbs)
                let kind = random.int(6)
                for index in 0..<size {
                    switch kind {
                    case 0: add("user_\(100_000 + random.int(9_000_000))_\(verb)")
                    case 1: add("\(noun)_\(uuid(&random))_\(verb)")
                    case 2: add("\(verb) /\(noun)/\(1_000 + random.int(9_000_000))")
                    case 3:
                        add(
                            "invite_sent_to_\(random.pick(["ana", "li", "sam", "jo", "kim", "max"]))\(random.int(100_000))@\(random.pick(["gmail.com", "acme.io", "example.org"]))"
                        )
                    case 4: add("report_20\(20 + random.int(7))-\(two(1 + random.int(12)))-\(two(1 + random.int(28)))_\(verb)")
                    default: add("step_\(index + 1)_\(noun)_\(verb)")
                    }
                }
                continue
            }
            let noun = random.pick(Self.nouns)
            let extra = random.int(3) == 0 ? "_" + random.pick(Self.nouns) : ""
            let verb = random.pick(Self.pastVerbs)
            let words = "\(noun)\(extra) \(verb)".split(separator: "_").joined(separator: " ")
            var name: String
            switch roll {
            case 45..<640: name = "\(noun)\(extra)_\(verb)"
            case 640..<730: name = words
            case 730..<820: name = words.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
            case 820..<860: name = "\(random.pick(Self.areas)):\(noun)\(extra)_\(random.pick(Self.presentVerbs))"
            case 860..<890: name = "\(random.pick(["web", "ios", "android"])).\(noun)\(extra)_\(verb)"
            case 890..<930:
                let parts = words.split(separator: " ")
                name = String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            case 930..<975:
                // Near-duplicates: an existing custom name in another spelling.
                let earlier = names[Self.postHogEvents.count + random.int(max(1, names.count - Self.postHogEvents.count))]
                name =
                    random.int(2) == 0
                    ? earlier.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
                    : earlier + "s"
            default: name = "\(noun)\(extra)-\(verb)"
            }
            if used.contains(name) {
                misses += 1
                // Past the combinations above, real large projects grow by versioned and numbered names.
                if misses > 64 { name += "_v\(2 + random.int(9))_\(names.count)" }
            }
            add(name)
        }
        var definitions: [SimDefinition] = []
        definitions.reserveCapacity(count)
        for (index, name) in names.enumerated() {
            definitions.append(definition(index: index, name: name, random: &random))
        }
        return definitions
    }

    private func definition(index: Int, name: String, random: inout SimRandom) -> SimDefinition {
        let day = SimTime.microsPerDay
        let seen: Micros?
        switch random.int(100) {
        case 0..<55: seen = now - Micros(random.int(30)) * day - Micros(random.int(86_400_000_000))
        case 55..<75: seen = now - Micros(30 + random.int(150)) * day - Micros(random.int(86_400)) * 1_000_000
        case 75..<93: seen = now - Micros(180 + random.int(900)) * day
        default: seen = nil
        }
        let created = (seen ?? now) - Micros(random.int(1_000)) * day - Micros(random.int(86_400)) * 1_000_000
        let promoted = random.int(100) < 85
        let hidden = promoted && random.int(100) < 6
        let verified = promoted && !hidden && random.int(100) < 12
        let owner = promoted && random.int(100) < 50 ? random.pick(Member.organization).id : nil
        let descriptionRoll = random.int(100)
        let description: String? =
            !promoted
            ? nil
            : descriptionRoll < 28
                ? "Sent when someone \(name.split(separator: "_").joined(separator: " ")) in the web app."
                : descriptionRoll < 33 ? "TODO" : ""
        var tags: [String] = []
        if promoted, random.int(100) < 40 {
            tags.append(random.pick(Self.tags))
            if random.int(3) == 0 { tags.append(random.pick(Self.tags)) }
        }
        let updated = created + Micros(random.int(1_000)) * 3_600_000_000
        // A seed is one project on any day: the id's time is taken relative to a fixed instant, not to `now`,
        // so restarting the simulator a day later serves the same definitions with the same ids.
        let idTime = created - now + Self.idAnchor
        return SimDefinition(
            id: Self.uuid7(millis: idTime / 1_000, random: &random), name: name, ownerID: owner, description: description,
            tags: Array(Set(tags)).sorted(), createdAt: created, updatedAt: updated, updatedByID: owner, lastSeenAt: seen,
            verified: promoted ? verified : nil, verifiedAt: verified ? updated : nil, verifiedByID: verified ? (owner ?? 1) : nil,
            hidden: promoted ? hidden : nil, enforcementMode: random.int(100) < 3 ? "reject" : "allow",
            primaryProperty: random.int(100) < 5 ? "\(random.pick(Self.nouns))_id" : nil, defaultColumns: [],
            hasEnterpriseRow: promoted)
    }

    /// 2026-01-01T00:00:00Z in microseconds: where generated ids place "now" in time.
    static let idAnchor: Micros = 1_767_225_600_000_000

    /// A UUIDv7 (PostHog's UUIDT is time-ordered too) from a millisecond time and random bits.
    static func uuid7(millis: Int64, random: inout SimRandom) -> String {
        let time = UInt64(max(0, millis)) & 0xFFFF_FFFF_FFFF
        let a = random.next(), b = random.next()
        let hex = { (value: UInt64, width: Int) -> String in
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(hex(time >> 16, 8))-\(hex(time & 0xFFFF, 4))-7\(hex(a & 0xFFF, 3))-\(hex(0x8000 | (a >> 20) & 0x3FFF, 4))-\(hex(b & 0xFFFF_FFFF_FFFF, 12))"
    }

    private func uuid(_ random: inout SimRandom) -> String {
        let a = random.next(), b = random.next()
        let hex = String(a, radix: 16) + String(b, radix: 16)
        let chars = Array(String(repeating: "0", count: max(0, 32 - hex.count)) + hex)
        return
            "\(String(chars[0..<8]))-\(String(chars[8..<12]))-4\(String(chars[13..<16]))-a\(String(chars[17..<20]))-\(String(chars[20..<32]))"
    }

    private func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
