/// Names follow the convention most of the project already uses; the outliers are flagged.
public struct NamingConventionRule: PreparingRule {
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

    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "naming_convention",
        name: "Naming convention (inferred)",
        summary: "Infers the project's dominant naming style (snake_case, Title Case, camelCase, …) and flags names written in another.",
        rationale:
            "Most projects never wrote a convention down but follow one; the names that break it are the ones people cannot find. Namespaces (`signup_flow:`, `app.`) are judged by their parts.",
        defaultSeverity: .warning,
        options: [
            RuleOptionSpec(
                "min_share", .integer(minimum: 1, maximum: 100), default: .integer(60),
                "Percent of classifiable names that must share the dominant style before outliers are flagged."),
            RuleOptionSpec(
                "min_names", .integer(minimum: 1, maximum: Int.max), default: .integer(10),
                "Projects with fewer classifiable names are not judged."),
        ],
        triggering: [
            .names(["Signed Up"] + (1...9).map { "step_\(["a", "b", "c", "d", "e", "f", "g", "h", "i"][$0 - 1])_done" }),
            .names(
                ["checkoutStarted"] + [
                    "Order Completed", "Product Viewed", "Cart Viewed", "Signed Up", "Signed Out",
                    "Coupon Applied", "Product Added", "Product Removed", "Checkout Started", "Order Refunded",
                ]),
        ],
        nonTriggering: [
            .names(
                ["signup_flow:pricing_page_view"] + (1...9).map { "step_\(["a", "b", "c", "d", "e", "f", "g", "h", "i"][$0 - 1])_done" }),
            .names(
                ["purchase"] + (1...9).map { "step_\(["a", "b", "c", "d", "e", "f", "g", "h", "i"][$0 - 1])_done" },
                note: "a single lower-case word fits snake_case"),
            .names(["Signed Up", "signed_up", "signedUp"], note: "too few names to infer a convention"),
        ])

    let minShare: Int
    let minNames: Int

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        minShare = try configuration.declaredInteger("min_share")
        minNames = try configuration.declaredInteger("min_names")
    }

    /// The styles a name is written in: one, several for ambiguous single words, none for mixed names.
    public static func styles(of name: String) -> Set<Style> {
        styles(inMask: styleMask(of: name))
    }

    /// The styles a bit set (see `styleMask(of:)`) stands for.
    static func styles(inMask mask: UInt16) -> Set<Style> {
        Set(Style.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
    }

    enum CharacterClass { case upper, lower, digit, underscore, space, hyphen, separator, other }

    static func bit(_ style: Style) -> UInt16 { 1 << UInt16(Style.allCases.firstIndex(of: style)!) }
    static let allStyles: UInt16 = (1 << UInt16(Style.allCases.count)) - 1

    /// The styles as a bit set (bit n = `Style.allCases[n]`), without allocating.
    static func styleMask(of name: String) -> UInt16 {
        var text = name
        return text.withUTF8 { bytes -> UInt16 in
            if !bytes.contains(where: { $0 >= 0x80 }) {
                return mask(bytes.lazy.map(asciiClass))
            }
            return mask(name.unicodeScalars.lazy.map(scalarClass))
        }
    }

    static func asciiClass(_ byte: UInt8) -> CharacterClass {
        switch byte {
        case 65...90: return .upper
        case 97...122: return .lower
        case 48...57: return .digit
        case UInt8(ascii: "_"): return .underscore
        case UInt8(ascii: " "): return .space
        case UInt8(ascii: "-"): return .hyphen
        case UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "/"): return .separator
        default: return .other
        }
    }

    static func scalarClass(_ scalar: Unicode.Scalar) -> CharacterClass {
        if scalar.isASCII { return asciiClass(UInt8(scalar.value)) }
        let properties = scalar.properties
        if properties.isUppercase { return .upper }
        if properties.isLowercase { return .lower }
        if properties.numericType != nil { return .digit }
        return .other
    }

    /// Namespaces (`area:object_action`, `app.screen_view`) do not decide the style: their parts do.
    static func mask<S: Sequence>(_ classes: S) -> UInt16 where S.Element == CharacterClass {
        var common = allStyles
        var part = PartScanner()
        var sawPart = false
        for characterClass in classes {
            if characterClass == .separator {
                if part.isEmpty { continue }
                common &= part.styles
                sawPart = true
                part = PartScanner()
                if common == 0 { return 0 }
            } else {
                part.add(characterClass)
            }
        }
        if !part.isEmpty {
            common &= part.styles
            sawPart = true
        }
        return sawPart ? common : 0
    }

    /// Reads one part of a name character class by character class and says which styles it fits.
    struct PartScanner {
        var hasUpper = false, hasLower = false, hasUnderscore = false, hasSpace = false, hasHyphen = false, other = false
        var upperAfterLower = false, previousLower = false
        var wordsCapitalized = true, atWordStart = true, firstUpper = false, laterWordsLower = true, wordIndex = 0
        var isEmpty = true

        mutating func add(_ characterClass: CharacterClass) {
            isEmpty = false
            switch characterClass {
            case .upper:
                hasUpper = true
                if previousLower { upperAfterLower = true }
                if atWordStart, wordIndex == 0 { firstUpper = true }
                if atWordStart, wordIndex > 0 { laterWordsLower = false }
                previousLower = false
                atWordStart = false
            case .lower:
                hasLower = true
                if atWordStart { wordsCapitalized = false }
                previousLower = true
                atWordStart = false
            case .digit:
                previousLower = true
                atWordStart = false
            case .underscore: hasUnderscore = true; atWordStart = true; previousLower = false; wordIndex += 1
            case .space: hasSpace = true; atWordStart = true; previousLower = false; wordIndex += 1
            case .hyphen: hasHyphen = true; atWordStart = true; previousLower = false; wordIndex += 1
            case .separator, .other: other = true
            }
        }

        var styles: UInt16 {
            let separators = (hasUnderscore ? 1 : 0) + (hasSpace ? 1 : 0) + (hasHyphen ? 1 : 0)
            if other || separators > 1 { return 0 }
            if !hasUpper {
                guard hasLower else { return 0 }
                if hasUnderscore { return bit(.snakeCase) }
                if hasSpace { return bit(.lowerWords) }
                if hasHyphen { return bit(.kebabCase) }
                return bit(.snakeCase) | bit(.lowerWords) | bit(.camelCase) | bit(.kebabCase)
            }
            if !hasLower { return hasSpace || hasHyphen ? 0 : bit(.screamingSnakeCase) }
            if hasSpace {
                if wordsCapitalized { return bit(.titleCase) }
                if firstUpper, laterWordsLower { return bit(.sentenceCase) }
                return 0
            }
            if hasUnderscore || hasHyphen { return 0 }
            if firstUpper { return upperAfterLower ? bit(.pascalCase) : bit(.titleCase) | bit(.sentenceCase) | bit(.pascalCase) }
            return upperAfterLower ? bit(.camelCase) : 0
        }
    }

    /// The styles the definition's name fits, as a bit set (the per-definition part, done page by page in a crawl).
    public func prepare(_ definition: EventDefinition) -> UInt16 { Self.styleMask(of: definition.name) }

    /// Judges the definitions together by their names' styles, emitting each violation with its definition's position.
    public func check(
        _ definitions: DefinitionSubset, prepared: (Int) -> UInt16, in context: LintContext, emit: (Int, Violation) -> Void
    ) {
        var masks: [UInt16] = []
        masks.reserveCapacity(definitions.count)
        var counts = [Int](repeating: 0, count: Style.allCases.count)
        var classifiable = 0
        for index in definitions.indices {
            let mask = prepared(index)
            masks.append(mask)
            if mask != 0 { classifiable += 1 }
            // Ambiguous single words count for every style they fit.
            var bits = mask
            while bits != 0 {
                counts[bits.trailingZeroBitCount] += 1
                bits &= bits - 1
            }
        }
        var countByStyle: [Style: Int] = [:]
        for (offset, style) in Style.allCases.enumerated() where counts[offset] > 0 { countByStyle[style] = counts[offset] }
        guard classifiable >= minNames,
            let (dominant, count) = countByStyle.max(by: { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }),
            count * 100 >= classifiable * minShare
        else { return }
        let share = count * 100 / max(classifiable, 1)
        let dominantBit = Self.bit(dominant)
        // The words after the name depend only on the name's styles: each mask's are built once, with their
        // message template (a project has a handful of masks and tens of thousands of findings).
        var wordings: [UInt16: MessageWording] = [:]
        for index in definitions.indices where masks[index] & dominantBit == 0 {
            let mask = masks[index]
            let wording =
                wordings[mask]
                ?? {
                    let styles = Self.styles(inMask: mask)
                    let actual = styles.isEmpty ? "in no single style" : Self.describe(styles)
                    let made = MessageWording(
                        "' is \(actual), but \(share)% of this project's names (\(count) of \(classifiable)) are \(dominant.rawValue).")
                    wordings[mask] = made
                    return made
                }()
            let name = definitions[index].name
            emit(index, wording.violation(naming: name, value: name, group: dominant.rawValue))
        }
    }

    private static func describe(_ styles: Set<Style>) -> String {
        styles.map(\.rawValue).sorted().joined(separator: " or ")
    }
}
