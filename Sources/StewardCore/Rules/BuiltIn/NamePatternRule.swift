import PCRE2

/// Event names follow a naming convention: a bundled preset or the policy's own regex.
public struct NamePatternRule: DefinitionRule {
    /// A bundled convention.
    public struct Preset: Sendable {
        /// Its id in policies.
        public let id: String
        /// How the convention reads in a message.
        public let summary: String
        /// A compliant example.
        public let example: String
        /// The regex.
        public let pattern: String
        /// The published convention it follows, where there is one.
        public var follows: String? = nil
    }

    /// PostHog's recommended verbs (posthog.com/docs/product-analytics/best-practices).
    public static let postHogVerbs = [
        "click", "submit", "create", "view", "add", "invite", "update", "delete", "remove",
        "start", "end", "cancel", "fail", "generate", "send",
    ]

    static let snake = "[a-z][a-z0-9]*(?:_[a-z0-9]+)*"
    static let pastTense =
        "(?:[A-Z][a-z]*ed|Sent|Built|Bought|Began|Chosen|Done|Drawn|Given|Hidden|Made|Paid|Read|Seen|Sold|"
        + "Set|Shown|Spent|Taken|Won|Written|Left|Lost|Found|Held|Kept|Met|Run|Put|Got|Gotten|Shared|Reset|Quit|Split|Won)"

    /// The bundled conventions.
    public static let presets: [Preset] = [
        Preset(
            id: "posthog",
            summary:
                "PostHog's recommended category:object_action in lower snake_case, ending in one of the verbs \(postHogVerbs.joined(separator: ", "))",
            example: "signup_flow:pricing_page_view",
            pattern: "^\(snake):(?:[a-z0-9]+_)+(?:\(postHogVerbs.joined(separator: "|")))$",
            follows:
                "PostHog's product analytics best practices (posthog.com/docs/product-analytics/best-practices): category:object_action, lower case, snake case, a present-tense verb from its list"
        ),
        Preset(
            id: "snake_case", summary: "lower snake_case", example: "pricing_page_viewed", pattern: "^\(snake)$",
            follows:
                "the snake case of PostHog's best practices (`signup_button_click`, `user_signed_up`), without its category or verb list"),
        Preset(
            id: "object_action_title",
            summary: "Title Case \"Object Action\" with a past-tense verb, as in Segment's and PostHog's e-commerce specs",
            example: "Product Viewed",
            // Objects (any number of words, `Product List`), a past-tense verb, an optional particle (`Signed Up`),
            // then an optional lower-case preposition and its Title Case object (`Product Added to Wishlist`).
            pattern:
                "^(?:[A-Z][a-z0-9]*\\s)*\(pastTense)(?:\\s(?:Up|In|Out|Off|On|Over|Back|Down))?"
                + "(?:\\s(?:to|from|in|into|on|onto|for|with|at|by|via|of|as)(?:\\s[A-Z][a-z0-9]*)+)?$",
            follows:
                "the e-commerce specs of Segment (segment.com/docs/connections/spec/ecommerce/v2) and PostHog (posthog.com/docs/data/event-spec/ecommerce-events), and the mobile lifecycle events of both"
        ),
        Preset(id: "camel_case", summary: "lowerCamelCase", example: "pricingPageViewed", pattern: "^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)*$"),
        Preset(id: "kebab_case", summary: "lower kebab-case", example: "pricing-page-viewed", pattern: "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"),
    ]

    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "name_pattern",
        name: "Name pattern",
        summary: "Event names follow the naming convention the policy chooses: a bundled preset or a regex of its own.",
        rationale:
            "A convention is what lets people find events without asking; names outside it are where `Signed Up` and `signed_up` come from.",
        defaultSeverity: .warning,
        options: [
            RuleOptionSpec(
                "preset", .choice(presets.map(\.id)),
                "A bundled convention; `snake_case` when neither this nor `pattern` is set. "
                    + presets.compactMap { preset in preset.follows.map { "`\(preset.id)` follows \($0)." } }.joined(separator: " ")),
            RuleOptionSpec("pattern", .regex, "A PCRE2 regex names must match, instead of a preset."),
            RuleOptionSpec("convention", .string, "How the custom `pattern` reads in messages, e.g. `area.object_action`."),
        ],
        triggering: [
            .name("Signed Up", options: "{preset: posthog}"),
            .name("pricing_page_viewed", options: "{preset: posthog}", note: "a past-tense verb; PostHog recommends the present tense"),
            .name("Signed Up", options: "{preset: snake_case}"),
            .name("product viewed", options: "{preset: object_action_title}"),
            .name("checkout.start", options: "{pattern: '^[a-z_]+:[a-z_]+$', convention: 'area:event'}"),
            .name(
                String(repeating: "a", count: 40) + "!", options: "{pattern: '^(a+)+$'}",
                note: "a catastrophic pattern stops at PCRE2's match limit"),
        ],
        nonTriggering: [
            .name("signup_flow:pricing_page_view", options: "{preset: posthog}"),
            .name("registration_v2:sign_up_button_click", options: "{preset: posthog}"),
            .name("pricing_page_viewed"),
            .name("Product Viewed", options: "{preset: object_action_title}"),
            .name("Signed Up", options: "{preset: object_action_title}"),
            .name("Product Added to Wishlist", options: "{preset: object_action_title}"),
            .name("checkout:start", options: "{pattern: '^[a-z_]+:[a-z_]+$'}"),
        ])

    let regex: PCRE2Pattern
    let convention: String
    let example: String?

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        if let pattern = configuration.regex("pattern") {
            guard configuration.string("preset") == nil else {
                throw PolicyError("name_pattern takes either `preset` or `pattern`, not both", at: configuration.location)
            }
            regex = pattern
            convention = configuration.string("convention") ?? "the pattern '\(pattern.pattern)'"
            example = nil
        } else {
            let id = configuration.string("preset") ?? "snake_case"
            let preset = Self.presets.first { $0.id == id }!
            do {
                regex = try PCRE2Pattern(preset.pattern)
            } catch {
                throw PolicyError("internal: preset \(id) does not compile: \(error)", at: configuration.location)
            }
            convention = preset.summary
            example = preset.example
        }
    }

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        do {
            if try regex.matches(definition.name) { return }
            let hint = example.map { " (for example \($0))" } ?? ""
            violations.append(
                Violation(
                    "'\(definition.name)' does not follow the naming convention: \(convention)\(hint).",
                    value: definition.name))
        } catch {
            violations.append(
                Violation(
                    "'\(definition.name)' could not be checked: the pattern '\(regex.pattern)' stopped at PCRE2's limit (\(error.message)); simplify it, for example remove nested quantifiers such as (a+)+.",
                    value: definition.name))
        }
    }
}
