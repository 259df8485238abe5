/// Marks rules that look only at the name, so `steward check` can judge names not yet in PostHog.
public protocol NameRule: Rule {}

extension NamePatternRule: NameRule {}
extension NameLengthRule: NameRule {}
extension ReservedPrefixRule: NameRule {}
extension DynamicNameRule: NameRule {}
extension NearDuplicateNameRule: NameRule {}
extension NamingConventionRule: NameRule {}
