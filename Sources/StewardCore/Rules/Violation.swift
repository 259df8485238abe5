/// What a rule reports about one definition; the engine adds the rule id, severity and identity.
public struct Violation: Sendable, Hashable {
    /// What is wrong, in one sentence.
    public var message: String
    /// The offending value, when there is one.
    public var value: String?
    /// A key shared by related violations (template, duplicate group).
    public var group: String?
    /// A change that would resolve it.
    public var fix: SuggestedFix?

    /// Creates a violation.
    public init(_ message: String, value: String? = nil, group: String? = nil, fix: SuggestedFix? = nil) {
        self.message = message
        self.value = value
        self.group = group
        self.fix = fix
    }
}
