import Foundation
import StewardCore
import StewardHistory
import StewardReports

/// Source → snapshot → engine → history → reports → exit code, for `steward audit`.
public struct AuditPipeline: Sendable {
    /// What an audit needs.
    public struct Options: Sendable {
        /// Where the definitions come from.
        public var source: DefinitionSource
        /// Policy references (`--policy`), empty for the default resolution.
        public var policies: [String] = []
        /// Output formats, in order.
        public var formats: [String] = ["text"]
        /// Where file formats are written; nil writes a single format to standard output.
        public var outputDirectory: String?
        /// The lowest severity that fails the run.
        public var failOn: Severity = .error
        /// Whether the terminal reporter may use color.
        public var color: Bool = false
        /// The instant treated as now; nil means the snapshot's `fetched_at` (a snapshot is judged as of when it
        /// was taken), else the current time.
        public var now: Timestamp?
        /// The history database to record the run in; nil records nothing (`--no-history`).
        public var historyPath: String? = HistoryStore.defaultPath
        /// Fail only on findings this run opened (needs history).
        public var newOnly = false
        /// A baseline file whose findings never fail the run.
        public var baselinePath: String?
        /// Audit a read that is not known complete instead of stopping with exit 3 (`--allow-incomplete`).
        public var allowIncomplete = false
        /// The tracking plan the plan rules judge against; nil for none.
        public var planPath: String?
        /// List every finding in the markdown report instead of the most severe 100 per rule (`--full`).
        public var fullReport = false

        /// Creates options for auditing a file.
        public init(fromFile: String, now: Timestamp? = nil) {
            self.init(source: .file(fromFile), now: now)
        }

        /// Creates options for auditing any source.
        public init(source: DefinitionSource, now: Timestamp? = nil) {
            self.source = source
            self.now = now
        }
    }

    /// What an audit produced.
    public struct Outcome: Sendable {
        /// The report reporters rendered.
        public var report: AuditReport
        /// Text for standard output.
        public var standardOutput: String
        /// Files written.
        public var writtenFiles: [String]
        /// 0 when nothing reaches `--fail-on`, 1 otherwise.
        public var exitCode: Int32
        /// Each stage's time and the peak memory after it.
        public var timings = StageTimings()
        /// What to say once on stderr: how the definitions were read, policy warnings.
        public var notes: [String] = []
    }

    /// Creates a pipeline.
    public init() {}

    /// What `--timings` calls the fetch: how pages were judged, and how many requests were out at once.
    static func fetchLabel(early: Bool, inFlight: Int?) -> String {
        var details: [String] = []
        if early { details.append("each page linted as it arrives") }
        if let inFlight { details.append("up to \(inFlight) request\(inFlight == 1 ? "" : "s") in flight") }
        return details.isEmpty ? "fetch" : "fetch (\(details.joined(separator: ", ")))"
    }

