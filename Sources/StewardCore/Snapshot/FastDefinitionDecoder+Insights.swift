import Foundation

/// Saved insights read straight from a list page's bytes: id, name, dashboards, and the raw JSON of `query` and
/// `filters` (kept as PostHog sent them, never parsed and written again). At thousands of insights the
/// Foundation round trip cost more than the requests.
extension FastDefinitionDecoder {
    /// One `GET …/insights/` page: PostHog's count (nil when absent), whether `next` is set, and the insights;
    /// nil when the page is not one this reader understands (the caller falls back to JSONSerialization).
    public static func insightPage(_ data: Data) -> (count: Int?, more: Bool, insights: [UsageIndex.Insight])? {
        data.withUnsafeBytes { raw -> (count: Int?, more: Bool, insights: [UsageIndex.Insight])? in
            var reader = Reader(raw.bindMemory(to: UInt8.self))
            var count: Int?
            var more = false
            var insights: [UsageIndex.Insight] = []
            var sawResults = false
            let ok = reader.object { reader, key in
                switch key {
                case "count": count = try reader.optionalInt()
                case "next": more = try reader.optionalString() != nil
                case "results":
                    sawResults = true
                    try reader.expect(UInt8(ascii: "["))
                    if try reader.peek() == UInt8(ascii: "]") {
                        reader.index += 1
                        return
                    }
                    while true {
                        if let insight = try reader.insight() { insights.append(insight) }
                        let next = try reader.peek()
                        reader.index += 1
                        if next == UInt8(ascii: "]") { return }
                        guard next == UInt8(ascii: ",") else { throw Unexpected() }
                    }
                default: try reader.skipValue()
                }
            }
            guard ok, reader.atEnd, sawResults else { return nil }
            return (count, more && !insights.isEmpty, insights)
        }
    }
}

extension FastDefinitionDecoder.Reader {
    /// One insight of a list page; nil for one without an integer id.
    mutating func insight() throws -> UsageIndex.Insight? {
        var id: Int?
        var name: String?
        var dashboards: [Int] = []
        var query: Data?
        var filters: Data?
        try objectFields { reader, key in
            switch key {
            case "id": id = try reader.optionalInt()
            case "name":
                name =
                    try reader.peek() == UInt8(ascii: "\"")
                    ? try reader.string()
                    : {
                        try reader.skipValue(); return nil
                    }()
            case "dashboards": dashboards = try reader.integers()
            case "query": query = try reader.rawValue(emptyObjectIsNil: false)
            case "filters": filters = try reader.rawValue(emptyObjectIsNil: true)
            default: try reader.skipValue()
            }
        }
        return id.map { UsageIndex.Insight(id: $0, name: name, dashboards: dashboards, query: query, filters: filters) }
    }

    /// A list of integers (null as none).
    mutating func integers() throws -> [Int] {
        if try isNull() { return [] }
        try expect(UInt8(ascii: "["))
        var values: [Int] = []
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return values
        }
        while true {
            values.append(try int())
            let next = try peek()
            index += 1
            if next == UInt8(ascii: "]") { return values }
            guard next == UInt8(ascii: ",") else { throw FastDefinitionDecoder.Unexpected() }
        }
    }

    /// The bytes of the next value as they are; nil for null (and `{}` when asked).
    mutating func rawValue(emptyObjectIsNil: Bool) throws -> Data? {
        if try isNull() { return nil }
        skipSpace()
        let start = index
        try skipValue()
        let value = Data(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        if emptyObjectIsNil, value.count <= 8, value.filter({ ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == Data("{}".utf8) { return nil }
        return value
    }
}
