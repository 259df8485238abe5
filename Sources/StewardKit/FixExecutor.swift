import Foundation
import PostHogAPI
import StewardCore
import StewardHistory

/// Sends a fix run's journaled actions to PostHog, journaling each request before it is sent and its
/// outcome after: tags through `bulk_update_tags` in the fewest requests PostHog's limits allow, verification
/// through `bulk_update_verified`, other fields through one PATCH per definition. Verified-off goes before
/// the PATCHes and verified-on after them, so no request ever asks for hidden and verified at once.
struct FixExecutor {
    /// How tag actions are sent: as additions and removals (few requests, for applying a plan) or as the
    /// exact list (for undo, which must restore what was there).
    enum TagMode { case delta, exact }

    let client: PostHogClient
    let store: HistoryStore
    let tagMode: TagMode

    /// Why a run stopped early, and the error the command exits with.
    struct Stop: Error {
        var reason: String
        var error: StewardError
    }

    /// Notes for the person at the end (a 402 that skipped the PATCHes, for one).
    private(set) var notes: [String] = []
    /// Write requests sent, by endpoint.
    private(set) var requests: [String: Int] = [:]
    /// Field changes to journal and send next: a definition a create found already in PostHog is brought to
    /// the planned values by changes, never created twice.
    private(set) var followUps: [(action: FixAction, seen: Timestamp?)] = []

    init(client: PostHogClient, store: HistoryStore, tagMode: TagMode) {
        self.client = client
        self.store = store
        self.tagMode = tagMode
    }

    mutating func execute(_ entries: [JournalEntry]) async throws(Stop) {
        try await sendExistence(entries.filter { $0.action.field == .existence })
        let tags = entries.filter { $0.action.field == .tags }
        let unverify = entries.filter { $0.action.field == .verified && !Self.flag($0.action.after) }
        let verify = entries.filter { $0.action.field == .verified && Self.flag($0.action.after) }
        let patches = entries.filter { ![.tags, .verified, .existence, .dashboardTags].contains($0.action.field) }
        try await sendTags(tags)
        try await sendVerified(unverify, verified: false)
        try await sendPatches(patches)
        try await sendVerified(verify, verified: true)
        try await sendDashboardTags(entries.filter { $0.action.field == .dashboardTags })
    }

    // MARK: - Dashboard tags

