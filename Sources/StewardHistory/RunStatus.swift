/// How a recorded run ended.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// Every definition was read and linted; findings opened and closed.
    case complete
    /// Some definitions may be missing; findings opened, none closed.
    case incomplete
    /// Fetching or linting failed; no finding changed state.
    case failed
}
