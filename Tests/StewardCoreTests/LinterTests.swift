import StewardCore
import StewardTestSupport
import Testing

@Suite struct LinterTests {
    func lint(_ policyText: String, _ definitions: [EventDefinition], now: Timestamp = Fixtures.now) throws -> LintResult {
        let policy = try PolicyLoader().load(text: policyText, file: "test.yml")
        return try Linter(policy: policy, now: now).lint(definitions)
    }

    @Test func postHogEventsAreOutOfScopeByDefault() throws {
        let result = try lint(
            "rules: { name_length: { max_length: 5 } }",
            [.example("$autocapture"), .example("Application Opened"), .example("much_too_long")])
        #expect(result.inScopeCount == 1)
        #expect(result.findings.map(\.eventName) == ["much_too_long"])
    }

    @Test func overlappingOverridesMergeTheirOptionsInOrder() throws {
        // Two overrides set different options of one rule; a definition both pick gets both.
        let policy = """
            rules: { name_length: { severity: error } }
            overrides:
              - when: { tags: [a] }
                rules: { name_length: { min_length: 10 } }
              - when: { tags: [b] }
                rules: { name_length: { max_length: 12, severity: warning } }
            """
        let result = try lint(
            policy,
            [.example("abcdefgh", tags: ["a", "b"]), .example("abcdefghijklmno", tags: ["a", "b"]), .example("abcdefgh", tags: ["b"])])
        #expect(result.findings.map { "\($0.eventName) \($0.severity)" } == ["abcdefgh warning", "abcdefghijklmno warning"])
        // The configuration explain shows is the one the linter used
        let loaded = try PolicyLoader().load(text: policy, file: "test.yml")
        let merged = try #require(loaded.configuration(for: "name_length", overrides: [0, 1]))
        #expect(merged.severity == .warning)
        guard case .integer(10)? = merged.options["min_length"], case .integer(12)? = merged.options["max_length"] else {
            Issue.record("merged options: \(merged.options)")
            return
        }
    }

    @Test func scopeFiltersByNameTagAndHidden() throws {
        let policy = """
            scope: { exclude_names: ['^debug_'], exclude_tags: [internal], exclude_hidden: true }
            rules: { owner_required: error }
            """
        let result = try lint(
            policy,
            [
                .example("debug_clicked", owner: nil), .example("internal_clicked", owner: nil, tags: ["Internal"]),
                .example("gone_clicked", owner: nil, hidden: true), .example("kept_clicked", owner: nil),
            ])
        #expect(result.findings.map(\.eventName) == ["kept_clicked"])
    }

    @Test func overridesChangeSeverityOptionsOrTurnRulesOff() throws {
        let policy = """
            rules:
              owner_required: error
              name_length: { severity: warning, max_length: 10 }
            overrides:
              - when: { tags: [legacy] }
                rules: { owner_required: off }
              - when: { name_matches: ['^mobile_'] }
                rules: { name_length: { severity: error, max_length: 30 }, tags_required: error }
            """
        let result = try lint(
            policy,
            [
                .example("legacy_event", owner: nil, tags: ["legacy"]),
                .example("web_event_longname", owner: nil),
                .example("mobile_event_longname", tags: []),
            ])
        let byName = Dictionary(grouping: result.findings, by: \.eventName)
        #expect(byName["legacy_event"]?.map(\.ruleID) == ["name_length"])
        #expect(Set(byName["web_event_longname"]?.map(\.ruleID) ?? []) == ["owner_required", "name_length"])
        // 21 characters fit the override's 30, and tags_required is enabled only for mobile_ events.
        #expect(byName["mobile_event_longname"]?.map(\.ruleID) == ["tags_required"])
        #expect(byName["mobile_event_longname"]?.first?.severity == .error)
    }

    @Test func waiversSilenceUntilTheyExpireThenReportThemselves() throws {
        let policy = """
            rules: { owner_required: error }
            waivers:
              - { event: holding_event, rule: owner_required, reason: migrating, expires: 2026-06-30 }
              - { event: soon_event, rule: owner_required, reason: migrating, expires: 2026-06-05 }
              - { event: lapsed_event, rule: owner_required, reason: migrating, expires: 2026-05-31 }
            """
        let result = try lint(policy, ["holding_event", "soon_event", "lapsed_event"].map { .example($0, owner: nil) })
        #expect(result.waived.map(\.eventName) == ["holding_event", "soon_event"])
        let rules = result.findings.map { "\($0.eventName):\($0.ruleID):\($0.severity)" }
        #expect(rules == ["lapsed_event:owner_required:error", "lapsed_event:waiver_expired:error", "soon_event:waiver_expiring:info"])
    }