    /// Dashboards' tags through their `bulk_update_tags`, grouped like the definitions' (PostHog gives that
    /// action no scopes, so a personal key is most likely refused it): on that refusal, one `PATCH tags` per
    /// dashboard with the exact list planned, which `dashboard:write` allows.
    private mutating func sendDashboardTags(_ entries: [JournalEntry]) async throws(Stop) {
        guard !entries.isEmpty else { return }
        var groups: [String: (action: String, tags: [String], entries: [JournalEntry])] = [:]
        var parts: [Int64: Int] = [:]
        for entry in entries {
            let before = Set(Self.tags(entry.action.before)), after = Set(Self.tags(entry.action.after))
            var changes: [(String, [String])] = []
            switch tagMode {
            case .exact: changes = [("set", after.sorted())]
            case .delta:
                if !after.subtracting(before).isEmpty { changes.append(("add", after.subtracting(before).sorted())) }
                if !before.subtracting(after).isEmpty { changes.append(("remove", before.subtracting(after).sorted())) }
            }
            for (action, tags) in changes {
                groups[action + "\u{0}" + tags.joined(separator: "\u{0}"), default: (action, tags, [])].entries.append(entry)
                parts[entry.id, default: 0] += 1
            }
        }
        var refusedBulk = false
        var done: Set<Int64> = []
        for key in groups.keys.sorted() where !refusedBulk {
            let group = groups[key]!
            var start = 0
            while start < group.entries.count, !refusedBulk {
                let batch = Array(group.entries[start..<min(start + PostHogClient.bulkMaxIDs, group.entries.count)])
                start += PostHogClient.bulkMaxIDs
                let ids = batch.compactMap { FixAction.dashboard(of: $0.action.eventID) }
                try record(batch.map(\.id), .started, request: "dashboards bulk_update_tags \(group.action)")
                let result: (updated: [Int: [String]], skipped: [Int: String])
                do throws(PostHogAPIError) {
                    result = try await client.bulkUpdateDashboardTags(ids: ids, action: group.action, tags: group.tags)
                    requests["dashboards bulk_update_tags", default: 0] += 1
                } catch {
                    guard error.refusesPersonalKeys else {
                        try stop(on: error, entries: batch)
                        continue
                    }
                    // Nothing of this batch was written: it goes by PATCH with the rest.
                    refusedBulk = true
                    continue
                }
                var finished: [Int64] = []
                for entry in batch {
                    let id = FixAction.dashboard(of: entry.action.eventID) ?? -1
                    if let reason = result.skipped[id] {
                        try record([entry.id], .skipped, reason: "PostHog skipped it: \(reason)")
                        parts[entry.id] = 0
                        done.insert(entry.id)
                        continue
                    }
                    parts[entry.id, default: 1] -= 1
                    if parts[entry.id, default: 0] <= 0 { finished.append(entry.id) }
                }
                try record(finished, .done)
                done.formUnion(finished)
            }
        }
        guard refusedBulk else { return }
        let rest = entries.filter { !done.contains($0.id) }
        notes.append(
            "PostHog does not let personal API keys call dashboards' bulk_update_tags; \(rest.count) dashboard\(rest.count == 1 ? " was" : "s were") tagged with one PATCH each instead"
        )
        for entry in rest {
            guard let id = FixAction.dashboard(of: entry.action.eventID) else { continue }
            try record([entry.id], .started, request: "PATCH dashboard tags")
            var failure: PostHogAPIError?
            do throws(PostHogAPIError) {
                _ = try await client.patchDashboard(id: id, ["tags": Self.tags(entry.action.after)])
                requests["PATCH dashboard", default: 0] += 1
            } catch {
                failure = error
            }
            if let failure {
                if case .projectNotFound = failure {
                    try record([entry.id], .skipped, reason: "PostHog no longer has this dashboard (deleted since the plan)")
                    continue
                }
                try stop(on: failure, entries: [entry])
            }
            try record([entry.id], .done)
        }
    }

    static func flag(_ value: FixValue) -> Bool {
        if case .flag(let flag) = value { return flag ?? false }
        return false
    }

    static func tags(_ value: FixValue) -> [String] {
        if case .tags(let tags) = value { return tags }
        return []
    }

    // MARK: - Create and delete

    private mutating func sendExistence(_ entries: [JournalEntry]) async throws(Stop) {
        for entry in entries {
            switch (entry.action.before, entry.action.after) {
            case (.definition(nil), .definition(let spec?)):
                try record([entry.id], .started, request: "POST")
                let created: PostHogClient.Created
                do throws(PostHogAPIError) {
                    created = try await client.create(spec.createBody)
                    requests["POST", default: 0] += 1
                } catch {
                    if case .paymentRequired = error {
                        notes.append(error.description)
                        try record([entry.id], .skipped, reason: error.description)
                        continue
                    }
                    try stop(on: error, entries: [entry])
                    continue
                }
                switch created {
                case .created(let definition):
                    var made = spec
                    made.id = definition.id
                    try journal { () throws(StewardError) in try store.recordCreated(entry.id, id: definition.id, after: .definition(made))
                    }
                    try record([entry.id], .done)
                case .existed(let definition):
                    try record(
                        [entry.id], .skipped,
                        reason: "PostHog already holds '\(spec.name)' (id \(definition.id)); its fields are brought to the plan instead")
                    followUps += Self.changes(toward: spec, from: definition, rules: entry.action.rules).map { ($0, definition.updatedAt) }
                }
            case (.definition(let spec?), .definition(nil)):
                let id = spec.id ?? entry.action.eventID
                try record([entry.id], .started, request: "DELETE")
                let deleted: Bool
                do throws(PostHogAPIError) {
                    deleted = try await client.delete(id: id)
                    requests["DELETE", default: 0] += 1
                } catch {
                    try stop(on: error, entries: [entry])
                    continue
                }
                try record([entry.id], deleted ? .done : .skipped, reason: deleted ? nil : "PostHog no longer has this definition")
            default:
                try record([entry.id], .failed, reason: "an existence change must create or delete a definition")
            }
        }
    }

