import GRDB
import StewardCore

/// Writes one run inside the caller's immediate transaction: new definition versions, the finding
/// lifecycle and the per-run counts. Compares against what history holds at that moment, so two audits
/// that finish together are recorded one after the other, each against the other's result.
///
/// Cost follows change: an unchanged project costs one read of the definition and open-finding keys and
/// one fingerprint per definition; rows are written only for what changed. Rows are written in key order
/// so index inserts append instead of scattering.
struct RunRecorder {
    let db: Database
    let runID: Int64

    struct Changes {
        /// One flag per finding of the result, true when this run opened it.
        var isNew: [Bool] = []
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

    struct OpenKey: Hashable {
        var definition: Int64
        var rule: Int64
    }

    /// A finding this run opens: its row's key and its place in the run's findings, in 16 bytes rather than
    /// a tuple's 24 (a million definitions' first run opens 3.5 million, held until their rows are written).
    struct Opened {
        private var definition: Int64
        private var rule: Int32
        private var position: Int32

        init(key: OpenKey, index: Int) {
            // Rule rows number the rules history has seen; positions, a run's findings: both far below 2^31.
            precondition(key.rule >= 0 && key.rule <= Int64(Int32.max) && index >= 0 && index <= Int(Int32.max))
            (definition, rule, position) = (key.definition, Int32(key.rule), Int32(index))
        }

        var key: OpenKey { OpenKey(definition: definition, rule: Int64(rule)) }
        var index: Int { Int(position) }
    }

    /// What the definitions step found and wrote, for the findings step to build on.
    struct VersionStep {
        var definitionsDigest: SetDigest
        var fingerprints: [Int64]
        /// The last recorded run's findings digest, when its definitions were exactly these.
        var sameDefinitionsFindingsDigest: Int64?
        var sameDefinitions: Bool
        /// The rows and versions worked out, nil when the definitions needed no diff.
        var versions: VersionChanges?
        var changedDefinitions = 0
        var removedDefinitions = 0
    }

    /// What the findings step will write: which findings open, and what is new and resolved.
    struct FindingsStep {
        var changes = Changes()
        var opened: [Opened] = []
        var definitionIndex: [Int] = []
        var findingsDigest: SetDigest
        /// Rows from this one on were added by this run (named as the findings name them).
        var firstAddedRow: Int64 = 0
        /// The same definitions and findings as the last run: only counts are written.
        var onlyCounts: Bool
    }

    /// Step 1, which needs no lint result: works out the definitions' versions and writes them (it may run
    /// while the linter works).
    func recordVersions(definitions: [EventDefinition], complete: Bool) throws -> VersionStep {
        let fingerprints = Concurrently.map(count: definitions.count) { DefinitionContent.fingerprint(of: definitions[$0]) }
        let definitionsDigest = SetDigest.definitions(definitions, fingerprints: fingerprints)
        let last = try Row.fetchOne(
            db,
            sql: "SELECT status, definitions_digest, findings_digest FROM run WHERE id < ? AND status != 'failed' ORDER BY id DESC LIMIT 1",
            arguments: [runID])
        // When the last run was complete with exactly these definitions, they need no diff (and, with the
        // same findings too, nothing does: only counts are written).
        let sameDefinitions =
            complete && last?["status"] == RunStatus.complete.rawValue && last?["definitions_digest"] == definitionsDigest.value
        var step = VersionStep(
            definitionsDigest: definitionsDigest, fingerprints: fingerprints,
            sameDefinitionsFindingsDigest: sameDefinitions ? last?["findings_digest"] : nil, sameDefinitions: sameDefinitions)
        if !sameDefinitions {
            var written = try diffVersions(definitions, fingerprints: fingerprints, complete: complete)
            try writeVersions(written, definitions: definitions)
            step.changedDefinitions = written.written.count
            step.removedDefinitions = written.removed.count
            // Only the rows are needed from here on (the linter may still be holding its peak).
            (written.added, written.changed, written.written, written.removed) = ([], [], [], [])
            step.versions = written
            MemoryPolicy.returnFreedPages()
        }
        return step
    }

