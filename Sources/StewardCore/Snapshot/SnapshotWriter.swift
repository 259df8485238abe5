import Foundation

/// Writes a snapshot as JSON by hand: at a million definitions JSONEncoder costs more than the crawl itself.
///
/// The output is what ``Snapshot``'s `Codable` conformance reads: the envelope keys, then each definition in
/// PostHog's enterprise shape and key order, one definition per line.
public enum SnapshotWriter {
    /// The snapshot as UTF-8 JSON.
    public static func data(_ snapshot: Snapshot) -> Data { Data(bytes(snapshot)) }

    /// Writes the snapshot to `url` as it is encoded, a megabyte at a time, through a temporary file beside
    /// it and a rename: a reader never sees half a snapshot, and a million definitions are never encoded
    /// whole in memory (they were 600 MB).
    public static func write(_ snapshot: Snapshot, to url: URL) throws {
        try AtomicFile.write(to: url.path) { sink in try stream(snapshot, to: sink) }
    }

    /// Writes the snapshot to standard output as it is encoded.
    public static func writeToStandardOutput(_ snapshot: Snapshot) throws {
        try stream(snapshot) { try FileHandle.standardOutput.write(contentsOf: Data($0)) }
    }

    /// The snapshot as UTF-8 JSON bytes.
    public static func bytes(_ snapshot: Snapshot) -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(64 + snapshot.definitions.count * 600)
        stream(snapshot, chunk: .max) { all.append(contentsOf: $0) }
        return all
    }

    /// Encodes the snapshot, handing the bytes to `sink` whenever at least `chunk` of them are ready.
    static func stream(
        _ snapshot: Snapshot, chunk: Int = 1 << 20, to sink: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        var out = ByteWriter(capacity: min(chunk, 64 + snapshot.definitions.count * 600) + 64 * 1024)
        out.raw("{\"format\":"); out.string(Snapshot.formatName)
        out.raw(",\"version\":"); out.raw(String(Snapshot.currentVersion))
        out.raw(",\"host\":"); out.optional(snapshot.host)
        out.raw(",\"project\":"); out.optional(snapshot.project)
        out.raw(",\"fetched_at\":"); out.optional(snapshot.fetchedAt?.iso8601)
        out.raw(",\"count\":"); out.raw(String(snapshot.reportedCount ?? snapshot.definitions.count))
        out.raw(",\"complete\":"); out.raw(snapshot.complete ? "true" : "false")
        out.raw(",\"definitions\":[")
        for (index, definition) in snapshot.definitions.enumerated() {
            out.raw(index == 0 ? "\n" : ",\n")
            write(definition, to: &out)
            if out.bytes.count >= chunk { try out.flush(to: sink) }
        }
        out.raw("\n]")
        if let usage = snapshot.usage,
            let json = try? JSONSerialization.data(withJSONObject: usage.jsonObject(), options: [.sortedKeys, .withoutEscapingSlashes])
        {
            // Saved insights, dashboards and actions, so an audit of this file judges usage offline.
            out.raw(",\n\"usage\":")
            out.append(json)
        }
        out.raw("}\n")
        try out.flush(to: sink)
    }

    static func write(_ d: EventDefinition, to out: inout ByteWriter) {
        out.raw("{\"id\":"); out.string(d.id)
        out.raw(",\"name\":"); out.string(d.name)
        out.raw(",\"owner\":"); user(d.owner, &out)
        out.raw(",\"description\":"); out.optional(d.description)
        out.raw(",\"tags\":["); for (i, tag) in d.tags.enumerated() { if i > 0 { out.raw(",") }; out.string(tag) }; out.raw("]")
        out.raw(",\"created_at\":"); out.timestamp(d.createdAt)
        out.raw(",\"updated_at\":"); out.timestamp(d.updatedAt)
        out.raw(",\"updated_by\":"); user(d.updatedBy, &out)
        out.raw(",\"last_seen_at\":"); out.timestamp(d.lastSeenAt)
        out.raw(",\"verified\":"); out.bool(d.verified)
        out.raw(",\"verified_at\":"); out.timestamp(d.verifiedAt)
        out.raw(",\"verified_by\":"); user(d.verifiedBy, &out)
        out.raw(",\"hidden\":"); out.bool(d.hidden)
        if let mode = d.enforcementMode { out.raw(",\"enforcement_mode\":"); out.string(mode.rawValue) }
        out.raw(",\"primary_property\":"); out.optional(d.primaryProperty)
        if let value = d.isAction { out.raw(",\"is_action\":"); out.bool(value) }
        if let value = d.postToSlack { out.raw(",\"post_to_slack\":"); out.bool(value) }
        if let columns = d.defaultColumns { out.raw(",\"default_columns\":"); out.strings(columns) }
        if let urls = d.mediaPreviewURLs { out.raw(",\"media_preview_urls\":"); out.strings(urls) }
        out.raw("}")
    }

    static func user(_ user: User?, _ out: inout ByteWriter) {
        guard let user else { return out.raw("null") }
        out.raw("{")
        var first = true
        func field(_ key: String, _ write: (inout ByteWriter) -> Void) {
            out.raw(first ? "\"" : ",\""); out.raw(key); out.raw("\":")
            write(&out)
            first = false
        }
        if let id = user.id { field("id") { $0.raw(String(id)) } }
        if let uuid = user.uuid { field("uuid") { $0.string(uuid) } }
        if let value = user.distinctId { field("distinct_id") { $0.string(value) } }
        if let value = user.firstName { field("first_name") { $0.string(value) } }
        if let value = user.lastName { field("last_name") { $0.string(value) } }
        if let value = user.email { field("email") { $0.string(value) } }
        if let value = user.isEmailVerified { field("is_email_verified") { $0.bool(value) } }
        if let value = user.roleAtOrganization { field("role_at_organization") { $0.string(value) } }
        out.raw("}")
    }
}

/// A growing UTF-8 buffer with JSON string escaping.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(_ data: Data) { bytes.append(contentsOf: data) }

    /// Hands what is buffered to `sink` and empties the buffer, keeping its capacity.
    mutating func flush(to sink: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBufferPointer(sink)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func optional(_ text: String?) { if let text { string(text) } else { raw("null") } }

    mutating func bool(_ value: Bool?) { raw(value.map { $0 ? "true" : "false" } ?? "null") }

    /// A timestamp as DRF renders it, quoted.
    mutating func timestamp(_ value: Timestamp?) {
        guard let value else { return raw("null") }
        bytes.append(UInt8(ascii: "\""))
        value.writeISO8601(into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func strings(_ values: [String]) {
        raw("[")
        for (index, value) in values.enumerated() {
            if index > 0 { raw(",") }
            string(value)
        }
        raw("]")
    }

    mutating func string(_ text: String) {
        JSONString.append(text, to: &bytes)
    }
}
