import PCRE2

/// A validated option value, already of the type its ``RuleOptionSpec`` declares.
public enum OptionValue: Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case strings([String])
    case regex(PCRE2Pattern)
    case regexes([PCRE2Pattern])
    case selector(DefinitionSelector)
    case stringMap([(key: String, value: String)])

    /// The value as it would be written in YAML, for documentation and `steward explain`.
    public var yamlText: String {
        switch self {
        case .string(let text): return text
        case .integer(let value): return String(value)
        case .boolean(let value): return value ? "true" : "false"
        case .strings(let values): return "[" + values.joined(separator: ", ") + "]"
        case .regex(let pattern): return "'\(pattern.pattern)'"
        case .regexes(let patterns): return "[" + patterns.map { "'\($0.pattern)'" }.joined(separator: ", ") + "]"
        case .selector(let selector): return selector.description
        case .stringMap(let pairs): return "{" + pairs.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A rule's validated settings: effective severity, options (defaults filled in), and where they were set.
public struct RuleConfiguration: Sendable {
    /// The rule id.
    public var ruleID: String
    /// The effective severity.
    public var severity: Severity
    /// Options by name; declared defaults are filled in.
    public var options: [String: OptionValue]
    /// Where the rule was configured (the line of its key in the policy), for diagnostics and SARIF.
    public var location: SourceLocation?

    /// Creates a configuration.
    public init(ruleID: String, severity: Severity, options: [String: OptionValue] = [:], location: SourceLocation? = nil) {
        self.ruleID = ruleID
        self.severity = severity
        // Every option a rule declares with a default has it, however the configuration was made: a default
        // is stated once, in the rule's option spec.
        var filled = options
        for spec in RuleRegistry.builtIn.rule(ruleID)?.description.options ?? [] where filled[spec.name] == nil {
            if let value = spec.defaultValue { filled[spec.name] = value }
        }
        self.options = filled
        self.location = location
    }

    /// An integer option its rule declares with a default: the value set, else that default.
    public func declaredInteger(_ name: String) throws(PolicyError) -> Int {
        guard let value = integer(name) else { throw undeclared(name) }
        return value
    }

    /// A list-of-strings option its rule declares with a default: the value set, else that default.
    public func declaredStrings(_ name: String) throws(PolicyError) -> [String] {
        guard let value = strings(name) else { throw undeclared(name) }
        return value
    }

    private func undeclared(_ name: String) -> PolicyError {
        PolicyError("internal: \(ruleID) reads option '\(name)', which its option spec gives no default", at: location)
    }

    /// A string or choice option.
    public func string(_ name: String) -> String? {
        if case .string(let value)? = options[name] { return value }
        return nil
    }

    /// An integer option.
    public func integer(_ name: String) -> Int? {
        if case .integer(let value)? = options[name] { return value }
        return nil
    }

    /// A boolean option.
    public func boolean(_ name: String) -> Bool? {
        if case .boolean(let value)? = options[name] { return value }
        return nil
    }

    /// A list-of-strings option.
    public func strings(_ name: String) -> [String]? {
        if case .strings(let value)? = options[name] { return value }
        return nil
    }

    /// A regex option.
    public func regex(_ name: String) -> PCRE2Pattern? {
        if case .regex(let value)? = options[name] { return value }
        return nil
    }

    /// A list-of-regexes option.
    public func regexes(_ name: String) -> [PCRE2Pattern]? {
        if case .regexes(let value)? = options[name] { return value }
        return nil
    }

    /// A selector option.
    public func selector(_ name: String) -> DefinitionSelector? {
        if case .selector(let value)? = options[name] { return value }
        return nil
    }

    /// A string-to-string map option, in the order written.
    public func stringMap(_ name: String) -> [(key: String, value: String)]? {
        if case .stringMap(let value)? = options[name] { return value }
        return nil
    }
}
