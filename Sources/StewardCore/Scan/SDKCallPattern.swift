/// One shape of call a PostHog SDK takes, as data: a PCRE2 pattern that matches the call up to and
/// including the bracket its arguments start with, which argument holds the event, and examples that
/// double as tests. A new SDK shape is one more entry in ``SDKPatterns``.
public struct SDKCallPattern: Sendable {
    /// A snippet and the names the scan must find in it, in order: a name, `dynamic:<template>` for a name
    /// built at run time, `unresolved:<expression>` for one it cannot read.
    public struct Example: Sendable {
        /// The code.
        public var code: String
        /// What the scan finds in it.
        public var finds: [String]

        /// Creates one.
        public init(_ code: String, finds: [String]) {
            self.code = code
            self.finds = finds
        }
    }

    /// A stable id, `language.shape`.
    public var identifier: String
    /// The language it is written in.
    public var language: ScanLanguage
    /// The SDK whose call it is.
    public var sdk: String
    /// The pattern, run on the source with comments blanked and strings masked; it ends at `(`, `{` or `[`,
    /// or, for calls without brackets (Ruby), anywhere before the first argument. A group named `receiver`,
    /// when present, must match one of `receivers` or a name the file binds with ``LanguagePatterns/bindings``.
    public var pattern: String
    /// What the `receiver` group may be.
    public var receivers: [String]
    /// Labels of the argument that names the event (`event=`, `event:`, `'event' =>`, `eventName:`).
    public var labels: [String]
    /// Where the event is when no label names it: the position among the unlabelled arguments, chosen by
    /// how many there are (`[0, 1]`: the first when there is one, the second when there are more, as in
    /// posthog-python's old `capture(distinct_id, event)`). Empty: only a label names it.
    public var positions: [Int]
    /// Snippets and what they must give.
    public var examples: [Example]

    /// Creates one.
    public init(
        _ identifier: String, _ language: ScanLanguage, sdk: String, pattern: String, receivers: [String] = [],
        labels: [String] = [], positions: [Int] = [0], examples: [Example]
    ) {
        self.identifier = identifier
        self.language = language
        self.sdk = sdk
        self.pattern = pattern
        self.receivers = receivers
        self.labels = labels
        self.positions = positions
        self.examples = examples
    }
}

/// What a language's files may say besides calls: patterns whose first group is a name bound to a
/// PostHog client (`const ph = usePostHog()`), which then counts as a receiver.
public struct LanguagePatterns: Sendable {
    /// The language.
    public var language: ScanLanguage
    /// Patterns binding a client to a name (group 1).
    public var bindings: [String]
    /// The call shapes.
    public var calls: [SDKCallPattern]
}
