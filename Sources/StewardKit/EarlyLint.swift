import Dispatch
import StewardCore
import Synchronization

/// Lints each page of a live crawl as it arrives, on the pool, while later pages are in flight: the
/// per-definition rules that judge a definition alone (``Linter/lintPage(_:)``). The linter then takes
/// these findings for the definitions whose kept reading each page holds and judges the rest as before.
final class EarlyLint: Sendable {
    private let linter: Linter
    private let group = DispatchGroup()
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var pass = 0
        var pages: [Int32: EarlyFindings.Page] = [:]
    }

    /// nil when the policy leaves nothing to judge early (overrides give definitions rules of their own).
    init?(_ linter: Linter) {
        guard linter.judgesPagesEarly else { return nil }
        self.linter = linter
    }

    /// A page the crawl has read; pages of an earlier pass are dropped when a new pass starts.
    func page(pass: Int, number: Int32, _ definitions: [EventDefinition]) {
        let linter = self.linter
        DispatchQueue.global(qos: .userInitiated).async(group: group) {
            let judged = linter.lintPage(definitions)
            self.state.withLock { state in
                if pass > state.pass {
                    state.pass = pass
                    state.pages = [:]
                }
                if pass == state.pass { state.pages[number] = judged }
            }
        }
    }

    /// Every page's findings once the pages in hand are judged, for a crawl result with these origins (nil
    /// when the crawl gave none: a result merged from passes is judged as a whole).
    func finish(origins: [PageOrigin]?) async -> EarlyFindings? {
        await withCheckedContinuation { continuation in group.notify(queue: .global()) { continuation.resume() } }
        guard let origins else { return nil }
        let pages = state.withLock { state in
            let pages = state.pages
            state.pages = [:]
            return pages
        }
        return EarlyFindings(pages: pages, origins: origins)
    }
}
