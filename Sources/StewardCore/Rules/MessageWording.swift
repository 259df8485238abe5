/// A message worded as `'name'` and then the same words for every definition (`' has no owner.`), with its
/// template built once: a rule that says it of thousands of definitions hands the engine one shared
/// template instead of a message to write out and scan back for the name.
public struct MessageWording: Sendable {
    /// What follows the name, from the closing quote on.
    public let suffix: String
    /// `'`, the placeholder, then `suffix`.
    public let template: String

    /// The wording whose messages read `'name` followed by `suffix`.
    public init(_ suffix: String) {
        self.suffix = suffix
        template = "'" + MessageTemplate.placeholder + suffix
    }

    /// The message about `name`, as a template when that is exact (`MessageTemplate.fits`), else written out.
    public func violation(naming name: String, value: String? = nil, group: String? = nil, fix: SuggestedFix? = nil) -> Violation {
        if MessageTemplate.fits("'", naming: name, suffix) {
            return Violation(template: template, naming: name, value: value, group: group, fix: fix)
        }
        return Violation("'" + name + suffix, value: value, group: group, fix: fix)
    }
}
