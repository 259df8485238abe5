/// Turns findings' suggested fixes into a plan: one action per (definition, field), merged across rules,
/// classed safe or unsafe, and never a rename. Owners are set by user id, learned from the users the
/// definitions already name (owners, verifiers, editors).
public struct FixPlanner: Sendable {
    /// Whether unsafe actions (hide, verify, enforcement mode, overwriting a description) are planned.
    public var unsafe: Bool

    /// Creates one from its parts.
    public init(unsafe: Bool) {
        self.unsafe = unsafe
    }

    /// Plans the fixes the findings suggest, one change per field of a definition.
    ///
    /// With `usage`, an event saved insights chart is never hidden (skipped with the dashboards named) unless
    /// `hideInUse`; with `atRiskTag`, every dashboard charting an event with a `stale_in_use` or `hidden_in_use`
    /// finding gets that tag (one safe action per dashboard, `dashboard:<id>`).
    public func plan(
        definitions: [EventDefinition], result: LintResult, host: String, project: String, createdAt: Timestamp,
        usage: UsageData? = nil, hideInUse: Bool = false, atRiskTag: String? = nil
    ) -> FixPlan {
        let users = Self.knownUsers(definitions)
        let index = usage?.index
        var actions: [FixAction] = []
        var skipped: [FixPlan.Skipped] = []
        var seen: [String: Timestamp?] = [:]
        for (position, wants) in Self.wantedFixes(result, in: definitions) {
            var draft = Draft(definition: definitions[position], unsafe: unsafe)
            if !hideInUse, let index, let uses = index.uses(definitions[position].name) {
                draft.charted = UsageWords.charted(uses, in: index)
            }
            draft.plan(wants, users: users)
            skipped += draft.skipped
            if !draft.planned.isEmpty {
                seen[draft.definition.id] = draft.definition.updatedAt
                actions += draft.planned.sorted { $0.field.order < $1.field.order }
            }
        }
        if let atRiskTag, let usage, let index {
            actions += Self.tagAtRisk(result, usage: usage, index: index, tag: atRiskTag)
        }
        actions.sort { ($0.eventName, $0.eventID, $0.field.order) < ($1.eventName, $1.eventID, $1.field.order) }
        skipped.sort { ($0.eventName, $0.rule) < ($1.eventName, $1.rule) }
        return FixPlan(
            host: host, project: project, policyHash: result.policyHash, createdAt: createdAt, seen: seen, actions: actions,
            skipped: skipped)
    }

    /// PostHog users by email, as the definitions name them (owners, verifiers, editors): an owner fix
    /// needs the user's id, and these are the ids the project shows.
    /// One action per dashboard that charts an event found stale or hidden and still lacks `tag`.
    static func tagAtRisk(_ result: LintResult, usage: UsageData, index: UsageIndex, tag: String) -> [FixAction] {
        let clean = tag.trimmingCharacters(in: .whitespaces).lowercased()
        var rules: [Int: Set<String>] = [:]
        for finding in result.findings where UsageIndex.atRiskRules.contains(finding.ruleID) {
            for dashboard in index.uses(finding.eventName)?.dashboards ?? [] { rules[dashboard, default: []].insert(finding.ruleID) }
        }
        return usage.dashboards.compactMap { dashboard -> FixAction? in
            guard let why = rules[dashboard.id] else { return nil }
            let before = FixAction.normalized(dashboard.tags)
            guard !before.contains(clean) else { return nil }
            return FixAction(
                eventID: FixAction.dashboardID(dashboard.id), eventName: dashboard.name, field: .dashboardTags, before: .tags(before),
                after: .tags((before + [clean]).sorted()), safe: true, rules: why.sorted())
        }
    }

    static func knownUsers(_ definitions: [EventDefinition]) -> [String: User] {
        var users: [String: User] = [:]
        for definition in definitions {
            for user in [definition.owner, definition.verifiedBy, definition.updatedBy].compactMap({ $0 }) {
                if let email = user.email?.lowercased(), user.id != nil, users[email] == nil { users[email] = user }
            }
        }
        return users
    }