    /// Runs the audit; throws usage errors (exit 2) for bad policies, files or formats, API errors (exit 3)
    /// after recording the failed run, and storage errors (exit 4) before fetching anything.
    public func run(_ options: Options) async throws(StewardError) -> Outcome {
        let startedAt = Timestamp(.now)
        var timings = StageTimings()
        let setup = try Self.prepare(options)
        timings.lap("policy and history")
        let (crawlSource, early, judgedAt) = try Self.judgingPagesEarly(options, setup)
        let snapshot = try await Self.fetch(options, setup, from: crawlSource, judgedAt: judgedAt, startedAt: startedAt)
        let earlyFindings = await early?.finish(origins: snapshot.pageOrigins)
        MemoryPolicy.returnFreedPages()
        timings.lap(Self.fetchLabel(early: early != nil, inFlight: snapshot.peakConcurrency))
        let (usage, usageNotes) = Self.usage(of: snapshot, policy: setup.policy)
        let linter = try Linter.checked(
            policy: setup.policy, now: options.now ?? snapshot.fetchedAt ?? Timestamp(.now), plan: setup.plan, usage: usage)
        let source = Self.sourceLabel(options.source, snapshot)
        // The stages, and what runs beside what: history writes the definitions' versions while the linter
        // works, then the findings while the reports are rendered; everything commits or nothing does.
        let (writer, earlier) = try Self.beginRecording(
            setup, snapshot: snapshot, source: source, options: options, startedAt: startedAt, judgedAt: linter.context.now)
        let result = try await Self.lint(snapshot.definitions, with: linter, early: earlyFindings, besideVersionsOf: writer)
        MemoryPolicy.returnFreedPages()
        timings.lap(writer == nil ? "lint" : "lint (history writes versions beside it)")
        // Counts by rule, owner and tag, made once on another core while history diffs: the reports show them
        // and history records them. (Made by each, they met history's row maker and held its first rows back.)
        let (findings, definitions) = (result.findings, snapshot.definitions)
        let positions = result.positions(in: definitions)
        let tally = BackgroundValue { FindingTally(findings, definitions: definitions, positions: positions) }
        var report = AuditReport(
            result: result, source: source, policySources: setup.policy.sources, generatedAt: linter.context.now,
            toolVersion: StewardVersion.current, complete: snapshot.complete)
        report.definitions = snapshot.definitions
        report.sourceNotes = snapshot.readingNotes
        report.ruleLocations = setup.policy.rules.mapValues(\.location)
        if PolicyResolution.usesUsage(setup.policy) {
            var view = ReportUsage(index: usage, unavailableReason: snapshot.usageNote ?? "usage unavailable")
            view.prepare(for: report)
            report.usage = view
        }
        if let writer {
            try await Self.diff(result, in: writer, into: &report, earlier: earlier, startedAt: startedAt)
            timings.lap("history diff")
        }
        report.gate = Self.gate(
            result, threshold: options.failOn, newOnly: options.newOnly ? report.history?.isNew : nil, baseline: setup.baseline,
            baselinePath: options.baselinePath)
        report.breakdown = ReportBreakdown(tally.value)
        let staged = try await Self.render(report, options, besideFindingsOf: writer, tally: tally, timings: &timings)
        let files = try staged.publish()
        return Outcome(
            report: report, standardOutput: staged.standardOutput, writtenFiles: files,
            exitCode: (report.gate?.failing ?? 0) > 0 ? 1 : 0, timings: timings,
            notes: report.sourceNotes + PolicyResolution.planWarnings(for: setup.policy, plan: setup.plan) + usageNotes)
    }

    /// What an audit checks before it reads anything: formats, policy, baseline, and the history file (a
    /// bad database stops the audit before a single request is made).
    struct Setup {
        var policy: Policy
        var plan: TrackingPlan?
        var baseline: Baseline?
        var store: HistoryStore?
    }

    static func prepare(_ options: Options) throws(StewardError) -> Setup {
        try ReportWriter.validate(formats: options.formats, outputDirectory: options.outputDirectory)
        if options.newOnly && options.historyPath == nil {
            throw StewardError(.usage, "--new-only needs history to know what is new; drop --no-history.")
        }
        let policy = try PolicyResolution.load(explicit: options.policies)
        let baseline = try options.baselinePath.map { path throws(StewardError) in try Baseline.load(path: path) }
        let plan = try options.planPath.map { path throws(StewardError) in try PlanPipeline.loadPlan(path: path) }
        let store = try options.historyPath.map { path throws(StewardError) in try HistoryStore.open(at: path, create: true) }
        return Setup(policy: policy, plan: plan, baseline: baseline, store: store)
    }

    /// A live crawl lints each page as it arrives (the per-definition rules that judge a definition alone),
    /// so those rules run while later pages are in flight; the pages are judged as of the instant the crawl
    /// starts, which is then the snapshot's `fetched_at` and what the whole audit judges as of.
    static func judgingPagesEarly(_ options: Options, _ setup: Setup) throws(StewardError) -> (
        source: DefinitionSource, early: EarlyLint?, judgedAt: Timestamp?
    ) {
        guard case .remote(var remote) = options.source else { return (options.source, nil, nil) }
        let instant = options.now ?? Timestamp(.now)
        guard let early = EarlyLint(try Linter.checked(policy: setup.policy, now: instant, plan: setup.plan)) else {
            return (options.source, nil, instant)
        }
        remote.onPage = { pass, page, definitions in early.page(pass: pass, number: page, definitions) }
        return (.remote(remote), early, instant)
    }

