/// Opens once a crawl has its first answer, or fails when the crawl ends without one: what the usage read
/// waits for before it sends anything beside the crawl (a redirect or a refused key shows on that answer).
actor FirstAnswer {
    private var settled: Bool?
    private var waiters: [CheckedContinuation<Bool, Never>] = []

    /// The crawl has an answer: waiters go on.
    func open() { settle(true) }

    /// The crawl ended without one: waiters give up.
    func fail() { settle(false) }

    /// True once opened, false if it failed.
    func wait() async -> Bool {
        if let settled { return settled }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func settle(_ value: Bool) {
        guard settled == nil else { return }
        settled = value
        for waiter in waiters { waiter.resume(returning: value) }
        waiters = []
    }
}
