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
    }

    /// Creates a pipeline.
    public init() {}

    /// Runs the audit; throws usage errors (exit 2) for bad policies, files or formats, API errors (exit 3)
    /// after recording the failed run, and storage errors (exit 4) before fetching anything.
    public func run(_ options: Options) async throws(StewardError) -> Outcome {
        let startedAt = Timestamp(.now)
        var timings = StageTimings()
        try ReportWriter.validate(formats: options.formats, outputDirectory: options.outputDirectory)
        if options.newOnly && options.historyPath == nil {
            throw StewardError(.usage, "--new-only needs history to know what is new; drop --no-history.")
        }
        let policy = try PolicyResolution.load(explicit: options.policies)
        let baseline = try options.baselinePath.map { path throws(StewardError) in try Baseline.load(path: path) }
        // A bad database stops the audit before a single request is made.
        let store = try options.historyPath.map { path throws(StewardError) in try HistoryStore.open(at: path, create: true) }
        timings.lap("policy and history")
        let (host, project): (String?, String?) = {
            if case .remote(let remote) = options.source { return (remote.host, remote.project) }
            return (nil, nil)
        }()
        let snapshot: Snapshot
        do throws(StewardError) {
            snapshot = try await options.source.load()
            if !snapshot.complete && !options.allowIncomplete { throw Self.incomplete(snapshot) }
        } catch {
            // Recorded so the gap shows in `steward history`; no finding changes state.
            _ = try? store?.record(
                RunInput(
                    startedAt: startedAt, judgedAt: options.now ?? startedAt, source: options.source.label, host: host,
                    project: project, policyHash: policy.hash, toolVersion: StewardVersion.current,
                    outcome: .failed(message: error.message)))
            throw error
        }
        MemoryPolicy.returnFreedPages()
        timings.lap("fetch")
        let linter = try Linter.checked(policy: policy, now: options.now ?? snapshot.fetchedAt ?? Timestamp(.now))
        let source: String
        switch options.source {
        case .file(let path): source = snapshot.host.map { "\($0) project \(snapshot.project ?? "?") (snapshot \(path))" } ?? path
        case .remote: source = options.source.label
        }
        // History starts recording now: it writes the definitions' versions while the linter works, then
        // takes the result from the handoff. The trend up to the last run is read before it holds the lock.
        var recording: BackgroundRecording?
        var earlier: [TrendPoint] = []
        let handoff = LintHandoff()
        if let store {
            earlier = try TrendPoint.recent(from: store, limit: 29)
            recording = BackgroundRecording(
                store: store,
                input: RunInput(
                    startedAt: startedAt, judgedAt: linter.context.now, source: source, host: host ?? snapshot.host,
                    project: project ?? snapshot.project, policyHash: policy.hash, toolVersion: StewardVersion.current,
                    outcome: .auditing(definitions: snapshot.definitions, complete: snapshot.complete, result: handoff)))
        }
        // Linted on this task's thread (its workers are dispatch threads): moved off the pool, the linter's
        // final arrays met history's version writes and the peak rose by ~65 MiB at a million definitions.
        let result: LintResult
        do {
            result = try linter.lint(snapshot.definitions)
        } catch {
            // The policy cannot judge (a pattern at PCRE2's limit): history rolls back, nothing is recorded.
            handoff.abandon(error)
            _ = try? await recording?.finished()
            throw error
        }
        handoff.provide(result)
        MemoryPolicy.returnFreedPages()
        timings.lap(recording == nil ? "lint" : "lint (history writes versions beside it)")
        var report = AuditReport(
            result: result, source: source, policySources: policy.sources, generatedAt: linter.context.now,
            toolVersion: StewardVersion.current, complete: snapshot.complete)
        report.definitions = snapshot.definitions
        report.ruleLocations = policy.rules.mapValues(\.location)
        if let background = recording {
            let recorded = try await background.diffed()
            report.history = AuditHistory(
                runID: recorded.id, previousRunID: recorded.previousRunID, status: recorded.status.rawValue,
                isNew: recorded.isNew, resolved: recorded.resolved.map(\.finding))
            let summary = result.summary
            report.trend =
                earlier.filter { $0.runID < recorded.id }
                + [
                    TrendPoint(
                        runID: recorded.id, startedAt: startedAt, score: result.complianceScore, errors: summary.errors,
                        warnings: summary.warnings)
                ]
            timings.lap("history diff")
        }
        report.gate = Self.gate(
            result, threshold: options.failOn, newOnly: options.newOnly ? report.history?.isNew : nil, baseline: baseline,
            baselinePath: options.baselinePath)
        // Reports are made while history writes its rows, and put in place only once the run is recorded.
        let (formats, outputDirectory, color, shown) = (options.formats, options.outputDirectory, options.color, report)
        let rendered = await offThePool { () -> Result<(StagedReports, StageTimings), StewardError> in
            var reportTimings = StageTimings()
            do throws(StewardError) {
                let staged = try ReportWriter.render(
                    shown, formats: formats, outputDirectory: outputDirectory, color: color, timings: &reportTimings)
                return .success((staged, reportTimings))
            } catch {
                return .failure(error)
            }
        }
        let staged: StagedReports
        switch rendered {
        case .success(let (done, reportTimings)):
            staged = done
            timings.append(reportTimings)
        case .failure(let error):
            _ = try? await recording?.finished()
            throw error
        }
        if let recording {
            do {
                _ = try await recording.finished()
            } catch {
                staged.discard()
                throw error
            }
            timings.beside("history write", seconds: recording.writeSeconds)
            timings.lap("reports and history")
        } else {
            timings.lap("reports")
        }
        let files = try staged.publish()
        return Outcome(
            report: report, standardOutput: staged.standardOutput, writtenFiles: files,
            exitCode: (report.gate?.failing ?? 0) > 0 ? 1 : 0, timings: timings)
    }

    /// An incomplete read gates nothing: judged, it would pass a project of which only part was seen.
    static func incomplete(_ snapshot: Snapshot) -> StewardError {
        let counted = snapshot.reportedCount.map { ", PostHog counted \($0)" } ?? ""
        return StewardError(
            .api,
            "the read is incomplete (\(snapshot.definitions.count) definitions read\(counted)), so nothing was judged. Run again, or pass --allow-incomplete to audit what was read (its findings are recorded as open, none as resolved)."
        )
    }

    /// Which findings fail the run: at or above the threshold, not accepted by the baseline, and, with
    /// `--new-only`, opened by this run.
    static func gate(
        _ result: LintResult, threshold: Severity, newOnly isNew: [Bool]?, baseline: Baseline?, baselinePath: String?
    ) -> GateOutcome {
        var failing = 0
        var baselined = 0
        for (index, finding) in result.findings.enumerated() {
            if let baseline, baseline.contains(finding) {
                baselined += 1
                continue
            }
            guard threshold != .off, finding.severity >= threshold else { continue }
            if let isNew, !(index < isNew.count && isNew[index]) { continue }
            failing += 1
        }
        return GateOutcome(
            threshold: threshold, newOnly: isNew != nil, baselinePath: baselinePath, baselined: baselined,
            staleBaseline: baseline?.stale(given: result.findings) ?? [], failing: failing)
    }
}
