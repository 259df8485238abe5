/// The rules a policy may name, by id.
public struct RuleRegistry: Sendable {
    /// Every rule type, in documentation order.
    public let rules: [any Rule.Type]
    private let byID: [String: any Rule.Type]

    /// A registry of the given rule types.
    public init(_ rules: [any Rule.Type]) {
        self.rules = rules
        var byID: [String: any Rule.Type] = [:]
        for rule in rules { byID[rule.description.identifier] = rule }
        self.byID = byID
    }

    /// The rule type with this id.
    public func rule(_ identifier: String) -> (any Rule.Type)? { byID[identifier] }

    /// All ids, in documentation order.
    public var identifiers: [String] { rules.map { $0.description.identifier } }

    /// Every built-in rule.
    public static let builtIn = RuleRegistry([
        NamePatternRule.self,
        NamingConventionRule.self,
        NameLengthRule.self,
        ReservedPrefixRule.self,
        DynamicNameRule.self,
        NearDuplicateNameRule.self,
        OwnerRequiredRule.self,
        DescriptionRequiredRule.self,
        TagsRequiredRule.self,
        VerifiedRequiredRule.self,
        VerifiedMetadataCompleteRule.self,
        StaleNotHiddenRule.self,
        HiddenButActiveRule.self,
        EnforcementModeRule.self,
        NeverSeenRule.self,
        PlannedMissingRule.self,
        UnplannedEventRule.self,
        PlanDriftRule.self,
        StaleInUseRule.self,
        HiddenInUseRule.self,
        UnusedEventRule.self,
        DynamicNameInCodeRule.self,
        HiddenInCodeRule.self,
        NewEventRule.self,
        PlannedNotInCodeRule.self,
    ])

    /// The ids of the rules `steward scan` applies to source code (the audit skips them).
    public var codeRuleIdentifiers: [String] { rules.filter { $0 is any CodeRule.Type }.map { $0.description.identifier } }
}
