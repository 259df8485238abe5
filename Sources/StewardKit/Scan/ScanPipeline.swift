import Foundation
import StewardCore
import StewardReports

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `steward scan`: walks source trees, finds the calls to PostHog's SDKs, and judges the names they send.
public struct ScanPipeline: Sendable {
    /// What to scan and what to judge against.
    public struct Input: Sendable {
        /// Files or folders.
        public var paths: [String]
        /// The folder paths are shown relative to (the repository root, for annotations).
        public var root: String
        /// The largest file read, in bytes; larger ones are skipped and counted.
        public var maximumFileSize = 2 * 1_048_576
        /// The policy.
        public var policy: Policy
        /// PostHog's definitions, or nil to judge names alone.
        public var definitions: [EventDefinition]?
        /// Where they came from, for the report.
        public var definitionsSource: String?
        /// The tracking plan and its file.
        public var plan: TrackingPlan?
        /// The plan's path.
        public var planSource: String?
        /// The severity that fails the scan.
        public var failOn: Severity = .error
        /// Accepted findings.
        public var baseline: Baseline?
        /// With `--new-only`: the git revision whose findings are not new (`HEAD`, `origin/main`…).
        public var diffBase: String?
        /// The instant rules treat as now.
        public var now: Timestamp

        /// Creates an input.
        public init(paths: [String], root: String, policy: Policy, now: Timestamp) {
            self.paths = paths
            self.root = root
            self.policy = policy
            self.now = now
        }
    }

    /// Creates a pipeline.
    public init() {}

    /// Files per batch between progress reports.
    static let batch = 512

    /// Scans and judges; `progress` hears (files read, files in all) after each batch, on the calling thread.
    public func run(_ input: Input, progress: ((Int, Int) -> Void)? = nil) throws(StewardError) -> ScanReport {
        let tree = try SourceTree(paths: input.paths, root: input.root, maximumFileSize: input.maximumFileSize)
        var report = ScanReport(root: tree.root, paths: input.paths, generatedAt: input.now, toolVersion: StewardVersion.current)
        let read = Self.read(tree.files, maximumFileSize: input.maximumFileSize, progress: progress)
        var skipped = tree.skipped
        skipped.tooLarge += read.skipped.tooLarge
        skipped.binary += read.skipped.binary
        skipped.invalidUTF8 += read.skipped.invalidUTF8
        skipped.minified += read.skipped.minified
        skipped.unreadable += read.skipped.unreadable
        report.skipped = skipped.labelled
        report.notes = Array((tree.notes + read.notes).prefix(10))
        report.filesByLanguage = read.filesByLanguage
        report.occurrences = read.occurrences
        let judge = CodeJudge(policy: input.policy, definitions: input.definitions, plan: input.plan, now: input.now)
        var findings = try judge.judge(read.occurrences)
        if let revision = input.diffBase {
            // A finding is new when the files as they were at the revision do not have it: the changed files'
            // calls read from git, the others' as they are.
            let base = try GitBase(revision: revision, root: tree.root)
            var before = read.occurrences.filter { !base.changed.contains($0.file) }
            for (path, bytes) in base.original.sorted(by: { $0.key < $1.key }) {
                guard let language = ScanLanguage.of(fileName: (path as NSString).lastPathComponent),
                    String(validating: bytes, as: UTF8.self) != nil
                else { continue }
                before += SourceScanner.builtIn.scan(bytes, language: language, file: path)
            }
            let known = Set(try judge.judge(before).map(\.key))
            let all = findings.count
            findings.removeAll { known.contains($0.key) }
            report.existing = all - findings.count
            report.diffBase = revision
        }
        if let baseline = input.baseline {
            report.staleBaseline = baseline.stale(given: findings)
            let before = findings.count
            findings.removeAll { baseline.contains($0) }
            report.accepted = before - findings.count
        }
        report.findings = findings
        report.rules = judge.rules
        report.definitionsSource = input.definitionsSource
        report.planSource = input.planSource
        report.failOn = input.failOn
        return report
    }

    struct Read {
        var occurrences: [CodeOccurrence] = []
        var filesByLanguage: [ScanLanguage: Int] = [:]
        var skipped = SourceTree.Skipped()
        var notes: [String] = []
    }

    enum FileOutcome {
        case scanned([CodeOccurrence])
        case skipped(WritableKeyPath<SourceTree.Skipped, Int>, note: String?)
    }

    /// Reads and scans `files` on every core, in batches.
    static func read(_ files: [SourceTree.File], maximumFileSize: Int, progress: ((Int, Int) -> Void)?) -> Read {
        var read = Read()
        var start = 0
        while start < files.count {
            let end = min(files.count, start + batch)
            let outcomes = Concurrently.map(count: end - start, chunk: 8) { index in
                scan(files[start + index], maximumFileSize: maximumFileSize)
            }
            for (offset, outcome) in outcomes.enumerated() {
                switch outcome {
                case .scanned(let found):
                    read.filesByLanguage[files[start + offset].language, default: 0] += 1
                    read.occurrences += found
                case .skipped(let reason, let note):
                    read.skipped[keyPath: reason] += 1
                    if let note, read.notes.count < 10 { read.notes.append(note) }
                }
            }
            start = end
            progress?(start, files.count)
        }
        return read
    }

    /// Lines longer than this on average, in a file bigger than `minifiedSize`, mark a minified bundle.
    static let minifiedLineLength = 1_000
    static let minifiedSize = 20_000

    static func scan(_ file: SourceTree.File, maximumFileSize: Int) -> FileOutcome {
        if file.size > maximumFileSize {
            return .skipped(
                \.tooLarge, note: "\(file.path): \(file.size / 1_048_576) MB, over the \(maximumFileSize / 1_048_576) MB limit; not scanned"
            )
        }
        guard let bytes = readFile(file.absolutePath, limit: maximumFileSize) else {
            return .skipped(\.unreadable, note: "\(file.path): cannot be read")
        }
        if bytes.count > maximumFileSize { return .skipped(\.tooLarge, note: "\(file.path): over the size limit; not scanned") }
        if bytes.prefix(8_000).contains(0) { return .skipped(\.binary, note: nil) }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return .skipped(\.invalidUTF8, note: "\(file.path): not UTF-8; not scanned")
        }
        if bytes.count > minifiedSize {
            let lines = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            if bytes.count / lines > minifiedLineLength { return .skipped(\.minified, note: nil) }
        }
        return .scanned(SourceScanner.builtIn.scan(bytes, language: file.language, file: file.path))
    }

    /// The file's bytes, reading at most `limit + 1` (so a file that grew is caught), nil when it cannot be opened.
    static func readFile(_ path: String, limit: Int) -> [UInt8]? {
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { Glibc.close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
