import Dispatch
import Foundation

/// Applies a policy to definitions: scope, rules, overrides, severities and waivers, never touching the network or disk.
public struct Linter: Sendable {
    /// The policy applied.
    public let policy: Policy
    /// The context rules see (the injected "now").
    public let context: LintContext
    private let registry: RuleRegistry
    private let base: [RuleRuntime]
    private let collecting: [String: any CollectingRule]
    /// Each rule id's position in the registry (the order findings and profiles use).
    private let ruleOrder: [String: Int]

    /// One enabled rule with its configuration.
    struct RuleRuntime: Sendable {
        let id: String
        let order: Int
        let severity: Severity
        let rule: any Rule
        /// The rule as a per-definition rule, cast once here rather than once per definition.
        let definitionRule: (any DefinitionRule)?

        init(id: String, order: Int, severity: Severity, rule: any Rule) {
            self.id = id
            self.order = order
            self.severity = severity
            self.rule = rule
            self.definitionRule = rule as? any DefinitionRule
        }
    }

    /// The rule id for an expired waiver (always an error; see ``WaiverRules``).
    public static let waiverExpiredRule = WaiverRules.expired.identifier
    /// The rule id for a waiver about to expire (info; see ``WaiverRules``).
    public static let waiverExpiringRule = WaiverRules.expiring.identifier

    /// Builds every enabled rule of `policy`; throws for option combinations a rule rejects.
    public init(
        policy: Policy, registry: RuleRegistry = .builtIn, now: Timestamp, plan: TrackingPlan? = nil, usage: UsageIndex? = nil
    ) throws(PolicyError) {
        self.policy = policy
        self.registry = registry
        self.context = LintContext(now: now, plan: plan, usage: usage)
        var order: [String: Int] = [:]
        for (index, id) in registry.identifiers.enumerated() { order[id] = index }
        self.ruleOrder = order
        func runtime(_ id: String, layering extra: [RuleSetting]) throws(PolicyError) -> RuleRuntime? {
            guard let type = registry.rule(id), let configuration = policy.configuration(for: id, registry: registry, layering: extra)
            else { return nil }
            return RuleRuntime(
                id: id, order: order[id] ?? 0, severity: configuration.severity,
                rule: try type.init(configuration: configuration))
        }
        var base: [RuleRuntime] = []
        var collecting: [String: any CollectingRule] = [:]
        // Code rules judge calls in source, which `steward scan` reads; definitions never trigger them.
        for id in registry.identifiers where policy.rules[id] != nil && !(registry.rule(id) is any CodeRule.Type) {
            guard let built = try runtime(id, layering: []) else { continue }
            if let rule = built.rule as? any CollectingRule { collecting[id] = rule }
            if built.severity != .off { base.append(built) }
        }
        // Collecting rules enabled only by an override still need an instance (overrides cannot change their options).
        for override in policy.overrides {
            for id in override.rules.keys where collecting[id] == nil {
                if let built = try runtime(id, layering: [override.rules[id]!]), let rule = built.rule as? any CollectingRule {
                    collecting[id] = rule
                }
            }
        }
        // Each override's options are checked now, so a bad one is a policy error before anything is linted.
        for override in policy.overrides {
            for (id, setting) in override.rules where !setting.options.isEmpty { _ = try runtime(id, layering: [setting]) }
        }
        self.base = base
        self.collecting = collecting
        self.earlyChecks = Self.earlyChecks(base, policy)
        self.preparing = Self.preparing(registry, collecting, base, policy)
    }

