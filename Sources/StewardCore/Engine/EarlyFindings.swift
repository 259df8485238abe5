/// The findings of the per-definition rules that judge a definition alone (not its usage), made page by
/// page while a crawl is still reading later pages (``Linter/lintPage(_:)``), and matched back to the
/// crawl's definitions by their ``PageOrigin`` when the linter judges the whole project. A definition whose
/// page has no early findings (or any, when the judging differs) is judged then, as if there were none.
public struct EarlyFindings: Sendable {
    /// A finding with its rule's registry position (the position after the finding, where it fills the
    /// finding's tail: 72 bytes an entry, not 80).
    typealias Entry = (finding: Finding, rule: UInt16)

    /// One page's findings.
    public struct Page: Sendable {
        /// Findings with their rule's registry position, in slot order.
        var findings: [Entry] = []
        /// `findings[starts[slot]..<starts[slot + 1]]` are the findings of the definition in `slot`.
        var starts: [Int32] = [0]
        /// The rules that judged it and the instant they judged as of.
        var rules: [String]
        var now: Timestamp
        /// The per-definition part of each preparing collecting rule (``PreparingRule``), by rule id: an array of
        /// the rule's `Prepared` values in slot order.
        var prepared: [String: any Sendable] = [:]
        /// The hash of the policy the prepared values were worked out under (a rule's options shape them).
        var preparedUnder = ""
    }

    /// Holds the pages by reference, so the linter lets each go as it takes it over, whatever copies of this
    /// value the callers still hold (at a million definitions the pages are a few hundred MiB).
    final class Store: @unchecked Sendable {
        var pages: [Int32: Page]
        init(_ pages: [Int32: Page]) { self.pages = pages }
    }
    let store: Store

    /// Each page's findings, by the page's number in the crawl's last pass (shared by copies of this value).
    public var pages: [Int32: Page] {
        get { store.pages }
        nonmutating set { store.pages = newValue }
    }
    /// Where each definition of the crawl's result came from, parallel to its definitions.
    public var origins: [PageOrigin]

    /// Creates an empty set for a crawl's result.
    public init(pages: [Int32: Page] = [:], origins: [PageOrigin]) {
        self.store = Store(pages)
        self.origins = origins
    }

}
