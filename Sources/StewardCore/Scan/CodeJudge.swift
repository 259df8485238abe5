/// Judges the names calls send: the policy's name rules on names PostHog does not hold yet, and the code
/// rules (`dynamic_name_in_code`, `hidden_in_code`, `new_event`, `planned_not_in_code`) with
/// `near_duplicate_name` and `unplanned_event` read against PostHog's definitions and the tracking plan.
///
/// A finding is about one name in one file, at its first call there: its identity (``codeID(file:name:)``
/// with the rule) is what baselines and fingerprints use, so it does not change when lines move.
public struct CodeJudge: Sendable {
    /// The policy in force.
    public let policy: Policy
    /// PostHog's definitions, or nil when the scan knows none (names only).
    public let definitions: [EventDefinition]?
    /// The tracking plan, when one is configured.
    public let plan: TrackingPlan?
    /// The instant name rules treat as now.
    public let now: Timestamp

    /// Creates a judge.
    public init(policy: Policy, definitions: [EventDefinition]?, plan: TrackingPlan?, now: Timestamp) {
        self.policy = policy
        self.definitions = definitions
        self.plan = plan
        self.now = now
    }

    /// A scan finding's definition id: the file and the name.
    public static func codeID(file: String, name: String) -> String { "code:\(file)#\(name)" }

    /// The severity a rule has in a scan: the policy's, else the rule's own default; nil when off.
    func severity(_ id: String) -> Severity? {
        let severity = policy.rules[id]?.severity ?? RuleRegistry.builtIn.rule(id)?.description.defaultSeverity ?? .off
        return severity == .off ? nil : severity
    }

    /// The rules a scan applies with this policy and input.
    public var rules: [String] {
        var ids = nameRuleIDs
        for id in ["near_duplicate_name", "dynamic_name_in_code"] where severity(id) != nil { ids.append(id) }
        if definitions != nil || plan != nil, severity("hidden_in_code") != nil { ids.append("hidden_in_code") }
        if definitions != nil, severity("new_event") != nil { ids.append("new_event") }
        if plan != nil {
            for id in ["unplanned_event", "planned_not_in_code"] where severity(id) != nil { ids.append(id) }
        }
        return Array(Set(ids)).sorted()
    }

    /// The policy's name rules other than near-duplicates (which a scan judges against PostHog itself).
    private var nameRuleIDs: [String] {
        policy.rules.keys.filter { id in
            id != "near_duplicate_name" && RuleRegistry.builtIn.rule(id) is any NameRule.Type && policy.rules[id]?.severity != .off
        }
    }

