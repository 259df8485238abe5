/// Where a definition's kept reading came from during a crawl: the page's number within its pass (as the
/// crawl told it page by page) and the definition's place in that page. Work started on a page before the
/// crawl ended (the per-definition lint) is matched back to the definitions by it.
public struct PageOrigin: Sendable, Equatable {
    /// The page's number within the pass.
    public var page: Int32
    /// The definition's place in the page.
    public var slot: Int32

    /// Creates one.
    public init(page: Int32, slot: Int32) {
        self.page = page
        self.slot = slot
    }
}
