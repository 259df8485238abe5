import StewardCore
import StewardTestSupport
import Testing

/// Every rule's documented examples are its tests: triggering ones must be flagged, the others not.
@Suite struct RuleExamplesTests {
    // Code rules judge calls in source: their examples are the SDK patterns' (SDKPatternTests, ScanTests).
    static let rules = RuleRegistry.builtIn.rules.filter { !($0 is any CodeRule.Type) }.map { $0.description.identifier }

    static func violations(_ ruleID: String, _ example: RuleExample) throws -> [Int] {
        let type = try #require(RuleRegistry.builtIn.rule(ruleID))
        let configuration = try PolicyLoader().configuration(ruleID: ruleID, optionsYAML: example.options)
        let rule = try type.init(configuration: configuration)
        let context = LintContext(now: RuleExample.referenceDate, plan: example.parsedPlan, usage: example.usageIndex)
        if example.plan != nil { #expect(example.parsedPlan != nil, "\(ruleID): the example's plan does not parse") }
        if let rule = rule as? any PlanRule {
            // A plan rule's triggering example has its finding about a planned event, not a definition: the
            // first definition stands for the example as a whole.
            guard let plan = context.plan else { return [] }
            var found = 0
            rule.check(plan, names: Set(example.definitions.map(\.name)), in: context) { _, _ in found += 1 }
            return found > 0 ? [0] : []
        }
        if let rule = rule as? any DefinitionRule {
            return example.definitions.indices.filter { index in
                var found: [Violation] = []
                rule.check(example.definitions[index], in: context, into: &found)
                return !found.isEmpty
            }
        }
        let collecting = try #require(rule as? any CollectingRule)
        return collecting.check(DefinitionSubset(example.definitions), in: context).map { $0.index }
    }

    @Test(arguments: rules)
    func triggeringExamplesAreFlagged(_ ruleID: String) throws {
        let description = try #require(RuleRegistry.builtIn.rule(ruleID)).description
        #expect(!description.triggering.isEmpty)
        for example in description.triggering {
            let flagged = try Self.violations(ruleID, example)
            #expect(flagged.contains(0), "\(ruleID) should flag '\(example.definitions[0].name)' with \(example.options)")
        }
    }

    @Test(arguments: rules)
    func nonTriggeringExamplesPass(_ ruleID: String) throws {
        let description = try #require(RuleRegistry.builtIn.rule(ruleID)).description
        #expect(!description.nonTriggering.isEmpty)
        for example in description.nonTriggering {
            let flagged = try Self.violations(ruleID, example)
            #expect(flagged.isEmpty, "\(ruleID) should accept \(example.definitions.map(\.name)) with \(example.options)")
        }
    }

    @Test(arguments: rules)
    func descriptionIsComplete(_ ruleID: String) throws {
        let description = try #require(RuleRegistry.builtIn.rule(ruleID)).description
        #expect(description.identifier == ruleID)
        #expect(ruleID.allSatisfy { $0.isLowercase || $0 == "_" })
        #expect(!description.summary.isEmpty && !description.rationale.isEmpty)
    }
}
