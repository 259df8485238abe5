import PCRE2

/// Event names are static: no ids, UUIDs, emails, URLs, dates or hashes baked in.
public struct DynamicNameRule: PreparingRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "dynamic_name",
        name: "Dynamic name",
        summary:
            "Event names carry no values (ids, UUIDs, ULIDs, 0x and other hex ids, random tokens, emails, URLs, IP addresses, dates, epoch timestamps, long numbers); findings are grouped by the name's template.",
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
            .name("wallet_0x71C7656EC7ab88b098defB751B7401B5f6d8976F_connected"),
            .name("job_01ARZ3NDEKTSV4RRFFQ69G5FAV_finished"),
            .name("share:V1StGXR8Z5jdHi6B:opened"),
            .name("session_1733097600_started"),
            .name("request from 192.168.10.24"),
            .names((1...12).map { "step_\($0)_completed" }, note: "twelve names that differ only in a short number"),
        ],
        nonTriggering: [
            .name("signup_flow:pricing_page_view"),
            .name("step_2_completed"),
            .name("registration_v2:sign_up_button_click"),
            .name("iPhone15ProMax Purchased"),
            .name("oauth2_callback_received"),
            .names((1...3).map { "step_\($0)_completed" }),
        ])

    // One pass finds every kind of value; the group number says which kind it is. Values are found between
    // any separators (`_`, `-`, `:`, `.`, `/`, spaces) since each boundary is "not a letter or digit".
    static let valuePattern = [
        "((?i:https?://|www\\.)\\S+)",
        "([A-Za-z0-9.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)",
        "((?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",
        "((?<!\\d)(?:19|20)\\d\\d[-/.](?:0[1-9]|1[0-2])[-/.](?:0[1-9]|[12]\\d|3[01])(?!\\d))",
        // IPv4, each part 0-255, not inside a longer dotted number.
        "((?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\d.]))",
        // 0x-prefixed hex (Ethereum addresses, pointers, hashes).
        "((?<![0-9A-Za-z])0[xX][0-9A-Fa-f]{4,}(?![0-9A-Za-z]))",
        // ULID: 26 Crockford base-32 characters, the first 0-7, upper or lower case throughout.
        "((?<![0-9A-Za-z])(?=[0-9A-Za-z]*[A-Za-z])(?:[0-7][0-9A-HJKMNP-TV-Z]{25}|[0-7][0-9a-hjkmnp-tv-z]{25})(?![0-9A-Za-z]))",
        "((?<![0-9A-Za-z])(?=[0-9A-Fa-f]*\\d)(?=[0-9A-Fa-f]*[A-Fa-f])[0-9A-Fa-f]{8,}(?![0-9A-Za-z]))",
        // A long run of letters and digits: a random token (nanoid, base62 ids) when ``isRandomToken`` says so.
        "((?<![0-9A-Za-z])(?=[A-Za-z]*\\d)(?=\\d*[A-Za-z])[A-Za-z0-9]{10,}(?![0-9A-Za-z]))",
        "(\\d+)",
    ].joined(separator: "|")

    static let kinds = ["url", "email", "uuid", "date", "ip", "0x", "ulid", "hex", "token", "number"]
    static let placeholders = ["<url>", "<email>", "<uuid>", "<date>", "<ip>", "<hex>", "<ulid>", "<hex>", "<token>", "#"]
    static let tokenKind = kinds.firstIndex(of: "token")!
    static let numberKind = kinds.count - 1

    /// Whether a run of letters and digits looks generated rather than written: digits in three or more
    /// places (`k3j4h5g6f7`), or in two and both cases of letter (`V1StGXR8Zj`). A product name such as
    /// `iPhone15ProMax` or `OAuth2Callback` has its digits in one place, so it is a word, not a value.
    static func isRandomToken(_ bytes: ArraySlice<UInt8>) -> Bool {
        var digitRuns = 0
        var inDigits = false
        var upper = false
        var lower = false
        for byte in bytes {
            let isDigit = byte >= 0x30 && byte <= 0x39
            if isDigit && !inDigits { digitRuns += 1 }
            inDigits = isDigit
            if byte >= 0x41 && byte <= 0x5A { upper = true }
            if byte >= 0x61 && byte <= 0x7A { lower = true }
        }
        return digitRuns >= 3 || (digitRuns >= 2 && upper && lower)
    }

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
            cursor = match.range.upperBound
            if kindIndex == Self.tokenKind, !Self.isRandomToken(utf8[match.range]) {
                // A word with digits in it: only its digits are placeholders, as numbers anywhere else are.
                var index = match.range.lowerBound
                while index < match.range.upperBound {
                    let start = index
                    while index < match.range.upperBound, utf8[index] >= 0x30, utf8[index] <= 0x39 { index += 1 }
                    if index > start {
                        output.append(UInt8(ascii: "#"))
                        if index - start >= minDigits { kinds.append(Self.digits(index - start)) }
                    } else {
                        output.append(utf8[index])
                        index += 1
                    }
                }
                continue
            }
            output.append(contentsOf: Self.placeholders[kindIndex].utf8)
            if kindIndex == Self.numberKind {
                let count = match.range.count
                if count >= minDigits { kinds.append(Self.isEpoch(utf8[match.range]) ? "an epoch timestamp" : Self.digits(count)) }
            } else {
                kinds.append(Self.article(Self.kinds[kindIndex]))
            }
        }
        output.append(contentsOf: utf8[cursor...])
        return (String(decoding: output, as: UTF8.self), kinds)
    }

    /// "a 4-digit number" and the like, made once for the usual lengths: longer than 15 bytes, each would be an
    /// allocation of its own, once per dynamic name a crawl holds.
    private static let digitKinds = (0...40).map { "a \($0)-digit number" }

    private static func digits(_ count: Int) -> String {
        count < digitKinds.count ? digitKinds[count] : "a \(count)-digit number"
    }

    /// Seconds (10 digits) or milliseconds (13 digits) since 1970 between 2001 and 2033.
    static func isEpoch(_ digits: ArraySlice<UInt8>) -> Bool {
        (digits.count == 10 || digits.count == 13) && digits.first == UInt8(ascii: "1")
    }

    private static func article(_ kind: String) -> String {
        switch kind {
        case "url": return "a URL"
        case "email": return "an email address"
        case "uuid": return "a UUID"
        case "date": return "a date"
        case "hex": return "a hash or hex id"
        case "0x": return "a 0x hex id"
        case "ip": return "an IP address"
        case "ulid": return "a ULID"
        case "token": return "a random token"
        default: return kind
        }
    }

    /// A name's template and the kinds of value in it (the name itself and none when it holds no value).
    public struct NameTemplate: Sendable {
        /// The name with each value replaced by a placeholder.
        public var template: String
        /// The kinds of value that make the name dynamic on their own.
        public var kinds: [String]
    }

    /// The definition's name as a template (the per-definition part, done page by page in a crawl).
    public func prepare(_ definition: EventDefinition) -> NameTemplate {
        let (template, kinds) = template(of: definition.name)
        return NameTemplate(template: template, kinds: kinds)
    }

    /// Each definition's name as a template, names that make the same template and kinds sharing one value:
    /// a crawl holds these until the end of the lint, and in a project of a million dynamic names most of
    /// them repeat (`step_#_opened`), so sharing saves a string and an array per name.
    public func prepare(each definitions: DefinitionSubset) -> [NameTemplate] {
        var values: [NameTemplate] = []
        values.reserveCapacity(definitions.count)
        var made: [String: [NameTemplate]] = [:]
        for index in definitions.indices {
            let value = prepare(definitions[index])
            guard value.template != definitions[index].name else {
                values.append(value)
                continue
            }
            if let shared = made[value.template]?.first(where: { $0.kinds == value.kinds }) {
                values.append(shared)
            } else {
                made[value.template, default: []].append(value)
                values.append(value)
            }
        }
        return values
    }

    /// Judges the definitions together by their templates, emitting each violation with its definition's position.
    public func check(
        _ definitions: DefinitionSubset, prepared: (Int) -> NameTemplate, in context: LintContext, emit: (Int, Violation) -> Void
    ) {
        // Each template that is not a name as it is gets a number, so it is hashed once per definition; sizes
        // and wordings are kept by number.
        var numbers: [UTF8Key: Int32] = [:]
        var templates: [String] = []
        var sizes: [Int] = []
        var numberOf = [Int32](repeating: -1, count: definitions.count)
        var kinds = [[String]](repeating: [], count: definitions.count)
        for index in definitions.indices {
            let found = prepared(index)
            guard found.template != definitions[index].name else { continue }
            kinds[index] = found.kinds
            let key = UTF8Key(found.template)
            if let number = numbers[key] {
                numberOf[index] = number
                sizes[Int(number)] += 1
            } else {
                numberOf[index] = Int32(templates.count)
                numbers[key] = Int32(templates.count)
                templates.append(found.template)
                sizes.append(1)
            }
        }
        numbers = [:]
        // What follows the name depends only on the template, its size and the kinds of value: a template many
        // names share gets its wording (and its message template) once, not once per name.
        var wordings = [[(kinds: [String], wording: MessageWording)]](repeating: [], count: templates.count)
        for index in definitions.indices where numberOf[index] >= 0 {
            let number = Int(numberOf[index])
            let (template, size, found) = (templates[number], sizes[number], kinds[index])
            guard !found.isEmpty || size >= minClusterSize else { continue }
            let name = definitions[index].name
            if let wording = wordings[number].first(where: { $0.kinds == found })?.wording {
                emit(index, wording.violation(naming: name, value: name, group: template))
                continue
            }
            let words = Self.wording(template: template, size: size, kinds: found)
            if size > 1 {
                // A template others share: its wording is kept for them.
                let wording = MessageWording(words)
                wordings[number].append((found, wording))
                emit(index, wording.violation(naming: name, value: name, group: template))
            } else {
                emit(index, Violation("'" + name + words, value: name, group: template))
            }
        }
    }

    /// The message after `'name`: why the name is dynamic and, when others share its template, how many.
    private static func wording(template: String, size: Int, kinds: [String]) -> String {
        let reason =
            kinds.isEmpty
            ? "differs from \(size - 1) other name\(size == 2 ? "" : "s") only in a number"
            : "contains \(list(Array(Set(kinds)).sorted()))"
        let shared = size > 1 ? " Template `\(template)` covers \(size) definitions." : ""
        return "' \(reason): a value in the name makes a new event per value; send it as a property instead.\(shared)"
    }

    private static func list(_ items: [String]) -> String {
        items.count <= 1 ? (items.first ?? "") : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
