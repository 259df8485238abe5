import Foundation

/// Reads definitions from a file: a Steward snapshot, one PostHog list response, several list
/// responses concatenated (`cat page*.json`), or a bare array of definitions.
public enum SnapshotReader {
    /// Reads and decodes `path`, or throws a usage error that names the file and the place in it.
    public static func read(path: String) throws(StewardError) -> Snapshot {
        // A Steward snapshot is read a chunk at a time; anything else, or anything wrong, is read whole.
        if let snapshot = try ChunkedSnapshotReader.read(path: path) { return snapshot }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw StewardError(.usage, "\(path): cannot read the file (\(Self.reason(error))).")
        }
        return try decode(data, name: path)
    }

    /// Decodes bytes already in memory; `name` is used in messages.
    public static func decode(_ data: Data, name: String) throws(StewardError) -> Snapshot {
        if let offset = invalidUTF8Offset(data) {
            throw StewardError(
                .usage, "\(name): the file is not valid UTF-8 (first bad byte at offset \(offset)); PostHog exports are UTF-8 JSON.")
        }
        let values: [Range<Int>]
        do {
            values = try JSONValueSplitter.split(data)
        } catch let error as JSONValueSplitter.Failure {
            throw StewardError(.usage, "\(name): not valid JSON at line \(error.line), column \(error.column): \(error.problem).")
        } catch {
            throw StewardError(.usage, "\(name): not valid JSON.")
        }
        if values.isEmpty {
            throw StewardError(
                .usage, "\(name): the file is empty; expected a Steward snapshot, a PostHog list response or an array of definitions.")
        }
        var definitions: [EventDefinition] = []
        var coercions: [String: Coercions] = [:]
        var snapshot: Snapshot?
        var reportedCount: Int?
        var complete = true
        var labels: [Int] = []
        for (position, range) in values.enumerated() {
            let slice = data[range]
            let label = values.count > 1 ? "\(name) (JSON value \(position + 1) of \(values.count))" : name
            let log = CoercionLog()
            switch try shape(of: slice, label: label) {
            case .snapshot:
                guard values.count == 1 else {
                    throw StewardError(.usage, "\(label): a Steward snapshot must be the only value in its file.")
                }
                var usage: Data?
                if let fast = FastDefinitionDecoder.snapshot(slice, usage: &usage) {
                    snapshot = fast
                } else {
                    snapshot = try decode(Snapshot.self, from: slice, label: label, log: log)
                    snapshot?.coercions = log.byID
                    // The slow path reads the envelope whole; its usage is taken from the same parse.
                    let object = try? JSONSerialization.jsonObject(with: slice) as? [String: Any]
                    usage = object?["usage"].flatMap { try? JSONSerialization.data(withJSONObject: $0, options: .fragmentsAllowed) }
                }
                if let usage {
                    snapshot?.usage = try readUsage(usage, label: label)
                }
            case .page:
                let page: ListPage
                if let fast = FastDefinitionDecoder.page(slice) {
                    page = ListPage(count: fast.count, next: fast.next, results: fast.results)
                    coercions.merge(fast.coercions) { $0.union($1) }
                } else {
                    page = try decode(ListPage.self, from: slice, label: label, log: log)
                }
                definitions.append(contentsOf: page.results)
                if position == 0 { reportedCount = page.count }
                if position == values.count - 1, page.next != nil { complete = false }
            case .array:
                if let fast = FastDefinitionDecoder.definitions(slice) {
                    definitions.append(contentsOf: fast.definitions)
                    coercions.merge(fast.coercions) { $0.union($1) }
                } else {
                    definitions.append(contentsOf: try decode([EventDefinition].self, from: slice, label: label, log: log))
                }
            case .definition:
                definitions.append(try decode(EventDefinition.self, from: slice, label: label, log: log))
            }
            coercions.merge(log.byID) { $0.union($1) }
            labels.append(definitions.count)
        }
        if var snapshot {
            let merged = try merge(&snapshot.definitions, name: name) { _ in name }
            snapshot.notes += merged
            return snapshot
        }
        let notes = try merge(&definitions, name: name) { index in
            guard values.count > 1 else { return name }
            let value = labels.firstIndex { index < $0 } ?? values.count - 1
            return "\(name) (JSON value \(value + 1) of \(values.count))"
        }
        var result = Snapshot(reportedCount: reportedCount, complete: complete, definitions: definitions)
        result.coercions = coercions
        result.notes = notes
        return result
    }

    /// A snapshot's `usage` value, or a usage error naming the file and the place inside it.
    static func readUsage(_ data: Data, label: String) throws(StewardError) -> UsageData? {
        guard let value = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) else {
            throw StewardError(.usage, "\(label): usage is not valid JSON.")
        }
        if value is NSNull { return nil }
        do {
            return try UsageData.parse(value)
        } catch {
            throw StewardError(.usage, "\(label): \(error.description).")
        }
    }

    /// Definitions listed more than once (overlapping pages concatenated) are read once when every copy
    /// says the same; copies that differ are refused, naming the id and where each copy is, since which one
    /// is PostHog's current state cannot be known. Returns the note to say about merged copies, if any.
    static func merge(
        _ definitions: inout [EventDefinition], name: String, place: (Int) -> String
    ) throws(StewardError) -> [String] {
        var firstIndex: [String: Int] = [:]
        firstIndex.reserveCapacity(definitions.count)
        var duplicates: [Int] = []
        for (index, definition) in definitions.enumerated() {
            if let first = firstIndex[definition.id] {
                guard definitions[first] == definition else {
                    let places = [place(first), place(index)]
                    let whereText = places[0] == places[1] ? "twice in \(places[0])" : "in \(places[0]) and \(places[1])"
                    throw StewardError(
                        .usage,
                        "\(name): definition id \(definition.id) (\(definition.name)) is listed \(whereText) with different content; PostHog holds one definition per id, so which copy is current cannot be told. Fetch the pages again, or keep one copy."
                    )
                }
                duplicates.append(index)
            } else {
                firstIndex[definition.id] = index
            }
        }
        guard !duplicates.isEmpty else { return [] }
        let drop = Set(duplicates)
        definitions = definitions.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        let count = duplicates.count
        return [
            "\(count) \(count == 1 ? "definition was" : "definitions were") listed more than once with the same content (overlapping pages); read once"
        ]
    }

    private enum Shape { case snapshot, page, array, definition }

    private struct ListPage: Decodable {
        var count: Int?
        var next: String?
        var results: [EventDefinition]
    }

    private static func shape(of slice: Data, label: String) throws(StewardError) -> Shape {
        guard let first = slice.first(where: { !JSONValueSplitter.isWhitespace($0) }) else { return .array }
        if first == UInt8(ascii: "[") { return .array }
        guard first == UInt8(ascii: "{") else {
            throw StewardError(
                .usage,
                "\(label): expected a JSON object or array of event definitions, found a bare \(first == UInt8(ascii: "\"") ? "string" : "value")."
            )
        }
        // Only the top-level keys decide the shape; decoding them alone is cheap.
        let keys: [String]
        do {
            keys = try JSONDecoder().decode(KeyNames.self, from: slice).names
        } catch {
            throw StewardError(.usage, "\(label): \(describe(error)).")
        }
        if keys.contains("format"), keys.contains("definitions") { return .snapshot }
        if keys.contains("results") { return .page }
        if keys.contains("name") { return .definition }
        let shown = keys.sorted().prefix(8).joined(separator: ", ")
        throw StewardError(
            .usage,
            "\(label): this JSON object is not event definitions: expected a Steward snapshot (format, definitions), a PostHog list response (count, next, results) or a definition (id, name), found keys \(shown.isEmpty ? "none" : shown)."
        )
    }

    private struct KeyNames: Decodable {
        var names: [String]
        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        init(from decoder: Decoder) throws {
            names = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        }
    }

    private static func decode<T: Decodable>(
        _ type: T.Type, from slice: Data, label: String, log: CoercionLog
    ) throws(StewardError) -> T {
        do {
            return try log.decoder().decode(T.self, from: slice)
        } catch {
            throw StewardError(.usage, "\(label): \(describe(error)).")
        }
    }

    /// Turns a DecodingError into words with a JSON path such as `results[11].name`.
    public static func describe(_ error: Error) -> String {
        func path(_ keys: [CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text.isEmpty ? "the top level" : text
        }
        guard let decoding = error as? DecodingError else { return "cannot decode (\(reason(error)))" }
        switch decoding {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath)
            return "missing required key '\(key.stringValue)' in \(at == "the top level" ? "the top-level object" : at)"
        case .typeMismatch(let type, let context):
            return "wrong type at \(path(context.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "null at \(path(context.codingPath)) where \(typeName(type)) is required"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError.map { " (\(reason($0)))" }) ?? ""
            return "invalid value at \(path(context.codingPath)): \(context.debugDescription)\(underlying)"
        @unknown default:
            return "cannot decode (\(decoding))"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type: return "an integer"
        case is [String].Type: return "a list of strings"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") || name.contains("KeyedDecodingContainer") { return "an object" }
            return name
        }
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, nsError.domain == NSCocoaErrorDomain {
            return underlying.localizedDescription
        }
        return nsError.localizedDescription
    }

    /// The offset of the first byte that is not part of valid UTF-8, or nil when all of it is.
    static func invalidUTF8Offset(_ data: Data) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var offset = 0
            while offset < bytes.count {
                // Eight ASCII bytes at a time (most of a snapshot), then one scalar through the parser.
                if offset + 8 <= bytes.count, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    offset += 8
                    continue
                }
                if bytes[offset] < 0x80 {
                    offset += 1
                    continue
                }
                var iterator = UnsafeBufferPointer(rebasing: bytes[offset...]).makeIterator()
                var parser = Unicode.UTF8.ForwardParser()
                switch parser.parseScalar(from: &iterator) {
                case .valid(let scalar): offset += scalar.count
                case .emptyInput: return nil
                case .error: return offset
                }
            }
            return nil
        }
    }
}