    /// The fixes the findings suggest, per definition position (in position order), each in finding order.
    static func wantedFixes(_ result: LintResult, in definitions: [EventDefinition]) -> [(Int, [(rule: String, fix: SuggestedFix)])] {
        var wanted: [Int: [(rule: String, fix: SuggestedFix)]] = [:]
        let positions = result.positions(in: definitions)
        for (index, finding) in result.findings.enumerated() {
            guard let fix = finding.fix, positions[index] >= 0 else { continue }
            wanted[positions[index], default: []].append((finding.ruleID, fix))
        }
        return wanted.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The plan for one definition as it is drafted: what will change, and what was not planned and why.
    struct Draft {
        let definition: EventDefinition
        let unsafe: Bool
        /// What charts the definition, when hiding it must be refused ("2 saved insights on dashboard …").
        var charted: String?
        var planned: [FixAction] = []
        var skipped: [FixPlan.Skipped] = []

        init(definition: EventDefinition, unsafe: Bool) {
            self.definition = definition
            self.unsafe = unsafe
        }

        mutating func plan(_ wants: [(rule: String, fix: SuggestedFix)], users: [String: User]) {
            var adds: [String] = [], removes: [String] = [], tagRules: [String] = []
            for (rule, fix) in wants {
                switch fix {
                case .addTags(let tags):
                    adds += tags
                    tagRules.append(rule)
                case .removeTags(let tags):
                    removes += tags
                    tagRules.append(rule)
                case .setOwner(let email):
                    guard let user = users[email.lowercased()] else {
                        skip(
                            rule, "no PostHog user with the email \(email) owns, verified or edited a definition here, so its id is unknown"
                        )
                        continue
                    }
                    change(.owner, to: .owner(id: user.id, email: user.email), rule: rule, safe: true)
                case .hide:
                    if let charted {
                        // Hiding a charted event takes it out of the pickers of everyone reading those charts.
                        skip(
                            rule,
                            "in use (\(charted) chart it; hidden, it could no longer be picked in them; --hide-in-use plans it anyway)")
                        continue
                    }
                    // PostHog unverifies what it hides; the plan says so, so undo can restore both.
                    if definition.isVerified { change(.verified, to: .flag(false), rule: rule, safe: false) }
                    change(.hidden, to: .flag(true), rule: rule, safe: false)
                case .unhide:
                    change(.hidden, to: .flag(false), rule: rule, safe: false)
                case .verify:
                    if definition.isHidden { change(.hidden, to: .flag(false), rule: rule, safe: false) }
                    change(.verified, to: .flag(true), rule: rule, safe: false)
                case .setEnforcementMode(let mode):
                    change(.enforcementMode, to: .text(mode.rawValue), rule: rule, safe: false)
                case .setDescription(let text):
                    let empty = (definition.description ?? "").trimmingCharacters(in: .whitespaces).isEmpty
                    change(.description, to: .text(text), rule: rule, safe: empty)
                }
            }
            guard let firstTagRule = tagRules.first else { return }
            // All tag fixes of a definition are one change: what it has, plus every add, less every remove.
            let before = FixAction.normalized(definition.tags)
            let after = Set(before).union(FixAction.normalized(adds)).subtracting(FixAction.normalized(removes)).sorted()
            change(.tags, to: .tags(after), rule: firstTagRule, safe: true)
            if let index = planned.firstIndex(where: { $0.field == .tags }) { planned[index].rules = Array(Set(tagRules)).sorted() }
        }

        private mutating func skip(_ rule: String, _ reason: String) {
            skipped.append(.init(eventID: definition.id, eventName: definition.name, rule: rule, reason: reason))
        }

        /// One field's change; a second rule asking the same is merged, one asking otherwise is a conflict.
        private mutating func change(_ field: FixAction.Field, to after: FixValue, rule: String, safe: Bool) {
            let before = FixAction.value(of: field, in: definition)
            if let existing = planned.firstIndex(where: { $0.field == field }) {
                guard FixAction.same(planned[existing].after, after) else {
                    return skip(rule, "conflicts with \(planned[existing].rules.joined(separator: ", ")) on \(field.rawValue)")
                }
                planned[existing].rules.append(rule)
                return
            }
            guard !FixAction.same(before, after) else { return }
            guard safe || self.unsafe else {
                return skip(rule, "unsafe (\(field.rawValue) \(before) → \(after)): pass --unsafe to plan it")
            }
            planned.append(
                FixAction(
                    eventID: definition.id, eventName: definition.name, field: field, before: before, after: after, safe: safe,
                    rules: [rule]))
        }
    }

}

extension FixAction.Field {
    /// The order fields are listed and applied in (verified off before hidden on, verified on last).
    var order: Int {
        switch self {
        case .existence: return -1
        case .dashboardTags: return 6
        case .tags: return 0
        case .owner: return 1
        case .description: return 2
        case .enforcementMode: return 3
        case .verified: return 4
        case .hidden: return 5
        }
    }
}
