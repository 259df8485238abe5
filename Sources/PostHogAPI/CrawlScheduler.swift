/// Hands out offset ranges to workers and adapts the page size to statement timeouts.
actor CrawlScheduler {
    private(set) var pageSize: Int
    private let fullSize: Int
    private let overlap: Int
    private let minimum: Int
    private let knownCount: Int?
    private var nextOffset = 0
    private var end: Int?
    private var aborted = false
    private var streak = 0

    init(pageSize: Int, fullSize: Int, overlap: Int, minimum: Int, knownCount: Int?) {
        self.pageSize = pageSize
        self.fullSize = fullSize
        self.overlap = overlap
        self.minimum = minimum
        self.knownCount = knownCount
    }

    func start(after firstLimit: Int) { nextOffset = max(1, firstLimit - overlap) }

    /// The next stretch of offsets to read, or nil when the end is reached (or the crawl failed).
    func nextRange() -> Range<Int>? {
        guard !aborted else { return nil }
        if let end, nextOffset >= end { return nil }
        // With a known count, stop handing out ranges past it (plus a page, for definitions added meanwhile);
        // the page that comes back short marks the real end.
        if let knownCount, end == nil, nextOffset > knownCount + pageSize { return nil }
        let range = nextOffset..<(nextOffset + pageSize)
        nextOffset = range.upperBound
        return range
    }

    func isPastEnd(_ offset: Int) -> Bool { aborted || (end.map { offset >= $0 } ?? false) }

    func reachedEnd(at offset: Int) { end = min(end ?? offset, offset) }

    func abort() { aborted = true }

    func timedOut(newSize: Int) {
        pageSize = max(minimum, min(pageSize, newSize))
        streak = 0
    }

    /// After a run of successes the page size grows back towards the configured one.
    func succeeded() {
        streak += 1
        if streak >= 8, pageSize < fullSize {
            pageSize = min(fullSize, pageSize * 2)
            streak = 0
        }
    }
}
