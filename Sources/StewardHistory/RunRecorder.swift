import GRDB
import StewardCore

/// Writes one run inside the caller's immediate transaction: the run row, new definition versions, the
/// finding lifecycle and the per-run counts. Compares against what history holds at that moment, so two
/// audits that finish together are recorded one after the other, each against the other's result.
///
/// Bulk rows go through prepared statements rather than record types: a first run writes several hundred
/// thousand rows, and per-row record encoding would triple the time.
struct RunRecorder {
    let db: Database
    let runID: Int64

    struct Changes {
        var newKeys: Set<FindingKey> = []
        var resolved: [HistoryFinding] = []
        var changedDefinitions = 0
        var removedDefinitions = 0
    }

    /// A known definition: its row, fingerprint, and where it sits in this run's list (-1: not in it).
    private struct Known {
        var row: Int64
        var hash: Int64
        var removed: Bool
        var index: Int
    }

    private struct OpenKey: Hashable {
        var definition: Int64
        var rule: Int64
    }

    func record(definitions: [EventDefinition], result: LintResult, complete: Bool) throws -> Changes {
        var changes = Changes()
        var known = try recordVersions(definitions, complete: complete, changes: &changes)
        let rules = try ruleRows(for: result)
        try recordFindings(result.findings, known: &known, rules: rules, complete: complete, changes: &changes)
        try recordCounts(result.findings, definitions: definitions, known: known)
        return changes
    }

    // MARK: - Definitions

