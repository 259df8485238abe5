import Foundation
import StewardCore

/// One page of PostHog's list response.
struct ListPage: Decodable, Sendable {
    var count: Int?
    var next: String?
    var results: [EventDefinition]
    var countIsCapped: Bool?
    /// What was bent to read the definitions, by id (null tags, users as bare ids; see ``Coercions``).
    var coercions: [String: Coercions] = [:]

    enum CodingKeys: String, CodingKey {
        case count, next, results
        case countIsCapped = "count_is_capped"
    }

    init(count: Int?, next: String?, results: [EventDefinition], countIsCapped: Bool?) {
        self.count = count
        self.next = next
        self.results = results
        self.countIsCapped = countIsCapped
    }

    /// More definitions than any PostHog project holds; a count above it is a server's mistake or a trap.
    static let plausibleCount = 1 << 32

    /// The fast byte-level decoder, with JSONDecoder's precise errors when it cannot; a count that is
    /// negative or beyond ``plausibleCount`` is refused, since the crawl plans its requests by it.
    @Sendable static func decode(_ data: Data) throws -> ListPage {
        var page: ListPage
        if let fast = FastDefinitionDecoder.page(data) {
            page = ListPage(count: fast.count, next: fast.next, results: fast.results, countIsCapped: fast.countIsCapped)
            page.coercions = fast.coercions
        } else {
            let log = CoercionLog()
            page = try log.decoder().decode(ListPage.self, from: data)
            page.coercions = log.byID
        }
        if let count = page.count, !(0...plausibleCount).contains(count) {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [CodingKeys.count], debugDescription: "count \(count) is not a possible number of definitions"))
        }
        return page
    }
}
