import Foundation
import StewardCore

/// `steward codegen`: PostHog's typed code written to a file with its schema hash recorded beside it, and
/// checked against PostHog in CI.
public struct CodegenPipeline: Sendable {
    /// The record kept beside generated files: `posthog.json` with `languages.<language>.schema_hash`,
    /// `generator_version`, `event_count` and `file`, as posthog-cli's `schema pull` keeps it.
    public static let recordFileName = "posthog.json"

    /// What a check found.
    public struct Check: Sendable {
        /// Whether the committed file is what PostHog generates now.
        public var matches: Bool
        /// Events added, removed and changed since the file was generated.
        public var added: [String] = []
        /// Events gone from PostHog's file.
        public var removed: [String] = []
        /// Events whose typed code changed.
        public var changed: [String] = []
        /// The hash recorded beside the file, when there is one.
        public var recordedHash: String?
        /// PostHog's hash now.
        public var currentHash: String?
        /// What PostHog generates now.
        public var current: GeneratedCode

        /// Events that differ.
        public var differing: Int { added.count + removed.count + changed.count }
    }

    /// Creates a pipeline.
    public init() {}

    /// Asks PostHog for the code.
    public func fetch(_ language: GeneratedCode.Language, remote: DefinitionSource.RemoteOptions) async throws(StewardError)
        -> GeneratedCode
    {
        do {
            return try await remote.makeClient().generatedCode(language)
        } catch {
            throw error.stewardError
        }
    }

    /// Writes `code` to `path` and records its hash in `posthog.json` beside it (other entries kept).
    public func write(_ code: GeneratedCode, language: GeneratedCode.Language, to path: String) throws(StewardError) {
        try ReportWriter.writeAtomically(code.content, to: path)
        let recordPath = Self.recordPath(for: path)
        var record = try Self.readRecord(recordPath) ?? [:]
        var languages = record["languages"] as? [String: Any] ?? [:]
        var entry: [String: Any] = ["file": (path as NSString).lastPathComponent]
        if let hash = code.schemaHash { entry["schema_hash"] = hash }
        if let version = code.generatorVersion { entry["generator_version"] = version }
        if let count = code.eventCount { entry["event_count"] = count }
        languages[language.rawValue] = entry
        record["languages"] = languages
        guard
            let data = try? JSONSerialization.data(withJSONObject: record, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { throw StewardError(.storage, "cannot encode \(recordPath)") }
        try ReportWriter.writeAtomically(String(decoding: data, as: UTF8.self) + "\n", to: recordPath)
    }

    /// Compares the committed file at `path` with what PostHog generates now: by the recorded hash when
    /// there is one, and by content with the `Generated at:` line left out.
    public func check(_ current: GeneratedCode, language: GeneratedCode.Language, path: String) throws(StewardError) -> Check {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StewardError(
                .usage, "cannot read \(path): write it first with `steward codegen --language \(language.rawValue) --output \(path)`.")
        }
        guard let committed = String(data: data, encoding: .utf8) else { throw StewardError(.usage, "\(path) is not UTF-8 text.") }
        let record = try Self.readRecord(Self.recordPath(for: path))
        let entry = (record?["languages"] as? [String: Any])?[language.rawValue] as? [String: Any]
        let recordedHash = entry?["schema_hash"] as? String
        let sameText = GeneratedCode.withoutTimestamp(committed) == GeneratedCode.withoutTimestamp(current.content)
        let sameHash = recordedHash == nil || current.schemaHash == nil || recordedHash == current.schemaHash
        var check = Check(matches: sameText && sameHash, recordedHash: recordedHash, currentHash: current.schemaHash, current: current)
        if !check.matches {
            let difference = GeneratedCode.differingEvents(committed, current.content, language: language)
            (check.added, check.removed, check.changed) = (difference.added, difference.removed, difference.changed)
        }
        return check
    }

    static func recordPath(for path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory) + "/" + recordFileName
    }

    static func readRecord(_ path: String) throws(StewardError) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw StewardError(
                .usage, "\(path) is not a JSON object; move it aside or fix it (it records the generated code's schema_hash).")
        }
        return object
    }
}