    @Test func findingsAreDeterministicAndKeyedOncePerRule() throws {
        // Enough definitions that the engine splits them into several concurrent chunks.
        let definitions = SyntheticProject(count: 12_000, seed: 3).definitions()
        let policy = try PolicyLoader().load(["default"])
        let first = try Linter(policy: policy, now: Fixtures.now).lint(definitions)
        let second = try Linter(policy: policy, now: Fixtures.now).lint(definitions.reversed())
        #expect(first.findings == second.findings)
        #expect(Set(first.findings.map(\.key)).count == first.findings.count)
        #expect(first.findings == first.findings.sorted(by: Finding.reportOrder))
    }

    @Test func complianceScoreCountsDefinitionsWithoutErrors() throws {
        let result = try lint(
            "rules: { owner_required: error, description_required: warning }",
            [
                .example("a_b", owner: nil), .example("c_d", description: nil), .example("e_f"), .example("g_h"),
            ])
        #expect(result.complianceScore == 75)
        #expect(result.fails(at: .error))
        #expect(!result.fails(at: .off))
    }

    @Test func nearDuplicatesFoldCaseSeparatorsCamelCaseAndEndings() {
        let key = NearDuplicateNameRule.foldedKey
        #expect(key("Signed Up") == key("signed_up"))
        #expect(key("signedUp") == key("signed-up"))
        #expect(key("sign_up") == key("signup"))
        #expect(key("report_exported") == key("Report Export"))
        #expect(key("invoices_created") == key("invoice_create"))
        #expect(key("signed_up") != key("user_signed_up"))
    }

    @Test func largeNearDuplicateGroupsNameFiveOthersAndCountTheRest() throws {
        let spellings = ["signed_up", "Signed Up", "signedUp", "signed-up", "SIGNED_UP", "signed up", "SignedUp", "signed.up"]
        let definitions = spellings.enumerated().map { EventDefinition.example($0.element, verified: $0.offset == 0) }
        let rule = try NearDuplicateNameRule(configuration: RuleConfiguration(ruleID: "near_duplicate_name", severity: .warning))
        let violations = rule.check(DefinitionSubset(definitions), in: LintContext(now: Fixtures.now))
        #expect(violations.count == 7, "every spelling but the verified one")
        let message = try #require(violations.first { definitions[$0.index].name == "Signed Up" }?.violation.message)
        #expect(message.contains("and 2 more") && message.contains("keep 'signed_up' (verified)"))
        #expect(!message.contains("as 'Signed Up'"), "a name is not listed as its own duplicate")
    }

    @Test func dynamicNameTemplatesGroupValues() throws {
        let rule = try DynamicNameRule(configuration: PolicyLoader().configuration(ruleID: "dynamic_name", optionsYAML: ""))
        #expect(rule.template(of: "user_12345_signed_up").template == "user_#_signed_up")
        #expect(rule.template(of: "viewed https://x.io/a?b=1 now").template == "viewed <url> now")
        #expect(rule.template(of: "sent_to_ana@example.com").template == "sent_to_<email>")
        #expect(rule.template(of: "job_0b7f3c2e-9d4e-4c1a-8f7e-2a1b3c4d5e6f").template == "job_<uuid>")
        #expect(rule.template(of: "report_2026-03-14_done").template == "report_<date>_done")
        #expect(rule.template(of: "checkout_started").kinds.isEmpty)
        let definitions = (1...5_412).map { EventDefinition(id: "d\($0)", name: "user_\(100_000 + $0)_signed_up") }
        let violations = rule.check(DefinitionSubset(definitions), in: LintContext(now: Fixtures.now))
        #expect(violations.count == 5_412)
        #expect(Set(violations.map(\.violation.group)) == ["user_#_signed_up"])
        #expect(violations[0].violation.message.contains("covers 5412 definitions"))
    }

    @Test func hostilePatternEndsWithAClearFinding() throws {
        let result = try lint(
            "rules: { name_pattern: { severity: error, pattern: '^(a+)+$' } }",
            [.example(String(repeating: "a", count: 10_000) + "!")])
        #expect(result.findings.count == 1)
        #expect(result.findings[0].message.contains("stopped at PCRE2's limit"))
    }

    @Test func namingConventionClassifiesStyles() {
        let styles = NamingConventionRule.styles
        #expect(styles("checkout_started") == [.snakeCase])
        #expect(styles("Checkout Started") == [.titleCase])
        #expect(styles("checkoutStarted") == [.camelCase])
        #expect(styles("signup_flow:pricing_page_view") == [.snakeCase])
        #expect(styles("checkout started") == [.lowerWords])
        #expect(styles("Checkout_started").isEmpty)
    }
}
