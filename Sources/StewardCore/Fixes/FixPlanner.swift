/// Turns findings' suggested fixes into a plan: one action per (definition, field), merged across rules,
/// classed safe or unsafe, and never a rename. Owners are set by user id, learned from the users the
/// definitions already name (owners, verifiers, editors).
public struct FixPlanner: Sendable {
    /// Whether unsafe actions (hide, verify, enforcement mode, overwriting a description) are planned.
    public var unsafe: Bool

    public init(unsafe: Bool) {
        self.unsafe = unsafe
    }

    public func plan(
        definitions: [EventDefinition], result: LintResult, host: String, project: String, createdAt: Timestamp
    ) -> FixPlan {
        var users: [String: User] = [:]
        for definition in definitions {
            for user in [definition.owner, definition.verifiedBy, definition.updatedBy].compactMap({ $0 }) {
                if let email = user.email?.lowercased(), user.id != nil, users[email] == nil { users[email] = user }
            }
        }
        // Fixes per definition, in finding order.
        var wanted: [Int: [(rule: String, fix: SuggestedFix)]] = [:]
        let positions = result.positions(in: definitions)
        for (index, finding) in result.findings.enumerated() {
            guard let fix = finding.fix, positions[index] >= 0 else { continue }
            wanted[positions[index], default: []].append((finding.ruleID, fix))
        }
        var actions: [FixAction] = []
        var skipped: [FixPlan.Skipped] = []
        var seen: [String: Timestamp?] = [:]
        for position in wanted.keys.sorted() {
            let definition = definitions[position]
            var planned: [FixAction] = []
            func skip(_ rule: String, _ reason: String) {
                skipped.append(.init(eventID: definition.id, eventName: definition.name, rule: rule, reason: reason))
            }
            func plan(_ field: FixAction.Field, _ after: FixValue, rule: String, safe: Bool) {
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
            var adds: [String] = [], removes: [String] = [], tagRules: [String] = []
            for (rule, fix) in wanted[position]! {
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
                    plan(.owner, .owner(id: user.id, email: user.email), rule: rule, safe: true)
                case .hide:
                    // PostHog unverifies what it hides; the plan says so, so undo can restore both.
                    if definition.isVerified { plan(.verified, .flag(false), rule: rule, safe: false) }
                    plan(.hidden, .flag(true), rule: rule, safe: false)
                case .unhide:
                    plan(.hidden, .flag(false), rule: rule, safe: false)
                case .verify:
                    if definition.isHidden { plan(.hidden, .flag(false), rule: rule, safe: false) }
                    plan(.verified, .flag(true), rule: rule, safe: false)
                case .setEnforcementMode(let mode):
                    plan(.enforcementMode, .text(mode.rawValue), rule: rule, safe: false)
                case .setDescription(let text):
                    let empty = (definition.description ?? "").trimmingCharacters(in: .whitespaces).isEmpty
                    plan(.description, .text(text), rule: rule, safe: empty)
                }
            }
            if !tagRules.isEmpty {
                let before = FixAction.normalized(definition.tags)
                let after = Set(before).union(FixAction.normalized(adds)).subtracting(FixAction.normalized(removes)).sorted()
                plan(.tags, .tags(after), rule: tagRules[0], safe: true)
                if let index = planned.firstIndex(where: { $0.field == .tags }) { planned[index].rules = Array(Set(tagRules)).sorted() }
            }
            if !planned.isEmpty {
                seen[definition.id] = definition.updatedAt
                actions += planned.sorted { $0.field.order < $1.field.order }
            }
        }
        actions.sort { ($0.eventName, $0.eventID, $0.field.order) < ($1.eventName, $1.eventID, $1.field.order) }
        skipped.sort { ($0.eventName, $0.rule) < ($1.eventName, $1.rule) }
        return FixPlan(
            host: host, project: project, policyHash: result.policyHash, createdAt: createdAt, seen: seen, actions: actions,
            skipped: skipped)
    }
}

extension FixAction.Field {
    /// The order fields are listed and applied in (verified off before hidden on, verified on last).
    var order: Int {
        switch self {
        case .tags: return 0
        case .owner: return 1
        case .description: return 2
        case .enforcementMode: return 3
        case .verified: return 4
        case .hidden: return 5
        }
    }
}
