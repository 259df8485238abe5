import StewardCore

/// Definitions read so far, by id (its bytes: hashing a String normalises it first, and ids are compared as
/// bytes everywhere else, history included).
actor CrawlCollector {
    private(set) var byID: [UTF8Key: DefinitionCrawler.Ranked] = [:]
    /// What was bent to read a definition, by id, as of its latest reading (only those that needed it).
    private(set) var coercions: [String: Coercions] = [:]
    /// Pages read, the first one included.
    private var pages = 1
    /// Pages added so far: the next page's number.
    private var added: Int32 = 0
    /// Told of each page as it is added, with its number (see ``PageOrigin``).
    private let onPage: (@Sendable (Int32, [EventDefinition]) -> Void)?

    /// The most room reserved on the server's word alone; past it the dictionary grows as pages arrive.
    static let reservationCap = 2_000_000

    /// The room reserved when the server's count is capped (it then says only "at least 10,000").
    static let cappedReservation = 100_000

    init(expected: Int, capped: Bool = false, onPage: (@Sendable (Int32, [EventDefinition]) -> Void)? = nil) {
        self.onPage = onPage
        // Sized up front: growing a dictionary copies and rehashes every definition in it (from a capped count's
        // 10,000 to 100,000 took three regrowths, 0.07 s of processor time). The count comes from the server,
        // so it sizes the dictionary only up to a bound; a capped one reserves room for 100,000 (a few MB).
        let expected = min(max(0, capped ? max(expected, Self.cappedReservation) : expected), Self.reservationCap)
        byID.reserveCapacity(expected + expected / 8)
    }

    /// The definitions the dictionary has room for without regrowing.
    var reservedCapacity: Int { byID.capacity }

    /// The most definitions handed on as one page (``PageOrigin``): a larger page is handed on in parts, each
    /// numbered as a page of its own, so the per-definition lint judges the parts of the crawl's last page on
    /// every core instead of the whole page on one (pages grow to 5,000 definitions for large projects).
    static let partSize = 1_000

    /// A page read at `offset`; a definition read twice keeps its latest reading.
    func add(_ definitions: [EventDefinition], offset: Int, coercions pageCoercions: [String: Coercions] = [:]) {
        var start = 0
        repeat {
            let end = min(definitions.count, start + Self.partSize)
            let page = added
            added += 1
            for index in start..<end {
                let definition = definitions[index]
                let id = definition.id
                byID[UTF8Key(id)] = DefinitionCrawler.Ranked(
                    definition: definition, rank: offset + index, origin: PageOrigin(page: page, slot: Int32(index - start)))
                // A later reading replaces the earlier one, so it replaces what was bent to read it too (nearly every
                // page has nothing bent: then nothing is looked up).
                guard !pageCoercions.isEmpty || !coercions.isEmpty else { continue }
                if let bent = pageCoercions[id] {
                    coercions[id] = bent
                } else if !coercions.isEmpty {
                    coercions[id] = nil
                }
            }
            onPage?(page, start == 0 && end == definitions.count ? definitions : Array(definitions[start..<end]))
            start = end
        } while start < definitions.count
    }

    func countPage() -> Int {
        pages += 1
        return pages
    }
}
