/// What a rule reports about one definition; the engine adds the rule id, severity and identity.
public struct Violation: Sendable, Hashable {
    /// The message, or its template around `templateName` (see `MessageWording`).
    private var text: String
    /// The name `text` is a template for, when the rule built it as one.
    private var templateName: String?
    /// The offending value, when there is one.
    public var value: String?
    /// A key shared by related violations (template, duplicate group).
    public var group: String?
    /// A change that would resolve it.
    public var fix: SuggestedFix?

    /// Creates a violation.
    public init(_ message: String, value: String? = nil, group: String? = nil, fix: SuggestedFix? = nil) {
        self.text = message
        self.value = value
        self.group = group
        self.fix = fix
    }

    /// A violation whose message is `template` with `MessageTemplate.placeholder` standing for `name`, where
    /// `template` is exactly what `MessageTemplate.make` gives for that message (`MessageTemplate.fits` says
    /// when). A rule that words thousands of messages alike builds one template for them all, and the engine
    /// neither writes each message out nor scans it back. Rules reach it through `MessageWording`, which
    /// checks; it is internal so that nothing outside can hand over a template that does not fit.
    init(template: String, naming name: String, value: String? = nil, group: String? = nil, fix: SuggestedFix? = nil) {
        self.text = template
        self.templateName = name
        self.value = value
        self.group = group
        self.fix = fix
        assert(
            MessageTemplate.make(MessageTemplate.expand(template, naming: name), naming: name) == (template, true),
            "a violation's template must be the one its message makes")
    }

    /// What is wrong, in one sentence.
    public var message: String {
        get { templateName.map { MessageTemplate.expand(text, naming: $0) } ?? text }
        set {
            text = newValue
            templateName = nil
        }
    }

    /// The message's template when it was built as one for `name`.
    func template(naming name: String) -> String? { templateName == name ? text : nil }

    /// Equal when they say the same, however the message is held.
    public static func == (lhs: Violation, rhs: Violation) -> Bool {
        lhs.message == rhs.message && lhs.value == rhs.value && lhs.group == rhs.group && lhs.fix == rhs.fix
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(message)
        hasher.combine(value)
        hasher.combine(group)
        hasher.combine(fix)
    }
}