    /// Every finding on `occurrences`, in file, line and rule order.
    public func judge(_ occurrences: [CodeOccurrence]) throws(StewardError) -> [Finding] {
        var findings: [Finding] = []
        // The first call of each name in each file, in file order.
        var firstInFile: [String: [String: CodeOccurrence]] = [:]
        var dynamicFirst: [String: [String: CodeOccurrence]] = [:]
        for occurrence in occurrences {
            switch occurrence.name {
            case .name(let name):
                if firstInFile[name]?[occurrence.file] == nil { firstInFile[name, default: [:]][occurrence.file] = occurrence }
            case .dynamic(let template):
                if dynamicFirst[template]?[occurrence.file] == nil { dynamicFirst[template, default: [:]][occurrence.file] = occurrence }
            case .unresolved: break
            }
        }
        let existing = Dictionary((definitions ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let planned = plan.map(PlanIndex.init)
        func emit(_ rule: String, _ occurrence: CodeOccurrence, name: String, _ message: (String) -> String, value: String? = nil) {
            guard let severity = severity(rule) else { return }
            var finding = Finding(
                ruleID: rule, severity: severity, eventID: Self.codeID(file: occurrence.file, name: name), eventName: name,
                message: message("'\(name)' at \(occurrence.file):\(occurrence.line)"), value: value ?? name)
            finding.location = occurrence.location
            findings.append(finding)
        }
        func each(_ name: String, _ body: (CodeOccurrence) -> Void) {
            for file in firstInFile[name, default: [:]].keys.sorted() { body(firstInFile[name]![file]!) }
        }
        // Only custom events in the policy's scope are judged by name; PostHog's own are not the team's to name.
        let names = firstInFile.keys.sorted()
        var judged: [String] = []
        for name in names {
            let inScope: Bool
            do { inScope = try policy.scope.contains(EventDefinition(name: name)) } catch { throw error.stewardError }
            if inScope { judged.append(name) }
        }
        let unknown = definitions == nil ? judged : judged.filter { existing[$0] == nil }

        for (name, finding) in try nameRuleFindings(unknown) {
            each(name) { occurrence in emit(finding.ruleID, occurrence, name: name) { _ in finding.message } }
        }
        for (name, rest) in nearDuplicates(unknown, existing: existing) {
            each(name) { occurrence in emit("near_duplicate_name", occurrence, name: name) { "\($0) \(rest)" } }
        }
        for template in dynamicFirst.keys.sorted() {
            for file in dynamicFirst[template]!.keys.sorted() {
                emit("dynamic_name_in_code", dynamicFirst[template]![file]!, name: template) { place in
                    "\(place) is built at run time, so every value makes a new event definition; keep the name fixed and send the value as a property."
                }
            }
        }
        for name in judged {
            let definition = existing[name]
            let deprecated = planned?.byName[name]?.status == .deprecated
            if definition?.isHidden == true || deprecated {
                let why =
                    definition?.isHidden == true
                    ? "PostHog hides it" : "the tracking plan deprecates it (\(planned!.byName[name]!.location))"
                each(name) {
                    emit("hidden_in_code", $0, name: name) { "\($0) still sends it, but \(why); remove the call, or bring the event back." }
                }
            }
            if definitions != nil, definition == nil, !PostHogEvents.contains(name) {
                each(name) {
                    emit("new_event", $0, name: name) {
                        "\($0) is not in PostHog yet: it is created the first time this code runs; give it an owner and a description then."
                    }
                }
            }
            if let planned, planned.byName[name] == nil, !PostHogEvents.contains(name) {
                each(name) {
                    emit("unplanned_event", $0, name: name) { "\($0) is not in the tracking plan; add it, or send a planned event." }
                }
            }
        }
        if let plan, let severity = severity("planned_not_in_code") {
            for event in plan.events where event.status != .deprecated && firstInFile[event.name] == nil {
                var finding = Finding(
                    ruleID: "planned_not_in_code", severity: severity, eventID: "plan:\(event.name)", eventName: event.name,
                    message: "'\(event.name)' is in the tracking plan, but no call in the code scanned sends it.", value: event.name)
                finding.location = event.location
                findings.append(finding)
            }
        }
        return findings.sorted { lhs, rhs in
            let left = lhs.location ?? SourceLocation(file: "", line: 0, column: 0)
            let right = rhs.location ?? SourceLocation(file: "", line: 0, column: 0)
            if left.file != right.file { return left.file < right.file }
            if left.line != right.line { return left.line < right.line }
            if left.column != right.column { return left.column < right.column }
            return (lhs.ruleID, lhs.eventName) < (rhs.ruleID, rhs.eventName)
        }
    }

    /// The policy's name rules on the names PostHog does not hold, judged beside its definitions (so the
    /// inferred convention is the project's): (name, finding) pairs.
    private func nameRuleFindings(_ names: [String]) throws(StewardError) -> [(String, Finding)] {
        guard !names.isEmpty, !nameRuleIDs.isEmpty else { return [] }
        var namePolicy = policy
        let keep = Set(nameRuleIDs)
        namePolicy.rules = policy.rules.filter { keep.contains($0.key) }
        namePolicy.overrides = policy.overrides.map { override in
            var copy = override
            copy.rules = override.rules.filter { keep.contains($0.key) }
            return copy
        }
        let linter: Linter
        do { linter = try Linter(policy: namePolicy, now: now) } catch { throw error.stewardError }
        let candidates = names.enumerated().map { EventDefinition(id: "candidate-\($0.offset)", name: $0.element) }
        let result = try linter.lint((definitions ?? []) + candidates)
        var byID: [String: String] = [:]
        for candidate in candidates { byID[candidate.id] = candidate.name }
        return result.findings.compactMap { finding in byID[finding.eventID].map { ($0, finding) } }
    }

    /// Names in code that fold to an existing visible definition's name, or to another name in code.
    /// Returns (name, the message after the name's place) pairs.
    private func nearDuplicates(_ names: [String], existing: [String: EventDefinition]) -> [(String, String)] {
        guard severity("near_duplicate_name") != nil else { return [] }
        var found: [(String, String)] = []
        var existingByKey: [String: [EventDefinition]] = [:]
        for definition in existing.values where !definition.isHidden {
            let key = NearDuplicateNameRule.foldedKey(definition.name)
            if !key.isEmpty { existingByKey[key, default: []].append(definition) }
        }
        var codeByKey: [String: [String]] = [:]
        for name in names {
            let key = NearDuplicateNameRule.foldedKey(name)
            if !key.isEmpty { codeByKey[key, default: []].append(name) }
        }
        for name in names {
            let key = NearDuplicateNameRule.foldedKey(name)
            if let matches = existingByKey[key]?.filter({ $0.name != name }), !matches.isEmpty {
                let best = matches.min { lhs, rhs in
                    if lhs.isVerified != rhs.isVerified { return lhs.isVerified }
                    if lhs.lastSeenAt != rhs.lastSeenAt { return (lhs.lastSeenAt?.seconds ?? 0) > (rhs.lastSeenAt?.seconds ?? 0) }
                    return lhs.name < rhs.name
                }!
                let more = matches.count > 1 ? " (and \(matches.count - 1) more spelling\(matches.count == 2 ? "" : "s"))" : ""
                found.append((name, "is '\(best.name)', which exists\(more); send '\(best.name)' instead."))
            } else if let others = codeByKey[key]?.filter({ $0 != name }), !others.isEmpty {
                let shown = others.sorted().prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                found.append((name, "is the same name as \(shown), also sent by this code, once case and separators are folded; pick one."))
            }
        }
        return found
    }
}