    /// Step 2, once the lint result is in: the run's counts, and what is new and resolved (closing is written
    /// now; opening is left for step 3).
    func diff(_ result: LintResult, definitions: [EventDefinition], complete: Bool, versions: VersionStep) throws -> FindingsStep {
        let summary = result.summary
        try db.execute(
            sql: """
                UPDATE run SET in_scope = ?, with_errors = ?, errors = ?, warnings = ?, infos = ?, waived = ?, score = ?
                WHERE id = ?
                """,
            arguments: [
                result.inScopeCount, result.definitionsWithErrors, summary.errors, summary.warnings, summary.infos, summary.waived,
                result.complianceScore, runID,
            ])
        // The digest is summed on other cores while this thread reads and diffs.
        let findings = result.findings
        let findingsDigest = BackgroundValue { SetDigest.findings(findings) }
        var step = FindingsStep(findingsDigest: SetDigest(), onlyCounts: false)
        step.changes.changedDefinitions = versions.changedDefinitions
        step.changes.removedDefinitions = versions.removedDefinitions
        step.definitionIndex = result.positions(in: definitions)
        if versions.sameDefinitions, versions.sameDefinitionsFindingsDigest == findingsDigest.value.value {
            step.findingsDigest = findingsDigest.value
            step.changes.isNew = [Bool](repeating: false, count: result.findings.count)
            step.onlyCounts = true
            return step
        }
        // The same definitions with other findings (a new policy): rows are read, nothing about them written.
        let known = try versions.versions ?? diffVersions(definitions, fingerprints: versions.fingerprints, complete: complete)
        step.firstAddedRow = known.firstAddedRow
        let rules = try ruleRows(for: result)
        step.opened = try diffFindings(
            result.findings, positions: step.definitionIndex, rowOf: known.rowOf, rules: rules, complete: complete,
            changes: &step.changes)
        step.findingsDigest = findingsDigest.value
        return step
    }

    /// Step 3: the findings that open (the rows that take longest), the counts, the digests.
    func writeFindings(
        _ step: FindingsStep, result: LintResult, definitions: [EventDefinition], versions: VersionStep, complete: Bool,
        tally made: BackgroundValue<FindingTally>? = nil
    ) throws {
        // The counts are summed on another core while this thread, which owns the connection, writes the rows
        // (or were summed already, by a caller that shows them too).
        let (findings, positions) = (result.findings, step.definitionIndex)
        let tally = made ?? BackgroundValue { FindingTally(findings, definitions: definitions, positions: positions) }
        if !step.onlyCounts { try writeFindings(step.opened, findings: result.findings, firstAddedRow: step.firstAddedRow) }
        try recordCounts(tally.value)
        if step.onlyCounts || complete { try saveDigests(versions.definitionsDigest, step.findingsDigest) }
        try db.execute(
            sql: "UPDATE run SET new_findings = ?, resolved_findings = ?, changed_definitions = ? WHERE id = ?",
            arguments: [step.changes.isNew.lazy.filter { $0 }.count, step.changes.resolved.count, step.changes.changedDefinitions, runID])
    }

    private func saveDigests(_ definitions: SetDigest, _ findings: SetDigest) throws {
        try db.execute(
            sql: "UPDATE run SET definitions_digest = ?, findings_digest = ? WHERE id = ?",
            arguments: [definitions.value, findings.value, runID])
    }

    // MARK: - Definitions

    /// What the definitions of this run change: rows to add, versions to write, definitions gone.
    struct VersionChanges {
        /// Each definition's row, by its position in this run's list (rows of new ones are assigned, not yet written).
        var rowOf: [Int64] = []
        /// Positions of new definitions, in id order, and the row each gets.
        var added: [(index: Int, row: Int64, hash: Int64)] = []
        /// Known definitions whose content changed or that came back.
        var changed: [(index: Int, row: Int64, hash: Int64)] = []
        /// Every version to write, new definitions included, in row order.
        var written: [(index: Int, row: Int64, hash: Int64)] = []
        /// Rows of definitions a complete snapshot no longer has.
        var removed: [Int64] = []
        /// The first row this run adds (rows before it were already recorded).
        var firstAddedRow: Int64 = 0
    }

