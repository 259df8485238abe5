import Foundation

/// A PostHog personal API key. It prints as a redaction, never as itself, so it cannot leak through logs or errors.
public struct PersonalAPIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The environment variable Steward reads it from.
    public static let environmentVariable = "POSTHOG_PERSONAL_API_KEY"

    private let secret: String

    /// Wraps a key; surrounding white space (a trailing newline in a key file) is dropped.
    public init?(_ secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        // A key is printable ASCII: anything else (a NUL, a control, a multi-byte character) is not a key and
        // must not reach an HTTP header.
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        self.secret = trimmed
    }

    /// The `Authorization` header value; the only place the secret is read.
    var authorizationHeader: String { "Bearer \(secret)" }

    /// Whether `text` contains the secret (used to scrub anything a server echoes back).
    func appears(in text: String) -> Bool { text.contains(secret) }

    /// Replaces the secret in `text` by a redaction, and any run of eight or more of its characters too: a
    /// server that echoes part of the key (its first ten characters, say) must not get that part into a
    /// message, a log or history.
    func redact(_ text: String) -> String {
        let key = Array(secret.utf8)
        let window = min(Self.redactedRun, key.count)
        let bytes = Array(text.utf8)
        guard window > 0, bytes.count >= window else { return text }
        var runs = Set<ArraySlice<UInt8>>()
        for start in 0...(key.count - window) { runs.insert(key[start..<(start + window)]) }
        var covered = [Bool](repeating: false, count: bytes.count)
        var found = false
        for start in 0...(bytes.count - window) where runs.contains(bytes[start..<(start + window)]) {
            for index in start..<(start + window) { covered[index] = true }
            found = true
        }
        guard found else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if covered[index] {
                out.append(contentsOf: Array("[redacted]".utf8))
                while index < bytes.count, covered[index] { index += 1 }
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The shortest run of the key's characters that counts as leaking it.
    static let redactedRun = 8

    /// The largest key file read: a personal API key is about fifty characters.
    static let maximumFileBytes = 4_096

    /// How it reads in messages and output.
    public var description: String { "[redacted personal API key]" }
    /// The same as `description`.
    public var debugDescription: String { description }

    /// Reads the key from `--api-key-file` when given, else from `POSTHOG_PERSONAL_API_KEY`.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostHogAPIError)
        -> PersonalAPIKey
    {
        if let file {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw .configuration("cannot read the API key file \(file).") }
            defer { try? handle.close() }
            // Read one byte past the cap, so a huge file (or a device) is refused without being read whole.
            let data = (try? handle.read(upToCount: maximumFileBytes + 1)) ?? Data()
            guard data.count <= maximumFileBytes else {
                throw .configuration("the API key file \(file) is larger than \(maximumFileBytes) bytes: it cannot be a personal API key.")
            }
            guard let text = String(data: data, encoding: .utf8), let key = PersonalAPIKey(text) else {
                throw .configuration("the API key file \(file) does not hold one key: it is empty, not UTF-8, or holds more than one word.")
            }
            return key
        }
        if let text = environment[environmentVariable], !text.isEmpty, PersonalAPIKey(text) == nil {
            throw .configuration("\(environmentVariable) does not hold one key: it has spaces, controls or characters a key never has.")
        }
        guard let text = environment[environmentVariable], let key = PersonalAPIKey(text) else {
            throw .configuration(
                "no PostHog personal API key: set \(environmentVariable) or pass --api-key-file FILE (a key with the event_definition:read scope; event_definition:write to apply fixes)."
            )
        }
        return key
    }
}
