import Foundation
import StewardCore

/// Helpers shared by Steward's test targets: temporary folders and definitions.
public enum Fixtures {
    /// A fresh temporary directory unique to the caller; tests run in parallel, so nothing is shared.
    public static func temporaryDirectory(_ label: String = "steward") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` inside `directory` and returns the path.
    @discardableResult
    public static func write(_ text: String, to name: String, in directory: URL) -> String {
        let url = directory.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: url)
        return url.path
    }

    /// Writes raw bytes and returns the path.
    @discardableResult
    public static func write(bytes: [UInt8], to name: String, in directory: URL) -> String {
        let url = directory.appendingPathComponent(name)
        try? Data(bytes).write(to: url)
        return url.path
    }

    /// The fixed "now" tests use: 2026-06-01T00:00:00Z.
    public static let now = RuleExample.referenceDate

    /// Encodes definitions as a PostHog list response body.
    public static func listResponse(_ definitions: [EventDefinition], next: String? = nil, count: Int? = nil) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let results = String(decoding: (try? encoder.encode(definitions)) ?? Data("[]".utf8), as: UTF8.self)
        let nextText = next.map { "\"\($0)\"" } ?? "null"
        return
            "{\"count\": \(count ?? definitions.count), \"next\": \(nextText), \"previous\": null, \"results\": \(results), \"count_is_capped\": false}"
    }
}