    /// The field changes that bring `definition` to `spec` (a create that found the name taken).
    static func changes(toward spec: DefinitionSpec, from definition: EventDefinition, rules: [String]) -> [FixAction] {
        var wanted: [(FixAction.Field, FixValue)] = [(.tags, .tags(spec.tags))]
        if let description = spec.description { wanted.append((.description, .text(description))) }
        if let owner = spec.ownerID { wanted.append((.owner, .owner(id: owner, email: spec.ownerEmail))) }
        if let mode = spec.enforcementMode { wanted.append((.enforcementMode, .text(mode))) }
        if let hidden = spec.hidden { wanted.append((.hidden, .flag(hidden))) }
        if let verified = spec.verified { wanted.append((.verified, .flag(verified))) }
        return wanted.compactMap { field, after in
            let now = FixAction.value(of: field, in: definition)
            guard !FixAction.same(now, after) else { return nil }
            return FixAction(
                eventID: definition.id, eventName: definition.name, field: field, before: now, after: after, safe: true, rules: rules)
        }
    }

    private func journal(_ body: () throws(StewardError) -> Void) throws(Stop) {
        do { try body() } catch { throw Stop(reason: error.message, error: error) }
    }

    // MARK: - Tags

    private mutating func sendTags(_ entries: [JournalEntry]) async throws(Stop) {
        // Each request carries one action and one tag list; entries sharing them share requests.
        var groups: [String: (action: String, tags: [String], entries: [JournalEntry])] = [:]
        var parts: [Int64: Int] = [:]
        func add(_ action: String, _ tags: [String], _ entry: JournalEntry) {
            let key = action + "\u{0}" + tags.joined(separator: "\u{0}")
            groups[key, default: (action, tags, [])].entries.append(entry)
            parts[entry.id, default: 0] += 1
        }
        for entry in entries {
            let before = Set(Self.tags(entry.action.before)), after = Set(Self.tags(entry.action.after))
            switch tagMode {
            case .exact: add("set", after.sorted(), entry)
            case .delta:
                if !after.subtracting(before).isEmpty { add("add", after.subtracting(before).sorted(), entry) }
                if !before.subtracting(after).isEmpty { add("remove", before.subtracting(after).sorted(), entry) }
            }
        }
        for key in groups.keys.sorted() {
            let group = groups[key]!
            guard group.tags.count <= PostHogClient.bulkMaxTags else {
                try record(group.entries.map(\.id), .failed, reason: "more than \(PostHogClient.bulkMaxTags) tags in one change")
                continue
            }
            let size = min(PostHogClient.bulkMaxIDs, PostHogClient.bulkMaxChanges / max(1, group.tags.count))
            var start = 0
            while start < group.entries.count {
                let batch = Array(group.entries[start..<min(start + size, group.entries.count)])
                start += size
                let request = "bulk_update_tags \(group.action)"
                try record(batch.map(\.id), .started, request: request)
                let result: BulkUpdateResult
                do {
                    result =
                        try await client.bulkUpdateTags(ids: batch.map(\.action.eventID), action: group.action, tags: group.tags)
                        as BulkUpdateResult
                    requests["bulk_update_tags", default: 0] += 1
                } catch {
                    try stop(on: error, entries: batch)
                    continue
                }
                try finish(batch, result: result, parts: &parts)
            }
        }
    }

    // MARK: - Verified