    /// Reads the known definitions and works out rows and versions, writing nothing.
    private func diffVersions(_ definitions: [EventDefinition], fingerprints: [Int64], complete: Bool) throws -> VersionChanges {
        // Only what history has is kept by id; new definitions are found in a sort, not a million-entry table.
        var known: [String: Known] = [:]
        let existing = try BulkStatement(db, "SELECT id, event_id, content_hash, removed_run IS NOT NULL FROM definition")
        while try existing.next() {
            known[existing.text(1)] = Known(row: existing.int64(0), hash: existing.int64(2), removed: existing.int64(3) != 0, index: -1)
        }
        var changes = VersionChanges()
        changes.rowOf = [Int64](repeating: 0, count: definitions.count)
        var added: [Int] = []
        var repeats: [(index: Int, first: Int)] = []
        if known.isEmpty {
            // A first run knows nothing: every definition is new, and no id needs hashing.
            added = Array(definitions.indices)
        } else {
            for index in definitions.indices {
                let id = definitions[index].id
                let hash = fingerprints[index]
                guard let slot = known.index(forKey: id) else {
                    added.append(index)
                    continue
                }
                let entry = known.values[slot]
                // The same id twice in one file: the first one counts.
                guard entry.index < 0 else {
                    repeats.append((index, entry.index))
                    continue
                }
                changes.rowOf[index] = entry.row
                known.values[slot].index = index
                if entry.hash != hash || entry.removed {
                    changes.changed.append((index, entry.row, hash))
                    known.values[slot].hash = hash
                    known.values[slot].removed = false
                }
            }
        }
        // New definitions get rows in id order, so the unique index on event_id grows at its end. Sorted by
        // (id, position), a new id listed twice shows as a run whose first entry counts.
        let byID = Self.inByteOrder(added, of: definitions)
        // Rows get explicit ids after the largest one: this transaction holds the write lock, so they are free.
        var nextRow = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM definition") ?? 0) + 1
        changes.firstAddedRow = nextRow
        var previous = -1
        for index in byID {
            if previous >= 0, UTF8Key(definitions[previous].id) == UTF8Key(definitions[index].id) {
                repeats.append((index, previous))
                continue
            }
            changes.rowOf[index] = nextRow
            changes.added.append((index, nextRow, fingerprints[index]))
            nextRow += 1
            previous = index
        }
        for (index, first) in repeats { changes.rowOf[index] = changes.rowOf[first] }
        // New rows come after every known one, in order: with nothing changed (a first run) they are the list.
        changes.written = changes.changed.isEmpty ? changes.added : (changes.changed + changes.added).sorted { $0.row < $1.row }
        // Only a complete snapshot can say a definition is gone.
        if complete {
            changes.removed = known.values.filter { $0.index < 0 && !$0.removed }.map(\.row).sorted()
        }
        return changes
    }

    /// `positions` ordered by their definitions' ids as bytes (the order of the unique index on `event_id`,
    /// whose collation is BINARY), then by position. The first 16 bytes of each id are compared as two
    /// integers: ids are UUIDs, and comparing Strings costs several times more (Unicode order, a retain each).
    static func inByteOrder(_ positions: [Int], of definitions: [EventDefinition]) -> [Int] {
        var keys = positions.map { position -> (high: UInt64, low: UInt64, position: Int) in
            var id = definitions[position].id
            return id.withUTF8 { bytes in (bigEndian(bytes, from: 0), bigEndian(bytes, from: 8), position) }
        }
        keys.sort { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            let (left, right) = (UTF8Key(definitions[a.position].id), UTF8Key(definitions[b.position].id))
            return left != right ? left < right : a.position < b.position
        }
        return keys.map(\.position)
    }