    private func recordVersions(_ definitions: [EventDefinition], complete: Bool, changes: inout Changes) throws -> [String: Known] {
        var known: [String: Known] = [:]
        known.reserveCapacity(definitions.count + 1_024)
        let existing = try Row.fetchCursor(db, sql: "SELECT id, event_id, content_hash, removed_run IS NOT NULL FROM definition")
        while let row = try existing.next() {
            known[row[1]] = Known(row: row[0], hash: row[2], removed: row[3], index: -1)
        }
        let insertDefinition = try db.makeStatement(
            sql: "INSERT INTO definition (event_id, name, content_hash, first_run) VALUES (?, ?, ?, ?)")
        let updateDefinition = try db.makeStatement(
            sql: "UPDATE definition SET content_hash = ?, removed_run = NULL WHERE id = ?")
        let insertVersion = try db.makeStatement(
            sql: """
                INSERT INTO definition_version (definition, run, removed, name, owner_id, owner, description, tags, hidden,
                  verified, verified_at, enforcement_mode, created_at, updated_at)
                VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (index, definition) in definitions.enumerated() {
            let content = DefinitionContent(definition)
            let hash = content.fingerprint
            let row: Int64
            if var entry = known[definition.id] {
                guard entry.index < 0 else { continue }  // the same id twice in one file: the first one counts
                entry.index = index
                if entry.hash == hash && !entry.removed {
                    known[definition.id] = entry
                    continue
                }
                row = entry.row
                entry.hash = hash
                entry.removed = false
                known[definition.id] = entry
                try updateDefinition.execute(arguments: [hash, row])
            } else {
                try insertDefinition.execute(arguments: [definition.id, definition.name, hash, runID])
                row = db.lastInsertedRowID
                known[definition.id] = Known(row: row, hash: hash, removed: false, index: index)
            }
            changes.changedDefinitions += 1
            try insertVersion.execute(arguments: [
                row, runID, content.name, content.ownerID, content.owner, content.description, content.tags,
                content.hidden, content.verified, content.verifiedAt, content.enforcementMode, content.createdAt,
                content.updatedAt,
            ])
        }
        // Only a complete snapshot can say a definition is gone.
        guard complete else { return known }
        let markRemoved = try db.makeStatement(sql: "UPDATE definition SET removed_run = ? WHERE id = ?")
        let insertRemoval = try db.makeStatement(
            sql: """
                INSERT INTO definition_version (definition, run, removed, name)
                SELECT id, ?, 1, name FROM definition WHERE id = ?
                """)
        for (eventID, entry) in known where entry.index < 0 && !entry.removed {
            try markRemoved.execute(arguments: [runID, entry.row])
            try insertRemoval.execute(arguments: [runID, entry.row])
            known[eventID]?.removed = true
            changes.removedDefinitions += 1
        }
        return known
    }

    // MARK: - Findings

    private func ruleRows(for result: LintResult) throws -> [String: Int64] {
        var rules: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM rule") { rules[row[1]] = row[0] }
        let names = Set(result.findings.map(\.ruleID)).subtracting(rules.keys).sorted()
        for name in names {
            try db.execute(sql: "INSERT INTO rule (name) VALUES (?)", arguments: [name])
            rules[name] = db.lastInsertedRowID
        }
        return rules
    }

    private func recordFindings(
        _ findings: [Finding], known: inout [String: Known], rules: [String: Int64], complete: Bool, changes: inout Changes
    ) throws {
        var open: [OpenKey: (id: Int64, severity: String)] = [:]
        open.reserveCapacity(findings.count + 1_024)
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, definition, rule, severity FROM finding WHERE closed_run IS NULL")
        while let row = try cursor.next() {
            open[OpenKey(definition: row[1], rule: row[2])] = (row[0], row[3])
        }
        let insert = try db.makeStatement(
            sql: "INSERT INTO finding (definition, rule, severity, message, value, opened_run) VALUES (?, ?, ?, ?, ?, ?)")
        let updateSeverity = try db.makeStatement(sql: "UPDATE finding SET severity = ? WHERE id = ?")
        for finding in findings {
            guard let definition = known[finding.eventID], let rule = rules[finding.ruleID] else {
                throw StewardError(.storage, "internal: finding for '\(finding.eventID)' has no recorded definition")
            }
            let key = OpenKey(definition: definition.row, rule: rule)
            if let existing = open.removeValue(forKey: key) {
                if existing.severity != finding.severity.rawValue {
                    try updateSeverity.execute(arguments: [finding.severity.rawValue, existing.id])
                }
                continue
            }
            try insert.execute(arguments: [
                definition.row, rule, finding.severity.rawValue, finding.message, finding.value, runID,
            ])
            changes.newKeys.insert(finding.key)
        }
        // A partial snapshot must never make findings look resolved.
        guard complete, !open.isEmpty else { return }
        let close = try db.makeStatement(sql: "UPDATE finding SET closed_run = ? WHERE id = ?")
        for (_, entry) in open { try close.execute(arguments: [runID, entry.id]) }
        changes.resolved = try FindingRow.fetchAll(
            db, sql: FindingRow.selection + " WHERE f.closed_run = ? ORDER BY d.name, r.name, d.event_id", arguments: [runID]
        ).map(HistoryFinding.init)
    }

    // MARK: - Counts

    private func recordCounts(_ findings: [Finding], definitions: [EventDefinition], known: [String: Known]) throws {
        struct Tally { var errors = 0, warnings = 0, infos = 0 }
        var tallies: [String: [String: Tally]] = ["rule": [:], "owner": [:], "tag": [:]]
        func add(_ dimension: String, _ key: String, _ severity: Severity) {
            switch severity {
            case .error: tallies[dimension, default: [:]][key, default: Tally()].errors += 1
            case .warning: tallies[dimension, default: [:]][key, default: Tally()].warnings += 1
            case .info: tallies[dimension, default: [:]][key, default: Tally()].infos += 1
            case .off: break
            }
        }
        for finding in findings {
            add("rule", finding.ruleID, finding.severity)
            guard let index = known[finding.eventID]?.index, index >= 0 else { continue }
            let definition = definitions[index]
            add("owner", definition.owner?.displayName ?? "(no owner)", finding.severity)
            if definition.tags.isEmpty { add("tag", "(untagged)", finding.severity) }
            for tag in Set(definition.tags) { add("tag", tag, finding.severity) }
        }
        let insert = try db.makeStatement(
            sql: "INSERT INTO run_count (run, dimension, key, errors, warnings, infos) VALUES (?, ?, ?, ?, ?, ?)")
        for (dimension, byKey) in tallies {
            for (key, tally) in byKey {
                try insert.execute(arguments: [runID, dimension, key, tally.errors, tally.warnings, tally.infos])
            }
        }
    }
}
