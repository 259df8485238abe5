/// Holds writes past a count until released, so a test can stop a client part-way through its writes at a
/// point it chooses rather than at a moment it hopes for: with `holdWritesAfter = 10` the eleventh write and
/// every later one wait; `POST /_sim/release-writes` answers each of them 503 without applying it and lets
/// writes through from then on.
actor WriteGate {
    private let limit: Int?
    private var admitted = 0
    private var released = false
    private var waiting: [CheckedContinuation<Bool, Never>] = []

    init(holdAfter limit: Int?) { self.limit = limit }

    /// Whether this write may be applied; it waits while the gate holds it, and is refused once released.
    func admit() async -> Bool {
        guard let limit, !released else { return true }
        if admitted < limit {
            admitted += 1
            return true
        }
        return await withCheckedContinuation { waiting.append($0) }
    }

    /// Writes held so far.
    var held: Int { waiting.count }

    /// Refuses every held write and stops holding.
    func release() -> Int {
        released = true
        let count = waiting.count
        for continuation in waiting { continuation.resume(returning: false) }
        waiting = []
        return count
    }
}