    private mutating func sendVerified(_ entries: [JournalEntry], verified: Bool) async throws(Stop) {
        var start = 0
        while start < entries.count {
            let batch = Array(entries[start..<min(start + PostHogClient.bulkMaxIDs, entries.count)])
            start += PostHogClient.bulkMaxIDs
            try record(batch.map(\.id), .started, request: "bulk_update_verified \(verified)")
            let result: BulkUpdateResult
            do {
                result = try await client.bulkUpdateVerified(ids: batch.map(\.action.eventID), verified: verified)
                requests["bulk_update_verified", default: 0] += 1
            } catch {
                try stop(on: error, entries: batch)
                continue
            }
            var parts: [Int64: Int] = [:]
            for entry in batch { parts[entry.id] = 1 }
            try finish(batch, result: result, parts: &parts)
        }
    }

    // MARK: - PATCH

    private mutating func sendPatches(_ entries: [JournalEntry]) async throws(Stop) {
        var byDefinition: [String: [JournalEntry]] = [:]
        var order: [String] = []
        for entry in entries {
            if byDefinition[entry.action.eventID] == nil { order.append(entry.action.eventID) }
            byDefinition[entry.action.eventID, default: []].append(entry)
        }
        var refusal: String?
        for id in order {
            let batch = byDefinition[id]!
            if let refusal {
                try record(batch.map(\.id), .skipped, reason: refusal)
                continue
            }
            var fields: [String: Any] = [:]
            for entry in batch {
                switch (entry.action.field, entry.action.after) {
                case (.owner, .owner(let owner, _)): fields["owner"] = owner.map { $0 as Any } ?? NSNull()
                case (.hidden, .flag(let hidden)): fields["hidden"] = hidden ?? false
                case (.enforcementMode, .text(let mode)): fields["enforcement_mode"] = mode ?? "allow"
                case (.description, .text(let text)): fields["description"] = text ?? ""
                default: break
                }
            }
            try record(batch.map(\.id), .started, request: "PATCH")
            do throws(PostHogAPIError) {
                _ = try await client.patch(id: id, fields: fields)
                requests["PATCH", default: 0] += 1
            } catch {
                if case .paymentRequired = error {
                    // Cloud gates every PATCH behind the add-on; the bulk endpoints are not. Say so and go on.
                    refusal = error.description + " Field changes were skipped; tag and verification changes go on."
                    notes.append(refusal!)
                    try record(batch.map(\.id), .skipped, reason: refusal)
                    continue
                }
                if case .projectNotFound = error {
                    try record(batch.map(\.id), .skipped, reason: "PostHog no longer has this definition")
                    continue
                }
                try stop(on: error, entries: batch)
            }
            try record(batch.map(\.id), .done)
        }
    }

    // MARK: - Journal

    private func record(_ ids: [Int64], _ status: JournalEntry.Status, reason: String? = nil, request: String? = nil) throws(Stop) {
        do {
            try store.mark(ids, status, reason: reason, request: request)
        } catch {
            throw Stop(reason: error.message, error: error)
        }
    }

    /// Marks a bulk request's entries: skipped ids with PostHog's reason, the rest done once all their parts are.
    private func finish(_ batch: [JournalEntry], result: BulkUpdateResult, parts: inout [Int64: Int]) throws(Stop) {
        let skipped = Dictionary(result.skipped.map { ($0.id, $0.reason) }, uniquingKeysWith: { a, _ in a })
        var done: [Int64] = []
        for entry in batch {
            if let reason = skipped[entry.action.eventID] {
                try record([entry.id], .skipped, reason: "PostHog skipped it: \(reason)")
                parts[entry.id] = 0
                continue
            }
            parts[entry.id, default: 1] -= 1
            if parts[entry.id, default: 0] <= 0 { done.append(entry.id) }
        }
        try record(done, .done)
    }

    /// Stops the run on an error: refusals (400, 401, 403) mark the request's actions failed; lost answers
    /// leave them started, which a resume settles by reading PostHog.
    private func stop(on error: PostHogAPIError, entries: [JournalEntry]) throws(Stop) {
        switch error {
        case .unavailable, .badResponse, .refusedRedirect:
            break
        default:
            try record(entries.map(\.id), .failed, reason: error.description)
        }
        throw Stop(reason: error.description, error: error.stewardError)
    }
}
