import Foundation
import StewardCore

/// The lint result of a run whose recording started before linting finished: history writes the
/// definitions' versions while the linter works, then waits here for the findings.
public final class LintHandoff: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: Result<LintResult, StewardError>?

    /// A handoff the linter will fill.
    public init() {}

    /// A handoff that already holds its result.
    public convenience init(_ result: LintResult) {
        self.init()
        provide(result)
    }

    /// Hands over the result.
    public func provide(_ result: LintResult) {
        settle(.success(result))
    }

    /// Gives up: the recording rolls back with `error`.
    public func abandon(_ error: StewardError) {
        settle(.failure(error))
    }

    /// Blocks until the result or the abandonment arrives.
    func wait() throws(StewardError) -> LintResult {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return try outcome!.get()
    }

    private func settle(_ value: Result<LintResult, StewardError>) {
        condition.lock()
        if outcome == nil { outcome = value }
        condition.broadcast()
        condition.unlock()
    }
}