    /// Reads the definitions; a failure, or an incomplete read not allowed, is recorded as a failed run (so
    /// the gap shows in `steward history`; no finding changes state) and thrown.
    static func fetch(_ options: Options, _ setup: Setup, from source: DefinitionSource, judgedAt: Timestamp?, startedAt: Timestamp)
        async throws(StewardError) -> Snapshot
    {
        do throws(StewardError) {
            let usage = PolicyResolution.usesUsage(setup.policy)
            let snapshot: Snapshot
            if let judgedAt {
                snapshot = try await source.load(now: { judgedAt }, usage: usage)
            } else {
                snapshot = try await source.load(usage: usage)
            }
            if !snapshot.complete && !options.allowIncomplete { throw Self.incomplete(snapshot) }
            return snapshot
        } catch {
            let (host, project) = target(options.source)
            _ = try? setup.store?.record(
                RunInput(
                    startedAt: startedAt, judgedAt: options.now ?? startedAt, source: options.source.label, host: host,
                    project: project, policyHash: setup.policy.hash, toolVersion: StewardVersion.current,
                    outcome: .failed(message: error.message)))
            throw error
        }
    }

    /// Saved insights, dashboards and actions, read with the definitions when the policy enables a usage rule
    /// (a snapshot file brings its own). Usage that cannot be read is said once and judged by no rule, never an
    /// error.
    static func usage(of snapshot: Snapshot, policy: Policy) -> (UsageIndex?, [String]) {
        guard PolicyResolution.usesUsage(policy) else { return (nil, []) }
        guard let data = snapshot.usage else {
            let why = snapshot.usageNote ?? "usage unavailable"
            return (nil, ["\(why); \(PolicyResolution.usageRules.joined(separator: ", ")) judged nothing"])
        }
        let index = data.index
        var notes = [
            "usage read from \(index.insightCount) saved insight\(index.insightCount == 1 ? "" : "s") on \(index.dashboardCount) dashboard\(index.dashboardCount == 1 ? "" : "s")"
        ]
        if let note = index.unreadableNote { notes.append(note) }
        return (index, notes)
    }

    /// The host and project a remote source names.
    static func target(_ source: DefinitionSource) -> (host: String?, project: String?) {
        if case .remote(let remote) = source { return (remote.host, remote.project) }
        return (nil, nil)
    }

    /// Where the definitions came from, as reports and history say it.
    static func sourceLabel(_ source: DefinitionSource, _ snapshot: Snapshot) -> String {
        switch source {
        case .file(let path): return snapshot.host.map { "\($0) project \(snapshot.project ?? "?") (snapshot \(path))" } ?? path
        case .remote: return source.label
        }
    }

    /// Starts the run in history (nil without history) after reading the trend up to the last run, which
    /// must happen before the run takes the write lock.
    static func beginRecording(
        _ setup: Setup, snapshot: Snapshot, source: String, options: Options, startedAt: Timestamp, judgedAt: Timestamp
    ) throws(StewardError) -> (writer: RunWriter?, earlier: [TrendPoint]) {
        guard let store = setup.store else { return (nil, []) }
        let earlier = try TrendPoint.recent(from: store, limit: 29)
        let (host, project) = target(options.source)
        let writer = try store.beginRun(
            RunInput(
                startedAt: startedAt, judgedAt: judgedAt, source: source, host: host ?? snapshot.host, project: project ?? snapshot.project,
                policyHash: setup.policy.hash, toolVersion: StewardVersion.current,
                outcome: .steps(definitions: snapshot.definitions, complete: snapshot.complete)))
        return (writer, earlier)
    }

    /// What is new and resolved, from history, put into the report with the trend (on history's thread).
    static func diff(
        _ result: LintResult, in writer: RunWriter, into report: inout AuditReport, earlier: [TrendPoint], startedAt: Timestamp
    ) async throws(StewardError) {
        let recorded: RecordedRun
        do {
            guard let diffed = await inHistoryThread(writer, { writer throws(StewardError) in try writer.diff(result) }) else { return }
            recorded = try diffed.outcome.get()
        } catch {
            writer.rollBack()
            throw error
        }
        report.history = AuditHistory(
            runID: recorded.id, previousRunID: recorded.previousRunID, status: recorded.status.rawValue, isNew: recorded.isNew,
            resolved: recorded.resolved.map(\.finding))
        let summary = result.summary
        report.trend =
            earlier.filter { $0.runID < recorded.id }
            + [
                TrendPoint(
                    runID: recorded.id, startedAt: startedAt, score: result.complianceScore, errors: summary.errors,
                    warnings: summary.warnings)
            ]
    }