    /// Findings of the plan rules (`planned_missing`): about planned events, so about no definition. A planned
    /// event counts as present when any definition holds its name, in scope or not.
    private func planFindings(_ definitions: [EventDefinition]) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        var names: Set<String>?
        for runtime in base {
            guard let rule = runtime.rule as? any PlanRule else { continue }
            let present = names ?? Set(definitions.map(\.name))
            names = present
            rule.check(plan, names: present, in: context) { event, violation in
                findings.append(
                    Finding(
                        ruleID: runtime.id, severity: runtime.severity, eventID: "plan:\(event.name)", eventName: event.name,
                        message: violation.message, value: violation.value, group: violation.group))
            }
        }
        return findings
    }

    /// The rules in force for definitions matching exactly these overrides, in registry order.
    private func profile(for matching: [Int]) -> [RuleRuntime] {
        guard !matching.isEmpty else { return base }
        var byID: [String: RuleRuntime] = [:]
        for runtime in base { byID[runtime.id] = runtime }
        var touched: [String] = []
        for index in matching { touched += policy.overrides[index].rules.keys }
        for id in Set(touched) {
            guard let configuration = policy.configuration(for: id, registry: registry, overrides: matching) else { continue }
            let optionsChanged = matching.contains { !(policy.overrides[$0].rules[id]?.options.isEmpty ?? true) }
            if !optionsChanged, let existing = byID[id] {
                byID[id] = RuleRuntime(id: id, order: existing.order, severity: configuration.severity, rule: existing.rule)
            } else if let type = registry.rule(id), let rule = try? type.init(configuration: configuration) {
                // New options, or a rule only an override enables: built from the merged settings (each
                // override's own were validated when the linter was made).
                byID[id] = RuleRuntime(id: id, order: ruleOrder[id] ?? 0, severity: configuration.severity, rule: rule)
            }
        }
        return byID.values.filter { $0.severity != .off }.sorted { $0.order < $1.order }
    }

    /// One per-definition rule of a profile, as the per-definition pass reads it.
    struct DefinitionCheck: Sendable {
        let rule: any DefinitionRule
        let id: String
        let order: Int
        let severity: Severity
    }

    /// A finding with the position of its definition and the registry position of its rule, for ordering: in
    /// this order, so the two integers fill the finding's tail and an entry takes 72 bytes, not 80.
    private typealias Located = (finding: Finding, rule: UInt16, definition: Int32)

    /// The per-definition rules that judge a definition alone, when every definition is judged by the same
    /// rules (no overrides): those a page can be judged by as it arrives. Empty otherwise.
    private let earlyChecks: [DefinitionCheck]

    private static func earlyChecks(_ base: [RuleRuntime], _ policy: Policy) -> [DefinitionCheck] {
        guard policy.overrides.isEmpty else { return [] }
        return base.compactMap { runtime in
            guard let rule = runtime.definitionRule, !type(of: rule).readsUsage else { return nil }
            return DefinitionCheck(rule: rule, id: runtime.id, order: runtime.order, severity: runtime.severity)
        }
    }

    /// Whether pages can be judged as a crawl reads them (``lintPage(_:)``).
    public var judgesPagesEarly: Bool { !earlyChecks.isEmpty || !preparing.isEmpty }

    /// The collecting rules whose per-definition part a page can be prepared with, and which may judge
    /// (enabled in the base rules or named by an override).
    private let preparing: [(id: String, rule: any PreparingRule)]

    private static func preparing(
        _ registry: RuleRegistry, _ collecting: [String: any CollectingRule], _ base: [RuleRuntime], _ policy: Policy
    ) -> [(id: String, rule: any PreparingRule)] {
        registry.identifiers.compactMap { id in
            guard let rule = collecting[id] as? any PreparingRule,
                base.contains(where: { $0.id == id }) || policy.overrides.contains(where: { $0.rules[id] != nil })
            else { return nil }
            return (id, rule)
        }
    }

    private static func preparedColumn<R: PreparingRule>(_ rule: R, _ definitions: [EventDefinition]) -> any Sendable {
        rule.prepare(each: DefinitionSubset(definitions))
    }

    /// One page of a crawl judged by the rules that need nothing but the definition, scope aside (which is
    /// decided with the rest); ``lint(_:early:)`` uses the findings for the definitions whose kept reading
    /// is on this page.
    public func lintPage(_ definitions: [EventDefinition]) -> EarlyFindings.Page {
        let checks = earlyChecks
        var page = EarlyFindings.Page(rules: checks.map(\.id), now: context.now)
        page.starts.reserveCapacity(definitions.count + 1)
        var violations: [Violation] = []
        var messages = MessageInterner()
        var groups = GroupInterner()
        for index in definitions.indices {
            for check in checks.indices {
                if let finding = judge(definitions[index], by: checks[check], violations: &violations, messages: &messages, groups: &groups)
                {
                    page.findings.append((finding, UInt16(checks[check].order)))
                }
            }
            page.starts.append(Int32(page.findings.count))
        }
        if !preparing.isEmpty {
            page.preparedUnder = policy.hash
            for (id, rule) in preparing { page.prepared[id] = Self.preparedColumn(rule, definitions) }
        }
        return page
    }

    /// Lints `definitions` and returns findings in report order.
    ///
    /// Per-definition rules run over chunks of the definitions and each collecting rule runs on its own,
    /// all at once on every core; the result does not depend on how the work was split.
    ///
    /// Throws a usage error when a scope or override pattern stops at PCRE2's limit on some name: which
    /// rules judge that definition is then unknown, and guessing would pass or spare it without a word.
    public func lint(_ definitions: [EventDefinition]) throws(StewardError) -> LintResult {
        try lint(definitions, early: nil)
    }

    /// Lints `definitions`, taking the findings pages were judged with early (see ``lintPage(_:)``) for the
    /// definitions they hold instead of judging those rules again; the result is the same as without them.
    public func lint(_ definitions: [EventDefinition], early: consuming EarlyFindings?) throws(StewardError) -> LintResult {
        let assigned = try assignProfiles(definitions)
        let members = collectingMembers(assigned)
        var adopted = early.map { adopt($0, definitions: definitions, assigned: assigned) }
        let (results, nameRank) = runRules(definitions, assigned, members, early: &adopted)
        // The pages' prepared values (a name template per definition) are done with once the collecting rules
        // ran: let go before the findings are put in order, near the peak.
        adopted = nil
        var (findings, positions, hasError) = inReportOrder(results, nameRank: nameRank, definitionCount: definitions.count)
        let planned = planFindings(definitions)
        findings += planned
        positions += [Int](repeating: -1, count: planned.count)
        var (kept, keptPositions, waived) = applyWaivers(findings, positions: positions, definitions: definitions)
        (findings, positions) = ([], [])
        if !planned.isEmpty && policy.waivers.isEmpty {
            // Findings about planned events were appended at the end.
            let order = kept.indices.sorted { Finding.reportOrder(kept[$0], kept[$1]) }
            kept = order.map { kept[$0] }
            keptPositions = order.map { keptPositions[$0] }
        }
        if !policy.waivers.isEmpty {
            // Waived findings may hide a definition's only error, and waiver findings were appended at the end.
            let order = kept.indices.sorted { Finding.reportOrder(kept[$0], kept[$1]) }
            kept = order.map { kept[$0] }
            keptPositions = order.map { keptPositions[$0] }
            waived.sort(by: Finding.reportOrder)
            hasError = [Bool](repeating: false, count: definitions.count)
            let errorIDs = Set(kept.lazy.filter { $0.severity == .error }.map(\.eventID))
            for index in assigned.inScope where errorIDs.contains(definitions[index].id) { hasError[index] = true }
        }
        var result = LintResult(
            definitionCount: definitions.count, inScopeCount: assigned.inScope.count,
            definitionsWithErrors: assigned.inScope.reduce(0) { $0 + (hasError[$1] ? 1 : 0) }, findings: kept, waived: waived,
            enabledRules: registry.identifiers.filter { id in assigned.profiles.contains { $0.contains { $0.id == id } } },
            policyHash: policy.hash)
        result.definitionPositions = keptPositions
        return result
    }

    /// Which definitions are in scope, and the profile of rules (the base, or one per set of matching
    /// overrides) each is judged with.
    struct Profiles {
        var profiles: [[RuleRuntime]]
        /// Positions of the in-scope definitions.
        var inScope: [Int]
        /// The profile of each in-scope definition, by its place in `inScope`.
        var profileOf: [Int]
    }

    /// Scope and overrides decide, per definition, which profile of rules applies.
    private func assignProfiles(_ definitions: [EventDefinition]) throws(StewardError) -> Profiles {
        var profileIndex: [[Int]: Int] = [[]: 0]
        var assigned = Profiles(profiles: [base], inScope: [], profileOf: [])
        assigned.inScope.reserveCapacity(definitions.count)
        assigned.profileOf.reserveCapacity(definitions.count)
        let overrides = policy.overrides
        for index in definitions.indices {
            var matching: [Int] = []
            do throws(PatternLimitHit) {
                guard try policy.scope.contains(definitions[index]) else { continue }
                for (overrideIndex, override) in overrides.enumerated()
                where try override.selector.matches(definitions[index], at: "overrides[\(overrideIndex)].when (\(override.location))") {
                    matching.append(overrideIndex)
                }
            } catch {
                throw error.stewardError
            }
            assigned.inScope.append(index)
            // Without overrides every definition has the base profile.
            guard !overrides.isEmpty else {
                assigned.profileOf.append(0)
                continue
            }
            if let known = profileIndex[matching] {
                assigned.profileOf.append(known)
            } else {
                profileIndex[matching] = assigned.profiles.count
                assigned.profileOf.append(assigned.profiles.count)
                assigned.profiles.append(profile(for: matching))
            }
        }
        return assigned
    }

    /// The definitions each collecting rule judges, with each one's severity.
    struct Members {
        var collectingIDs: [String]
        var positions: [[Int]]
        var severities: [[Severity]]
        /// Slots of the rules some definition is enabled for: only those are run.
        var activeSlots: [Int]
    }

    /// Slots by registry position, so gathering members costs no hashing per definition.
    private func collectingMembers(_ assigned: Profiles) -> Members {
        let collectingIDs = registry.identifiers.filter { collecting[$0] != nil }
        let slotOf = Dictionary(uniqueKeysWithValues: collectingIDs.enumerated().map { ($1, $0) })
        var positions = [[Int]](repeating: [], count: collectingIDs.count)
        var severities = [[Severity]](repeating: [], count: collectingIDs.count)
        let profileSlots: [[(slot: Int, severity: Severity)]] = assigned.profiles.map { profile in
            profile.compactMap { runtime in runtime.definitionRule == nil ? slotOf[runtime.id].map { ($0, runtime.severity) } : nil }
        }
        if assigned.profiles.count == 1 {
            // One profile (no overrides): each collecting rule judges every in-scope definition, so each shares the
            // one list of positions instead of a copy of its own (8 MB a rule at a million definitions).
            for entry in profileSlots[0] {
                positions[entry.slot] = assigned.inScope
                severities[entry.slot] = [Severity](repeating: entry.severity, count: assigned.inScope.count)
            }
        } else {
            for (position, index) in assigned.inScope.enumerated() {
                for entry in profileSlots[assigned.profileOf[position]] {
                    positions[entry.slot].append(index)
                    severities[entry.slot].append(entry.severity)
                }
            }
        }
        let activeSlots = collectingIDs.indices.filter { !positions[$0].isEmpty }
        return Members(collectingIDs: collectingIDs, positions: positions, severities: severities, activeSlots: activeSlots)
    }

    /// Per-definition rules over chunks of the definitions and each collecting rule on its own, all at once
    /// on every core, with the names' report ranks beside them; the result does not depend on the split.
    private func runRules(_ definitions: [EventDefinition], _ assigned: Profiles, _ members: Members, early: inout Adopted?)
        -> (results: ConcurrentSlots<[Located]>, nameRank: [UInt64])
    {
        let inScope = assigned.inScope
        let chunkSize = max(2_048, inScope.count / (4 * Self.coreCount) + 1)
        let chunkCount = (inScope.count + chunkSize - 1) / chunkSize
        let earlyCount = early?.located.count ?? 0
        let results = ConcurrentSlots<[Located]>(count: chunkCount + members.activeSlots.count + earlyCount)
        // The early pages' findings, already placed, are slots of their own.
        for slot in 0..<earlyCount { results[chunkCount + members.activeSlots.count + slot] = early!.located[slot] }
        // The slots are then the findings' only holders, so the report ordering can move them out (the rest
        // of the early values is read below as a constant, which the workers' closure can capture).
        early?.located = []
        let early = early
        let nameRankSlot = ConcurrentSlots<[UInt64]>(count: 1)
        // Per profile, only its per-definition rules, read in place below (a loop over the runtimes copied
        // each one, retaining its id and two existentials, for every definition and rule).
        let profileList = assigned.profiles.map { profile in
            profile.compactMap { runtime in
                runtime.definitionRule.map { DefinitionCheck(rule: $0, id: runtime.id, order: runtime.order, severity: runtime.severity) }
            }
        }
        let profileFor = assigned.profileOf
        // The definitions early findings covered are judged only by the rules they did not (one profile: no overrides).
        let late = early.map { early in
            EarlyUse(covered: early.covered, checks: profileList[0].filter { check in !early.rules.contains(check.id) })
        }
        DispatchQueue.concurrentPerform(iterations: chunkCount + members.activeSlots.count + 1) { item in
            if item < chunkCount {
                let range = (item * chunkSize)..<min(inScope.count, (item + 1) * chunkSize)
                results[item] = checkDefinitions(
                    definitions, positions: inScope, range: range, profiles: profileList, profileOf: profileFor, early: late)
            } else if item < chunkCount + members.activeSlots.count {
                let slot = members.activeSlots[item - chunkCount]
                results[item] = checkCollecting(
                    members.collectingIDs[slot], definitions: definitions, members: (members.positions[slot], members.severities[slot]),
                    early: early)
            } else {
                nameRankSlot[0] = Self.nameRanks(definitions, inScope: inScope)
            }
        }
        return (results, nameRankSlot.take(0) ?? [])
    }

    /// Every finding in report order (event name, rule id, event id), with its definition's position and
    /// which definitions have an error. Findings are held once: each slot is moved into one array and freed,
    /// then the array is put in order in place (at a million definitions, a second copy of the findings costs
    /// ~300 MB). The order comes from counting, not comparing: findings are bucketed by their definition's
    /// name rank, and each bucket (a definition's few findings, one per rule) is put in the rules'
    /// alphabetical order.
    private func inReportOrder(_ results: ConcurrentSlots<[Located]>, nameRank: [UInt64], definitionCount: Int)
        -> (findings: [Finding], positions: [Int], hasError: [Bool])
    {
        let alphabetical = Dictionary(uniqueKeysWithValues: registry.identifiers.sorted().enumerated().map { ($1, UInt16($0)) })
        let ruleRank = registry.identifiers.map { alphabetical[$0] ?? 0 }
        let total = (0..<results.count).reduce(0) { $0 + (results[$1]?.count ?? 0) }
        var findings: [Finding] = []
        var findingPositions: [Int] = []
        var findingRules: [UInt16] = []
        findings.reserveCapacity(total)
        findingPositions.reserveCapacity(total)
        findingRules.reserveCapacity(total)
        var hasError = [Bool](repeating: false, count: definitionCount)
        var release = MemoryPolicy.Release()
        for slot in 0..<results.count {
            guard var entries = results.take(slot) else { continue }
            defer { release.freed(entries.capacity * MemoryLayout<Located>.stride) }
            // Through the buffer: the Array's subscript copies a whole entry to read one field of it.
            entries.withUnsafeMutableBufferPointer { entries in
                for index in entries.indices {
                    let definition = Int(entries[index].definition)
                    findingRules.append(ruleRank[Int(entries[index].rule)])
                    if entries[index].finding.severity == .error { hasError[definition] = true }
                    findings.append(Finding.take(&entries[index].finding))
                    findingPositions.append(definition)
                }
            }
        }
        let order = BucketOrder.order(
            count: total, buckets: definitionCount, bucket: { Int(nameRank[findingPositions[$0]]) },
            precedes: { findingRules[$0] < findingRules[$1] })
        findingRules = []
        Self.permute(&findings, &findingPositions, into: order)
        return (findings, findingPositions, hasError)
    }

    private static let coreCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Puts `findings` (and their positions) in the order `order` gives, where `order[i]` is the current
    /// index of the element that belongs at `i`: cycle by cycle, with swaps, so nothing is copied.
    static func permute(_ findings: inout [Finding], _ positions: inout [Int], into order: [Int]) {
        // Swaps through buffer pointers move the values; `Array.swapAt` copies them (a retain per field).
        findings.withUnsafeMutableBufferPointer { findings in
            positions.withUnsafeMutableBufferPointer { positions in
                Permutation.apply(order) { a, b in
                    findings.swapAt(a, b)
                    positions.swapAt(a, b)
                }
            }
        }
    }

    /// Early findings as the per-definition pass uses them: which definitions they covered, and the checks
    /// left to run for those.
    private struct EarlyUse: @unchecked Sendable {
        let covered: [Bool]
        let checks: [DefinitionCheck]
    }

    /// Early findings taken over: placed at their definitions, each page's findings a slot of the result.
    private struct Adopted {
        var located: [[Located]]
        var covered: [Bool]
        var rules: [String]
        /// The pages' prepared values (``PreparingRule``) by page number, and where each definition was read.
        var prepared: [Int32: [String: any Sendable]] = [:]
        var origins: [PageOrigin] = []
    }

    /// Takes the early pages' findings for the in-scope definitions whose kept reading each page holds (a
    /// definition read twice keeps its latest reading, and only that page's findings count), page by page so
    /// each page is let go once placed. Pages judged by other rules or as of another instant are not used.
    private func adopt(_ early: consuming EarlyFindings, definitions: [EventDefinition], assigned: Profiles) -> Adopted {
        let rules = earlyChecks.map(\.id)
        var adopted = Adopted(located: [], covered: [Bool](repeating: false, count: definitions.count), rules: rules)
        guard early.origins.count == definitions.count else { return adopted }
        adopted.origins = early.origins
        // Prepared values are taken out first: they outlive the findings, until the collecting rules are done.
        for (key, page) in early.store.pages where !page.prepared.isEmpty && page.preparedUnder == policy.hash {
            adopted.prepared[key] = page.prepared
            early.store.pages[key]?.prepared = [:]
        }
        guard !rules.isEmpty else { return adopted }
        // Which definition each (page, slot) is, for the in-scope ones.
        var inScope = [Bool](repeating: false, count: definitions.count)
        for index in assigned.inScope { inScope[index] = true }
        let store = early.store
        var placed: [Int32: [Int]] = [:]
        for (key, page) in store.pages { placed[key] = [Int](repeating: -1, count: page.starts.count - 1) }
        for (index, origin) in early.origins.enumerated() where inScope[index] {
            guard let count = placed[origin.page]?.count, origin.slot >= 0, Int(origin.slot) < count else { continue }
            placed[origin.page]![Int(origin.slot)] = index
        }
        var release = MemoryPolicy.Release()
        for key in store.pages.keys.sorted() {
            guard var page = store.pages.removeValue(forKey: key) else { continue }
            defer { release.freed(page.findings.capacity * MemoryLayout<EarlyFindings.Entry>.stride) }
            guard page.rules == rules, page.now == context.now, let slots = placed.removeValue(forKey: key) else { continue }
            var located: [Located] = []
            located.reserveCapacity(page.findings.count)
            let starts = page.starts
            // The page is let go once placed, so its findings are moved out, not copied (through the buffer,
            // as in `inReportOrder`).
            page.findings.withUnsafeMutableBufferPointer { findings in
                for (slot, index) in slots.enumerated() where index >= 0 {
                    adopted.covered[index] = true
                    for entry in Int(starts[slot])..<Int(starts[slot + 1]) {
                        located.append((Finding.take(&findings[entry].finding), findings[entry].rule, Int32(index)))
                    }
                }
            }
            adopted.located.append(located)
        }
        return adopted
    }

    /// The per-definition rules over one chunk of the in-scope positions.
    private func checkDefinitions(
        _ definitions: [EventDefinition], positions: [Int], range: Range<Int>,
        profiles: [[DefinitionCheck]], profileOf: [Int], early: EarlyUse?
    ) -> [Located] {
        var found: [Located] = []
        var violations: [Violation] = []
        var messages = MessageInterner()
        var groups = GroupInterner()
        for position in range {
            let index = positions[position]
            var checks = profiles[profileOf[position]]
            if let early, early.covered[index] { checks = early.checks }
            for check in checks.indices {
                if let finding = judge(definitions[index], by: checks[check], violations: &violations, messages: &messages, groups: &groups)
                {
                    found.append((finding, UInt16(checks[check].order), Int32(index)))
                }
            }
        }
        return found
    }

    /// One definition judged by one per-definition rule: its finding, message and group shared, or nil.
    private func judge(
        _ definition: EventDefinition, by check: DefinitionCheck, violations: inout [Violation], messages: inout MessageInterner,
        groups: inout GroupInterner
    ) -> Finding? {
        violations.removeAll(keepingCapacity: true)
        check.rule.check(definition, in: context, into: &violations)
        guard let violation = Self.merge(violations) else { return nil }
        var finding = Finding(
            ruleID: check.id, severity: check.severity, definition: definition, violation: violation)
        finding.intern(messages: &messages, groups: &groups)
        return finding
    }

    /// One collecting rule over the definitions it is enabled for; at most one finding per definition.
    private func checkCollecting(
        _ id: String, definitions: [EventDefinition],
        members: (positions: [Int], severities: [Severity]), early: Adopted?
    ) -> [Located] {
        guard let rule = collecting[id], let order = ruleOrder[id] else { return [] }
        // Which members were judged already, by their place in the subset (a Set of a million positions and its
        // regrowth held tens of MB during the pass).
        var seen = [Bool](repeating: false, count: members.positions.count)
        // At most one finding a member: room for all at once, rather than regrowing through copies (at a million
        // definitions a copy of one rule's findings is 90 MB; untouched room is address space only).
        var found: [Located] = []
        found.reserveCapacity(members.positions.count)
        var messages = MessageInterner()
        var groups = GroupInterner()
        // Each violation becomes a finding as it comes, its message templated and shared at once.
        let subset = DefinitionSubset(definitions, positions: members.positions)
        let emit: (Int, Violation) -> Void = { local, violation in
            guard !seen[local] else { return }
            seen[local] = true
            let index = members.positions[local]
            var finding = Finding(
                ruleID: id, severity: members.severities[local], definition: definitions[index], violation: violation)
            finding.intern(messages: &messages, groups: &groups)
            found.append((finding, UInt16(order), Int32(index)))
        }
        if let preparing = rule as? any PreparingRule, let early, !early.prepared.isEmpty {
            Self.check(preparing, id: id, subset, positions: members.positions, early: early, in: context, emit: emit)
        } else {
            rule.check(subset, in: context, emit: emit)
        }
        return found
    }

    /// A preparing rule judged with the values the pages were prepared with, each definition's taken from the
    /// page of its kept reading; a definition whose page has none is prepared now.
    private static func check<R: PreparingRule>(
        _ rule: R, id: String, _ subset: DefinitionSubset, positions: [Int], early: Adopted, in context: LintContext,
        emit: (Int, Violation) -> Void
    ) {
        var values: [R.Prepared] = []
        values.reserveCapacity(subset.count)
        // Definitions in name order come page after page, so each page's column is looked up once per run.
        var currentPage: Int32 = -1
        var column: [R.Prepared]?
        for local in subset.indices {
            let origin = early.origins[positions[local]]
            if origin.page != currentPage {
                currentPage = origin.page
                column = early.prepared[origin.page]?[id] as? [R.Prepared]
            }
            if let column, origin.slot >= 0, Int(origin.slot) < column.count {
                values.append(column[Int(origin.slot)])
            } else {
                values.append(rule.prepare(subset[local]))
            }
        }
        rule.check(subset, prepared: { values[$0] }, in: context, emit: emit)
    }

    /// Each in-scope definition's rank in (name, id) order.
    private static func nameRanks(_ definitions: [EventDefinition], inScope: [Int]) -> [UInt64] {
        func precedes(_ a: Int, _ b: Int) -> Bool {
            definitions[a].name != definitions[b].name ? definitions[a].name < definitions[b].name : definitions[a].id < definitions[b].id
        }
        // A crawl's definitions come sorted by name then id: checking costs one comparison per pair, sorting
        // a million names seconds.
        let ordered = zip(inScope, inScope.dropFirst()).allSatisfy { precedes($0, $1) }
        let sorted = ordered ? inScope : inScope.sorted(by: precedes)
        var rank = [UInt64](repeating: 0, count: definitions.count)
        for (position, index) in sorted.enumerated() { rank[index] = UInt64(position) }
        return rank
    }

    /// Rules should report one violation per definition; if one reports more, they become one finding.
    private static func merge(_ violations: [Violation]) -> Violation? {
        guard var first = violations.first else { return nil }
        if violations.count > 1 { first.message = violations.map(\.message).joined(separator: " ") }
        return first
    }

    private func applyWaivers(_ findings: [Finding], positions: [Int], definitions: [EventDefinition])
        -> (kept: [Finding], keptPositions: [Int], waived: [Finding])
    {
        guard !policy.waivers.isEmpty else { return (findings, positions, []) }
        var byName: [String: [Int]] = [:]
        var byID: [String: [Int]] = [:]
        for (index, waiver) in policy.waivers.enumerated() {
            if let name = waiver.eventName { byName[name, default: []].append(index) }
            if let id = waiver.eventID { byID[id, default: []].append(index) }
        }
        var kept: [Finding] = []
        var keptPositions: [Int] = []
        var waived: [Finding] = []
        for (finding, position) in zip(findings, positions) {
            let candidates = (byID[finding.eventID] ?? []) + (byName[finding.eventName] ?? [])
            let holding = candidates.first { policy.waivers[$0].ruleID == finding.ruleID && !policy.waivers[$0].isExpired(at: context.now) }
            if holding != nil {
                waived.append(finding)
            } else {
                kept.append(finding)
                keptPositions.append(position)
            }
        }
        // Waivers report on themselves: expired ones are errors, ones about to expire are infos.
        var indexByName: [String: Int] = [:]
        var indexByID: [String: Int] = [:]
        for index in definitions.indices {
            if indexByName[definitions[index].name] == nil { indexByName[definitions[index].name] = index }
            if indexByID[definitions[index].id] == nil { indexByID[definitions[index].id] = index }
        }
        for waiver in policy.waivers {
            let position = waiver.eventID.flatMap { indexByID[$0] } ?? waiver.eventName.flatMap { indexByName[$0] } ?? -1
            let eventID = waiver.eventID ?? (position >= 0 ? definitions[position].id : waiver.subject)
            let eventName = waiver.eventName ?? (position >= 0 ? definitions[position].name : waiver.subject)
            let daysLeft = context.now.days(until: waiver.expires.adding(days: 1))
            if waiver.isExpired(at: context.now) {
                kept.append(
                    Finding(
                        ruleID: Self.waiverExpiredRule, severity: WaiverRules.expired.defaultSeverity, eventID: eventID,
                        eventName: eventName,
                        message: WaiverRules.expiredMessage(waiver),
                        value: waiver.expires.dateString, group: waiver.ruleID))
                keptPositions.append(position)
            } else if daysLeft <= policy.settings.waiverWarningDays {
                kept.append(
                    Finding(
                        ruleID: Self.waiverExpiringRule, severity: WaiverRules.expiring.defaultSeverity, eventID: eventID,
                        eventName: eventName,
                        message: WaiverRules.expiringMessage(waiver, daysLeft: daysLeft),
                        value: waiver.expires.dateString, group: waiver.ruleID))
                keptPositions.append(position)
            }
        }
        return (kept, keptPositions, waived)
    }
}