    /// Eight bytes from `start` as a big-endian integer, zeros past the end (so shorter sorts first on a tie).
    private static func bigEndian(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64 {
        var value: UInt64 = 0
        for offset in 0..<8 {
            let index = start + offset
            value = value << 8 | UInt64(index < bytes.count ? bytes[index] : 0)
        }
        return value
    }

    private func writeVersions(_ changes: VersionChanges, definitions: [EventDefinition]) throws {
        var insertDefinition = try BatchInsert(db, "INSERT INTO definition (id, event_id, name, content_hash, first_run)", columns: 5)
        let (added, runID) = (changes.added, self.runID)
        try insertDefinition.add(count: added.count) { number, row in
            let (index, id, hash) = added[number]
            row.integer(id)
            row.text(definitions[index].id)
            row.text(definitions[index].name)
            row.integer(hash)
            row.integer(runID)
        }
        let updateDefinition = try BulkStatement(db, "UPDATE definition SET content_hash = ?, removed_run = NULL WHERE id = ?")
        for change in changes.changed {
            updateDefinition.bind(1, change.hash)
            updateDefinition.bind(2, change.row)
            try updateDefinition.execute()
        }
        var insertVersion = try BatchInsert(
            db,
            """
            INSERT INTO definition_version (definition, run, removed, name, owner_id, owner, description, tags, hidden,
              verified, verified_at, enforcement_mode, created_at, updated_at)
            """, columns: 14)
        let written = changes.written
        try insertVersion.add(count: written.count) { number, row in
            row.integer(written[number].row)
            row.integer(runID)
            row.integer(Int64(0))
            DefinitionContent.write(definitions[written[number].index], into: &row)
        }
        let markRemoved = try BulkStatement(db, "UPDATE definition SET removed_run = ? WHERE id = ?")
        let insertRemoval = try BulkStatement(
            db, "INSERT INTO definition_version (definition, run, removed, name) SELECT id, ?, 1, name FROM definition WHERE id = ?")
        for row in changes.removed {
            for statement in [markRemoved, insertRemoval] {
                statement.bind(1, runID)
                statement.bind(2, row)
                try statement.execute()
            }
        }
    }

    // MARK: - Findings

    private func ruleRows(for result: LintResult) throws -> [String: Int64] {
        var rules: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM rule") { rules[row[1]] = row[0] }
        // Findings name few rules, nearly always the same String storage: a short scan, not a set of every id.
        var named: [String] = []
        for index in result.findings.indices where !named.contains(result.findings[index].ruleID) {
            named.append(result.findings[index].ruleID)
        }
        let names = Set(named).subtracting(rules.keys).sorted()
        for name in names {
            try db.execute(sql: "INSERT INTO rule (name) VALUES (?)", arguments: [name])
            rules[name] = db.lastInsertedRowID
        }
        return rules
    }

    /// Works out which findings open, and keeps and closes the others (closing is written now, so the
    /// resolved findings can be read back with their details); returns the findings to open, in key order.
    /// A finding that names no linted definition (a waiver of an event PostHog does not have) is about the
    /// policy, not the project, and is not tracked.
    private func diffFindings(
        _ findings: [Finding], positions: [Int], rowOf: [Int64], rules: [String: Int64], complete: Bool, changes: inout Changes
    ) throws -> [Opened] {
        // Every open finding, read before any opens: one per definition and rule is open at a time, and this
        // (inside the run's write lock) is what keeps it so.
        var open: [OpenKey: (openedRun: Int64, severity: Int64)] = [:]
        open.reserveCapacity(findings.count + 1_024)
        let cursor = try BulkStatement(
            db,
            """
            SELECT definition, rule, opened_run, severity FROM finding WHERE closed_run IS NULL
            """)
        while try cursor.next() {
            let key = OpenKey(definition: cursor.int64(0), rule: cursor.int64(1))
            guard open.updateValue((cursor.int64(2), cursor.int64(3)), forKey: key) == nil else {
                throw HistoryDamage(
                    detail: "table finding has two open findings of rule row \(key.rule) for definition row \(key.definition)")
            }
        }
        var opened: [Opened] = []
        // Nearly every finding opens on a first run or under a new policy: room for all of them at once, not
        // regrowing (address space only; pages a later run leaves unused are never touched).
        opened.reserveCapacity(findings.count)
        var severityChanges: [(key: OpenKey, openedRun: Int64, index: Int)] = []
        // Findings name few rules, nearly always the same String storage: a short scan beats hashing each one.
        var ruleCache: [(name: String, row: Int64)] = []
        for index in findings.indices {
            let ruleID = findings[index].ruleID
            let rule: Int64
            if let cached = ruleCache.first(where: { $0.name == ruleID }) {
                rule = cached.row
            } else if let row = rules[ruleID] {
                ruleCache.append((ruleID, row))
                rule = row
            } else {
                throw StewardError(.storage, "internal: rule '\(ruleID)' has no recorded row")
            }
            guard positions[index] >= 0 else { continue }
            let key = OpenKey(definition: rowOf[positions[index]], rule: rule)
            // A first run has nothing open: no key needs hashing.
            if !open.isEmpty, let existing = open.removeValue(forKey: key) {
                if existing.severity != FindingText.severityCode(findings[index].severity) {
                    severityChanges.append((key, existing.openedRun, index))
                }
            } else {
                opened.append(Opened(key: key, index: index))
            }
        }
        Self.sortByKey(&opened)
        changes.isNew = [Bool](repeating: false, count: findings.count)
        for entry in opened { changes.isNew[entry.index] = true }
        let updateSeverity = try BulkStatement(
            db, "UPDATE finding SET severity = ? WHERE definition = ? AND rule = ? AND opened_run = ?")
        for change in severityChanges {
            updateSeverity.bind(1, FindingText.severityCode(findings[change.index].severity))
            updateSeverity.bind(2, change.key.definition)
            updateSeverity.bind(3, change.key.rule)
            updateSeverity.bind(4, change.openedRun)
            try updateSeverity.execute()
        }
        // A partial snapshot must never make findings look resolved.
        guard complete, !open.isEmpty else { return opened }
        let close = try BulkStatement(db, "UPDATE finding SET closed_run = ? WHERE definition = ? AND rule = ? AND opened_run = ?")
        // In key order, the table's own.
        for (key, value) in open.sorted(by: { ($0.key.definition, $0.key.rule) < ($1.key.definition, $1.key.rule) }) {
            close.bind(1, runID)
            close.bind(2, key.definition)
            close.bind(3, key.rule)
            close.bind(4, value.openedRun)
            try close.execute()
        }
        changes.resolved = try FindingRow.fetchAll(
            db, sql: FindingRow.selection + " WHERE f.closed_run = ? ORDER BY d.name, r.name, d.event_id", arguments: [runID]
        ).map(HistoryFinding.init)
        return opened
    }

    /// Sorts findings to open by (definition, rule), the order of the table they go into. Definition rows are
    /// nearly dense (a first run numbers them 1…n), so they are counted into place and each definition's few
    /// findings ordered by rule; rows spread too thinly for that are sorted by comparison.
    static func sortByKey(_ opened: inout [Opened]) {
        guard let first = opened.first else { return }
        var (low, high) = (first.key.definition, first.key.definition)
        for entry in opened {
            low = min(low, entry.key.definition)
            high = max(high, entry.key.definition)
        }
        let span = high.subtractingReportingOverflow(low)
        guard !span.overflow, span.partialValue < Int64(opened.count) * 4 + 1_024 else {
            opened.sort { ($0.key.definition, $0.key.rule) < ($1.key.definition, $1.key.rule) }
            return
        }
        // Counted into place by definition, each definition's few findings by rule; the order is worked out as
        // positions and applied by swaps in place (a sorted copy of a million definitions' findings was 83 MB).
        let order = opened.withUnsafeBufferPointer { opened in
            BucketOrder.order(
                count: opened.count, buckets: Int(span.partialValue) + 1, bucket: { Int(opened[$0].key.definition - low) },
                precedes: { opened[$0].key.rule < opened[$1].key.rule })
        }
        opened.withUnsafeMutableBufferPointer { opened in Permutation.apply(order) { opened.swapAt($0, $1) } }
    }

    /// Opens findings as rows of numbers: the rule, the severity, and the message and value as templates
    /// shared through `finding_text`. A definition history knew under another name keeps the name the finding
    /// was made with, so its message reads back as it was said.
    ///
    /// A run that opens more findings than history has texts (a first run, a new policy) reads every text
    /// and every recorded name first, so its rows are made on another core while this thread writes them.
    private func writeFindings(_ opened: [Opened], findings: [Finding], firstAddedRow: Int64) throws {
        var insert = try BatchInsert(
            db, "INSERT INTO finding (definition, rule, opened_run, severity, message, value, named)", columns: 7)
        let runID = self.runID
        if opened.count > Self.pipelineThreshold, try opened.count > Int.fetchOne(db, sql: "SELECT count(*) FROM finding_text") ?? 0 {
            let texts = LoadedTexts(try FindingText.loaded(db))
            let names = try opened.contains { $0.key.definition < firstAddedRow } ? recordedNames(below: firstAddedRow) : [:]
            try insert.add(count: opened.count) { number, row in
                let (key, index) = (opened[number].key, opened[number].index)
                try findings.withUnsafeBufferPointer { findings in
                    try Self.findingRow(
                        &row, key: key, finding: findings, index, recordedName: names[key.definition], texts: &texts.value, runID: runID)
                }
            }
            try texts.value.insertAdded(into: db)
            return
        }
        var texts = try FindingText(db)
        let recordedName = try BulkStatement(db, "SELECT name FROM definition WHERE id = ?")
        var lastRow: (row: Int64, name: String?)?
        // Fields are read in place: copying each finding out costs a retain and a release per field.
        try findings.withUnsafeBufferPointer { findings in
            for entry in opened {
                let (key, index) = (entry.key, entry.index)
                if key.definition < firstAddedRow, lastRow?.row != key.definition {
                    recordedName.bind(1, key.definition)
                    lastRow = (key.definition, try recordedName.next() ? recordedName.text(0) : nil)
                    recordedName.reset()
                }
                let name = key.definition < firstAddedRow ? lastRow?.name : nil
                try insert.add { row in
                    try Self.findingRow(&row, key: key, finding: findings, index, recordedName: name, texts: &texts, runID: runID)
                }
            }
        }
        try insert.finish()
    }

    /// Below this many findings to open, rows are made on the connection's thread (a nightly run opens hundreds).
    static let pipelineThreshold = 4_096

    /// One finding row: `recordedName` is the name history holds for the definition, nil for one this run adds.
    private static func findingRow(
        _ row: inout RowBatch, key: OpenKey, finding findings: UnsafeBufferPointer<Finding>, _ index: Int, recordedName: String?,
        texts: inout FindingText, runID: Int64
    ) throws {
        let eventName = findings[index].eventName
        let message =
            try findings[index].messageTemplate.map { try texts.row($0, template: true) }
            ?? texts.row(findings[index].message, template: false)
        row.integer(key.definition)
        row.integer(key.rule)
        row.integer(runID)
        row.integer(FindingText.severityCode(findings[index].severity))
        row.integer(message)
        row.integer(try texts.valueRow(findings[index].value, naming: eventName))
        // The name the finding was made with, kept only when history knows the definition by another.
        row.text(recordedName != nil && recordedName != eventName ? eventName : nil)
    }

    /// The name history holds for each definition recorded before this run.
    private func recordedNames(below firstAddedRow: Int64) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        let rows = try BulkStatement(db, "SELECT id, name FROM definition WHERE id < ?")
        rows.bind(1, firstAddedRow)
        while try rows.next() { names[rows.int64(0)] = rows.text(1) }
        return names
    }

    // MARK: - Counts

    /// Counts by rule, owner and tag (`FindingTally` sums findings per definition first, so owners and tags
    /// are looked up once per definition with findings, not once per finding).
    private func recordCounts(_ tally: FindingTally) throws {
        let insert = try BulkStatement(db, "INSERT INTO run_count (run, dimension, key, errors, warnings, infos) VALUES (?, ?, ?, ?, ?, ?)")
        for (dimension, tallies) in [("rule", tally.byRule), ("owner", tally.byOwner), ("tag", tally.byTag)] {
            for (key, tally) in tallies.sorted(by: { $0.key < $1.key }) {
                insert.bind(1, runID)
                insert.bind(2, dimension)
                insert.bind(3, key)
                insert.bind(4, tally.errors)
                insert.bind(5, tally.warnings)
                insert.bind(6, tally.infos)
                try insert.execute()
            }
        }
    }
}
