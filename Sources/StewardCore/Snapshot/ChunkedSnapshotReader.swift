import Foundation

/// Reads a Steward snapshot file a chunk at a time: the `definitions` array is decoded in batches as its bytes
/// come in, so the file is never held whole (a million definitions are about 700 MB of JSON).
///
/// Only the shape Steward writes is read this way. Anything else (another shape, bytes that are not UTF-8, JSON
/// that does not parse, a definition the fast decoder cannot read) gives nil, and the caller reads the file
/// whole, which says exactly what is wrong and where; the result is the same either way.
enum ChunkedSnapshotReader {
    /// Bytes read at a time, and about the most a batch of definitions holds before it is decoded.
    static let defaultChunkSize = 4 << 20

    /// The snapshot at `path`, or nil when the file is not one this reader can take in chunks. Throws only for
    /// what the whole read would refuse as well (a malformed `usage`, copies of a definition that differ).
    static func read(path: String, chunkSize: Int = defaultChunkSize) throws(StewardError) -> Snapshot? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var input = Input(handle: handle, chunkSize: max(1, chunkSize))
        guard let parts = input.snapshotParts(batchBytes: max(1, chunkSize)) else { return nil }
        // The envelope, without its definitions, is read by the same decoder as a whole file, so the same
        // checks decide whether it is a snapshot (format, version, complete).
        var envelope: [UInt8] = Array("{".utf8)
        for (key, value) in parts.fields {
            envelope += Array("\"\(key)\":".utf8) + value + Array(",".utf8)
        }
        envelope += Array("\"definitions\":[]}".utf8)
        var usage: Data?
        guard var snapshot = FastDefinitionDecoder.snapshot(Data(envelope), usage: &usage) else { return nil }
        snapshot.definitions = parts.definitions
        snapshot.coercions = parts.coercions
        if let usage { snapshot.usage = try SnapshotReader.readUsage(usage, label: path) }
        snapshot.notes += try SnapshotReader.merge(&snapshot.definitions, name: path) { _ in path }
        return snapshot
    }

    /// What a snapshot file holds: its top-level fields other than `definitions` (raw JSON), and the definitions.
    struct Parts {
        var fields: [(key: String, value: [UInt8])] = []
        var definitions: [EventDefinition] = []
        var coercions: [String: Coercions] = [:]
    }

    /// The file's bytes, a chunk at a time, with the JSON scanning the envelope needs.
    struct Input {
        let handle: FileHandle
        let chunkSize: Int
        var buffer: [UInt8] = []
        var position = 0
        var atEndOfFile = false

        init(handle: FileHandle, chunkSize: Int) {
            self.handle = handle
            self.chunkSize = chunkSize
        }

        /// Reads another chunk onto the buffer, dropping what was consumed; false at the end of the file.
        mutating func refill() -> Bool {
            guard !atEndOfFile else { return false }
            guard let data = try? handle.read(upToCount: chunkSize), !data.isEmpty else {
                atEndOfFile = true
                return false
            }
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            buffer.append(contentsOf: data)
            return true
        }

        /// The next byte that is not whitespace, left unconsumed; nil at the end of the file.
        mutating func peek() -> UInt8? {
            while true {
                while position < buffer.count {
                    if JSONValueSplitter.isWhitespace(buffer[position]) { position += 1 } else { return buffer[position] }
                }
                guard refill() else { return nil }
            }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            position += 1
            return true
        }

        /// The byte `offset` places past the position, reading more of the file as needed; nil past its end.
        /// Refilling drops only bytes before the position, so offsets from it stay valid.
        mutating func byte(_ offset: Int) -> UInt8? {
            while position + offset >= buffer.count {
                guard refill() else { return nil }
            }
            return buffer[position + offset]
        }

        /// The bytes of the JSON value that starts at the next byte that is not whitespace, or nil when the
        /// file ends inside it. Only its extent is found here: the decoders check the rest.
        mutating func value() -> [UInt8]? {
            guard let first = peek() else { return nil }
            var offset = 0
            if first != UInt8(ascii: "\""), first != UInt8(ascii: "{"), first != UInt8(ascii: "[") {
                // A number, true, false or null: up to the next delimiter or the end of the file.
                while let next = byte(offset) {
                    if next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == UInt8(ascii: "]")
                        || JSONValueSplitter.isWhitespace(next)
                    {
                        break
                    }
                    offset += 1
                }
            } else {
                // Scanned over the bytes in hand, a refill at a time (a bounds check and refill test per byte
                // cost more than the scan).
                var scan = Scan()
                scanning: while true {
                    while position + offset >= buffer.count {
                        guard refill() else { return nil }
                    }
                    let start = position + offset
                    let (outcome, end) = buffer.withUnsafeBufferPointer { scan.run($0, from: start) }
                    offset = end - position
                    switch outcome {
                    case .complete: break scanning
                    case .malformed: return nil
                    case .needsMore: continue
                    }
                }
            }
            let value = Array(buffer[position..<(position + offset)])
            position += offset
            return value.isEmpty ? nil : value
        }

        /// Where a string, object or array ends: the scanner's state carried across refills.
        struct Scan {
            enum Outcome { case complete, malformed, needsMore }
            var depth = 0
            var inString = false
            var escaped = false

            /// Scans from `start`; returns how it stopped and the index after the last byte looked at.
            mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Outcome, Int) {
                var index = start
                while index < bytes.count {
                    let next = bytes[index]
                    index += 1
                    if inString {
                        if escaped {
                            escaped = false
                        } else if next == UInt8(ascii: "\\") {
                            escaped = true
                        } else if next == UInt8(ascii: "\"") {
                            inString = false
                            if depth == 0 { return (.complete, index) }
                        }
                        continue
                    }
                    switch next {
                    case UInt8(ascii: "\""): inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth < 0 { return (.malformed, index) }
                        if depth == 0 { return (.complete, index) }
                    default: break
                    }
                }
                return (.needsMore, index)
            }
        }

        /// A top-level key: a string without escapes (Steward's keys have none; anything else reads whole).
        mutating func key() -> String? {
            guard peek() == UInt8(ascii: "\""), let bytes = value(), bytes.count >= 2, !bytes.contains(UInt8(ascii: "\\")) else {
                return nil
            }
            return String(decoding: bytes[1..<(bytes.count - 1)], as: UTF8.self)
        }

        /// The envelope's fields and its definitions, decoded in batches of about `batchBytes`; nil for any other shape.
        mutating func snapshotParts(batchBytes: Int) -> Parts? {
            var parts = Parts()
            var sawDefinitions = false
            guard consume(UInt8(ascii: "{")) else { return nil }
            if consume(UInt8(ascii: "}")) { return nil }
            while true {
                guard let key = key(), consume(UInt8(ascii: ":")) else { return nil }
                switch key {
                case "definitions":
                    guard !sawDefinitions, definitions(into: &parts, batchBytes: batchBytes) else { return nil }
                    sawDefinitions = true
                case "results", "name":
                    // A PostHog list response or a single definition: the whole read knows those.
                    return nil
                default:
                    guard let value = value(), SnapshotReader.invalidUTF8Offset(Data(value)) == nil else { return nil }
                    parts.fields.append((key, value))
                }
                if consume(UInt8(ascii: ",")) { continue }
                guard consume(UInt8(ascii: "}")) else { return nil }
                break
            }
            // One value in the file, as the whole read requires of a snapshot.
            guard sawDefinitions, peek() == nil else { return nil }
            return parts
        }

        /// The `definitions` array, element by element, decoded a batch at a time.
        mutating func definitions(into parts: inout Parts, batchBytes: Int) -> Bool {
            guard consume(UInt8(ascii: "[")) else { return false }
            if consume(UInt8(ascii: "]")) { return true }
            var batch: [UInt8] = [UInt8(ascii: "[")]
            func flush() -> Bool {
                guard batch.count > 1 else { return true }
                batch.append(UInt8(ascii: "]"))
                let data = Data(batch)
                batch = [UInt8(ascii: "[")]
                guard SnapshotReader.invalidUTF8Offset(data) == nil, let decoded = FastDefinitionDecoder.definitions(data) else {
                    return false
                }
                parts.definitions.append(contentsOf: decoded.definitions)
                parts.coercions.merge(decoded.coercions) { $0.union($1) }
                return true
            }
            while true {
                guard peek() == UInt8(ascii: "{"), let element = value() else { return false }
                if batch.count > 1 { batch.append(UInt8(ascii: ",")) }
                batch.append(contentsOf: element)
                if batch.count >= batchBytes, !flush() { return false }
                if consume(UInt8(ascii: ",")) { continue }
                guard consume(UInt8(ascii: "]")) else { return false }
                return flush()
            }
        }
    }
}
