/// Names follow the convention most of the project already uses; the outliers are flagged.
public struct NamingConventionRule: CollectingRule {
    /// The styles Steward recognises.
    public enum Style: String, Sendable, CaseIterable {
        case snakeCase = "snake_case"
        case lowerWords = "lower words"
        case titleCase = "Title Case"
        case sentenceCase = "Sentence case"
        case camelCase = "camelCase"
        case pascalCase = "PascalCase"
        case kebabCase = "kebab-case"
        case screamingSnakeCase = "SCREAMING_SNAKE_CASE"
    }

    public static let description = RuleDescription(
        identifier: "naming_convention",
        name: "Naming convention (inferred)",
        summary: "Infers the project's dominant naming style (snake_case, Title Case, camelCase, …) and flags names written in another.",
        rationale: "Most projects never wrote a convention down but follow one; the names that break it are the ones people cannot find. Namespaces (`signup_flow:`, `app.`) are judged by their parts.",
        defaultSeverity: .warning,
        options: [
            RuleOptionSpec("min_share", .integer(minimum: 1, maximum: 100), default: .integer(60),
                           "Percent of classifiable names that must share the dominant style before outliers are flagged."),
            RuleOptionSpec("min_names", .integer(minimum: 1, maximum: Int.max), default: .integer(10),
                           "Projects with fewer classifiable names are not judged."),
        ],
        triggering: [
            .names(["Signed Up"] + (1...9).map { "step_\(["a", "b", "c", "d", "e", "f", "g", "h", "i"][$0 - 1])_done" }),
            .names(["checkoutStarted"] + ["Order Completed", "Product Viewed", "Cart Viewed", "Signed Up", "Signed Out",
                                          "Coupon Applied", "Product Added", "Product Removed", "Checkout Started", "Order Refunded"]),
        ],
        nonTriggering: [
            .names(["signup_flow:pricing_page_view"] + (1...9).map { "step_\(["a", "b", "c", "d", "e", "f", "g", "h", "i"][$0 - 1])_done" }),
            .names(["purchase"] + (1...9).map { "step_\(["a", "b", "c", "d", "e", "f", "g", "h", "i"][$0 - 1])_done" },
                   note: "a single lower-case word fits snake_case"),
            .names(["Signed Up", "signed_up", "signedUp"], note: "too few names to infer a convention"),
        ])

    let minShare: Int
    let minNames: Int

    public init(configuration: RuleConfiguration) throws(PolicyError) {
        minShare = configuration.integer("min_share") ?? 60
        minNames = configuration.integer("min_names") ?? 10
    }

    /// The styles a name is written in: one, several for ambiguous single words, none for mixed names.
    public static func styles(of name: String) -> Set<Style> {
        // Namespaces (`area:object_action`, `app.screen_view`) do not decide the style: their parts do.
        let parts = name.split(whereSeparator: { $0 == ":" || $0 == "." || $0 == "/" })
        guard !parts.isEmpty else { return [] }
        var common: Set<Style>?
        for part in parts {
            let styles = partStyles(Substring(part))
            common = common.map { $0.intersection(styles) } ?? styles
            if common?.isEmpty == true { return [] }
        }
        return common ?? []
    }

    private static func partStyles(_ part: Substring) -> Set<Style> {
        var hasUpper = false, hasLower = false, hasUnderscore = false, hasSpace = false, hasHyphen = false, other = false
        var upperAfterLower = false
        var previousLower = false
        var wordsCapitalized = true, atWordStart = true, firstUpper = false, laterWordsLower = true, wordIndex = 0
        for scalar in part.unicodeScalars {
            let p = scalar.properties
            if p.isUppercase {
                hasUpper = true
                if previousLower { upperAfterLower = true }
                if atWordStart, wordIndex == 0 { firstUpper = true }
                if atWordStart, wordIndex > 0 { laterWordsLower = false }
                previousLower = false
                atWordStart = false
            } else if p.isLowercase {
                hasLower = true
                if atWordStart { wordsCapitalized = false }
                previousLower = true
                atWordStart = false
            } else if p.numericType != nil {
                previousLower = true
                atWordStart = false
            } else if scalar == "_" {
                hasUnderscore = true; atWordStart = true; previousLower = false; wordIndex += 1
            } else if scalar == " " {
                hasSpace = true; atWordStart = true; previousLower = false; wordIndex += 1
            } else if scalar == "-" {
                hasHyphen = true; atWordStart = true; previousLower = false; wordIndex += 1
            } else {
                other = true
            }
        }
        if other || [hasUnderscore, hasSpace, hasHyphen].filter({ $0 }).count > 1 { return [] }
        if !hasUpper {
            guard hasLower else { return [] }
            if hasUnderscore { return [.snakeCase] }
            if hasSpace { return [.lowerWords] }
            if hasHyphen { return [.kebabCase] }
            return [.snakeCase, .lowerWords, .camelCase, .kebabCase]
        }
        if !hasLower { return hasSpace || hasHyphen ? [] : [.screamingSnakeCase] }
        if hasSpace {
            if wordsCapitalized { return [.titleCase] }
            if firstUpper, laterWordsLower { return [.sentenceCase] }
            return []
        }
        if hasUnderscore || hasHyphen { return wordsCapitalized ? [] : [] }
        if firstUpper { return upperAfterLower ? [.pascalCase] : [.titleCase, .sentenceCase, .pascalCase] }
        return upperAfterLower ? [.camelCase] : []
    }

    public func check(_ definitions: [EventDefinition], in context: LintContext) -> [(index: Int, violation: Violation)] {
        var styles: [Set<Style>] = []
        styles.reserveCapacity(definitions.count)
        var counts: [Style: Int] = [:]
        var classifiable = 0
        for definition in definitions {
            let found = Self.styles(of: definition.name)
            styles.append(found)
            if !found.isEmpty { classifiable += 1 }
            // Ambiguous single words count for every style they fit.
            for style in found { counts[style, default: 0] += 1 }
        }
        guard classifiable >= minNames,
              let (dominant, count) = counts.max(by: { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }),
              count * 100 >= classifiable * minShare else { return [] }
        let share = count * 100 / max(classifiable, 1)
        var violations: [(index: Int, violation: Violation)] = []
        for index in definitions.indices where !styles[index].contains(dominant) {
            let actual = styles[index].isEmpty ? "in no single style" : "\(Self.describe(styles[index]))"
            violations.append((index, Violation(
                "'\(definitions[index].name)' is \(actual), but \(share)% of this project's names (\(count) of \(classifiable)) are \(dominant.rawValue).",
                value: definitions[index].name, group: dominant.rawValue)))
        }
        return violations
    }

    private static func describe(_ styles: Set<Style>) -> String {
        styles.map(\.rawValue).sorted().joined(separator: " or ")
    }
}
