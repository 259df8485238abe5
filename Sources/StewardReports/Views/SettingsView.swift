/// `steward config`: each effective setting, its value and where it came from (a flag, the environment, a
/// place in steward.yml, or the default).
public enum SettingsView {
    /// One effective setting.
    public struct Entry: Sendable, Encodable, Equatable {
        /// The setting's key, as steward.yml spells it.
        public var key: String
        /// Its value as text (lists joined with ", "); nil when nothing sets it.
        public var value: String?
        /// Where it came from: `--host`, `env POSTHOG_HOST`, `steward.yml:3:7`, `default`.
        public var origin: String

        /// Creates an entry.
        public init(key: String, value: String?, origin: String) {
            self.key = key
            self.value = value
            self.origin = origin
        }
    }

    /// Aligned columns: key, value, origin; values from files and the environment are made safe for a terminal.
    public static func text(_ entries: [Entry], file: String?, notes: [String]) -> String {
        let keyWidth = entries.map(\.key.count).max() ?? 0
        let shown = entries.map { TerminalText.sanitize($0.value ?? "(none)") }
        let valueWidth = shown.map(\.count).max() ?? 0
        var lines = [
            file.map { "settings from \(TerminalText.sanitize($0)) and the environment" }
                ?? "no steward.yml here; flags, environment and defaults"
        ]
        for (entry, value) in zip(entries, shown) {
            let key = entry.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
            let padded = value.padding(toLength: valueWidth, withPad: " ", startingAt: 0)
            lines.append("  \(key)  \(padded)  \(TerminalText.sanitize(entry.origin))")
        }
        lines += notes.map { "note: \(TerminalText.sanitize($0))" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"file": …, "settings": [{"key", "value", "origin"}], "notes": […]}`.
    public static func json(_ entries: [Entry], file: String?, notes: [String]) -> String {
        struct Document: Encodable {
            var file: String?
            var settings: [Entry]
            var notes: [String]
        }
        return ViewJSON.encode(Document(file: file, settings: entries, notes: notes))
    }
}
