import PCRE2

/// Event names are static: no ids, UUIDs, emails, URLs, dates or hashes baked in.
public struct DynamicNameRule: CollectingRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "dynamic_name",
        name: "Dynamic name",
        summary:
            "Event names carry no values (ids, UUIDs, emails, URLs, dates, hashes, long numbers); findings are grouped by the name's template.",
        rationale:
            "A value in the name makes a new definition per user or per page: thousands of events nobody can filter, and PostHog may rate-limit them.",
        defaultSeverity: .error,
        options: [
            RuleOptionSpec(
                "min_digits", .integer(minimum: 2, maximum: 64), default: .integer(4), "A run of this many digits counts as a value."),
            RuleOptionSpec(
                "min_cluster_size", .integer(minimum: 2, maximum: Int.max), default: .integer(10),
                "Names that differ only in shorter numbers are flagged once this many share a template."),
        ],
        triggering: [
            .name("user_12345_signed_up"),
            .name("invite_sent_0b7f3c2e-9d4e-4c1a-8f7e-2a1b3c4d5e6f"),
            .name("export_for_ana@example.com"),
            .name("visited https://example.com/pricing"),
            .name("report_2026-03-14_generated"),
            .name("build_9f86d081884c7d65_deployed"),
            .names((1...12).map { "step_\($0)_completed" }, note: "twelve names that differ only in a short number"),
        ],
        nonTriggering: [
            .name("signup_flow:pricing_page_view"),
            .name("step_2_completed"),
            .name("registration_v2:sign_up_button_click"),
            .names((1...3).map { "step_\($0)_completed" }),
        ])

    // One pass finds every kind of value; the group number says which kind it is.
    static let valuePattern = [
        "((?i:https?://|www\\.)\\S+)",
        "([A-Za-z0-9.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)",
        "((?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",
        "((?<!\\d)(?:19|20)\\d\\d[-/.](?:0[1-9]|1[0-2])[-/.](?:0[1-9]|[12]\\d|3[01])(?!\\d))",
        "((?<![0-9A-Za-z])(?=[0-9A-Fa-f]*\\d)(?=[0-9A-Fa-f]*[A-Fa-f])[0-9A-Fa-f]{8,}(?![0-9A-Za-z]))",
        "(\\d+)",
    ].joined(separator: "|")

    static let kinds = ["url", "email", "uuid", "date", "hex", "number"]
    static let placeholders = ["<url>", "<email>", "<uuid>", "<date>", "<hex>", "#"]

    let minDigits: Int
    let minClusterSize: Int
    let pattern: PCRE2Pattern

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        minDigits = try configuration.declaredInteger("min_digits")
        minClusterSize = try configuration.declaredInteger("min_cluster_size")
        do {
            pattern = try PCRE2Pattern(Self.valuePattern)
        } catch {
            throw PolicyError("internal: dynamic_name pattern: \(error)", at: configuration.location)
        }
    }

    /// The name with each value replaced by a placeholder, and the kinds of value that make it dynamic on their own.
    public func template(of name: String) -> (template: String, kinds: [String]) {
        // Most names hold no digit, '@', URL or non-ASCII byte at all: skip the regex for them.
        guard name.utf8.contains(where: { ($0 >= 0x30 && $0 <= 0x3A) || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: ".") || $0 >= 0x80 })
        else { return (name, []) }
        guard let matches = try? pattern.allMatches(in: name), !matches.isEmpty else { return (name, []) }
        let utf8 = Array(name.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var kinds: [String] = []
        var cursor = 0
        for match in matches {
            guard let kindIndex = match.groups.firstIndex(where: { $0 != nil }) else { continue }
            output.append(contentsOf: utf8[cursor..<match.range.lowerBound])
            output.append(contentsOf: Self.placeholders[kindIndex].utf8)
            cursor = match.range.upperBound
            if kindIndex == Self.kinds.count - 1 {
                if match.range.count >= minDigits { kinds.append("a \(match.range.count)-digit number") }
            } else {
                kinds.append(Self.article(Self.kinds[kindIndex]))
            }
        }
        output.append(contentsOf: utf8[cursor...])
        return (String(decoding: output, as: UTF8.self), kinds)
    }

    private static func article(_ kind: String) -> String {
        switch kind {
        case "url": return "a URL"
        case "email": return "an email address"
        case "uuid": return "a UUID"
        case "date": return "a date"
        case "hex": return "a hash or hex id"
        default: return kind
        }
    }

    /// Judges the definitions together, emitting each violation with its definition's position.
    public func check(_ definitions: DefinitionSubset, in context: LintContext, emit: (Int, Violation) -> Void) {
        var templates: [String] = []
        var kinds: [[String]] = []
        templates.reserveCapacity(definitions.count)
        var sizes: [String: Int] = [:]
        for definition in definitions {
            let (template, found) = template(of: definition.name)
            templates.append(template)
            kinds.append(found)
            if template != definition.name { sizes[template, default: 0] += 1 }
        }
        for index in definitions.indices where templates[index] != definitions[index].name {
            let template = templates[index]
            let size = sizes[template] ?? 1
            let found = kinds[index]
            guard !found.isEmpty || size >= minClusterSize else { continue }
            let reason =
                found.isEmpty
                ? "differs from \(size - 1) other name\(size == 2 ? "" : "s") only in a number"
                : "contains \(Self.list(Array(Set(found)).sorted()))"
            let shared = size > 1 ? " Template `\(template)` covers \(size) definitions." : ""
            emit(
                index,
                Violation(
                    "'\(definitions[index].name)' \(reason): a value in the name makes a new event per value; send it as a property instead.\(shared)",
                    value: definitions[index].name, group: template))
        }
    }

    private static func list(_ items: [String]) -> String {
        items.count <= 1 ? (items.first ?? "") : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
