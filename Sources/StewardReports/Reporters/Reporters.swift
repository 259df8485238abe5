/// The reporters Steward ships, by identifier.
public enum Reporters {
    /// Identifiers accepted by `--format`, in documentation order.
    public static let identifiers = [
        TextReporter.identifier, JSONReporter.identifier, HTMLReporter.identifier, MarkdownReporter.identifier,
        SARIFReporter.identifier, JUnitReporter.identifier, GitHubReporter.identifier,
    ]

    /// The reporter for an identifier, configured for a terminal or a file; `full` lists every finding where a
    /// report is bounded by default (the markdown report).
    public static func reporter(_ identifier: String, color: Bool = false, full: Bool = false) -> (any Reporter)? {
        switch identifier {
        case TextReporter.identifier: return TextReporter(color: color)
        case JSONReporter.identifier: return JSONReporter()
        case HTMLReporter.identifier: return HTMLReporter()
        case MarkdownReporter.identifier: return MarkdownReporter(perRuleLimit: full ? nil : MarkdownReporter.defaultPerRuleLimit)
        case SARIFReporter.identifier: return SARIFReporter()
        case JUnitReporter.identifier: return JUnitReporter()
        case GitHubReporter.identifier: return GitHubReporter()
        default: return nil
        }
    }
}