    /// An incomplete read gates nothing: judged, it would pass a project of which only part was seen.
    static func incomplete(_ snapshot: Snapshot) -> StewardError {
        let counted = snapshot.reportedCount.map { ", PostHog counted \($0)" } ?? ""
        return StewardError(
            .api,
            "the read is incomplete (\(snapshot.definitions.count) definitions read\(counted)), so nothing was judged. Run again, or pass --allow-incomplete to audit what was read (its findings are recorded as open, none as resolved)."
        )
    }

    /// Lints on this task's thread while history, on its own, writes the definitions' versions. (Moved off
    /// the pool, the linter's final arrays met history's version writes and the peak rose by ~65 MiB at a
    /// million definitions.) A policy that cannot judge rolls the run back.
    static func lint(
        _ definitions: [EventDefinition], with linter: Linter, early: consuming EarlyFindings?, besideVersionsOf writer: RunWriter?
    ) async throws(StewardError) -> LintResult {
        async let versions = inHistoryThread(writer) { writer throws(StewardError) in try writer.writeVersions() }
        let result: LintResult
        do {
            result = try linter.lint(definitions, early: early)
        } catch {
            _ = await versions
            writer?.rollBack()
            throw error
        }
        if let versions = await versions { try versions.outcome.get() }
        return result
    }

    /// Renders every report (each on its own core) while history writes the findings, then commits the run
    /// and only then lets the reports be put in place: a report never names a run history does not have.
    static func render(
        _ report: AuditReport, _ options: Options, besideFindingsOf writer: RunWriter?, tally: BackgroundValue<FindingTally>,
        timings: inout StageTimings
    ) async throws(StewardError) -> StagedReports {
        async let written = inHistoryThread(writer) { writer throws(StewardError) in try writer.writeFindings(tally: tally) }
        let (formats, outputDirectory, color, full) = (options.formats, options.outputDirectory, options.color, options.fullReport)
        let rendered = await offThePool { () -> Result<(StagedReports, StageTimings), StewardError> in
            var reportTimings = StageTimings()
            return Result { () throws(StewardError) in
                let staged = try ReportWriter.render(
                    report, formats: formats, outputDirectory: outputDirectory, color: color, full: full, timings: &reportTimings)
                return (staged, reportTimings)
            }
        }
        let history = await written
        let staged: StagedReports
        switch rendered {
        case .success(let (done, reportTimings)):
            staged = done
            timings.append(reportTimings)
        case .failure(let error):
            writer?.rollBack()
            throw error
        }
        guard let writer, let history else {
            timings.lap("reports")
            return staged
        }
        do {
            try history.outcome.get()
            _ = try writer.commit()
        } catch {
            staged.discard()
            writer.rollBack()
            throw error
        }
        timings.beside("history write", seconds: history.seconds)
        timings.lap("reports and history")
        return staged
    }

    /// One of the run writer's steps on history's own thread, with how long it took; nil without history.
    private static func inHistoryThread<T: Sendable>(
        _ writer: RunWriter?, _ step: @escaping @Sendable (RunWriter) throws(StewardError) -> T
    ) async -> (outcome: Result<T, StewardError>, seconds: Double)? {
        guard let writer else { return nil }
        return await onOwnThread(named: "steward-history") {
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = Result { () throws(StewardError) in try step(writer) }
            return (outcome, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
    }

    /// Which findings fail the run: at or above the threshold, not accepted by the baseline, and, with
    /// `--new-only`, opened by this run.
    static func gate(
        _ result: LintResult, threshold: Severity, newOnly isNew: [Bool]?, baseline: Baseline?, baselinePath: String?
    ) -> GateOutcome {
        var failing = 0
        var baselined = 0
        // By index: a loop over the findings copies each one (a retain and a release per field).
        let findings = result.findings
        for index in findings.indices {
            if let baseline, baseline.contains(findings[index]) {
                baselined += 1
                continue
            }
            guard threshold != .off, findings[index].severity >= threshold else { continue }
            if let isNew, !(index < isNew.count && isNew[index]) { continue }
            failing += 1
        }
        return GateOutcome(
            threshold: threshold, newOnly: isNew != nil, baselinePath: baselinePath, baselined: baselined,
            staleBaseline: baseline?.stale(given: result.findings) ?? [], failing: failing)
    }
}
