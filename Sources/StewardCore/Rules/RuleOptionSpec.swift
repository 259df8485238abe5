/// One option a rule accepts in a policy: its name, type, default and meaning.
public struct RuleOptionSpec: Sendable {
    /// The kinds of value an option may hold.
    public enum Kind: Sendable, Equatable {
        case string
        case integer(minimum: Int, maximum: Int)
        case boolean
        case strings
        case choice([String])
        case regex
        case regexes
        case selector
        case stringMap

        /// How the type reads in docs and messages.
        public var label: String {
            switch self {
            case .string: return "string"
            case .integer(let minimum, let maximum):
                return maximum == Int.max ? "integer ≥ \(minimum)" : "integer \(minimum)…\(maximum)"
            case .boolean: return "boolean"
            case .strings: return "list of strings"
            case .choice(let values): return values.map { "`\($0)`" }.joined(separator: " \\| ")
            case .regex: return "regex (PCRE2)"
            case .regexes: return "list of regexes (PCRE2)"
            case .selector: return "selector (`names`, `name_matches`, `tags`)"
            case .stringMap: return "map of string to string"
            }
        }
    }

    /// The key in the policy.
    public let name: String
    /// The value type.
    public let kind: Kind
    /// The value used when the policy does not set it; nil when unset means "not applied".
    public let defaultValue: OptionValue?
    /// What it does.
    public let summary: String

    /// Declares an option.
    public init(_ name: String, _ kind: Kind, default defaultValue: OptionValue? = nil, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }
}
