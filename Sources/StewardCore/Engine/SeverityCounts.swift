/// Findings counted by severity: the unit of every count history records and reports show.
public struct SeverityCounts: Sendable, Hashable, Codable {
    /// Error findings.
    public var errors = 0
    /// Warning findings.
    public var warnings = 0
    /// Info findings.
    public var infos = 0

    /// Creates one from its parts.
    public init(errors: Int = 0, warnings: Int = 0, infos: Int = 0) {
        self.errors = errors
        self.warnings = warnings
        self.infos = infos
    }

    /// All findings counted.
    public var total: Int { errors + warnings + infos }

    /// Counts one finding of `severity` (`off` counts nothing).
    public mutating func add(_ severity: Severity) {
        switch severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .info: infos += 1
        case .off: break
        }
    }

    /// Adds another set of counts.
    public mutating func merge(_ other: SeverityCounts) {
        errors += other.errors
        warnings += other.warnings
        infos += other.infos
    }
}
