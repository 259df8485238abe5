import Foundation
import StewardCore
import StewardTestSupport
import Testing

/// Pages linted as a crawl reads them give the same result as linting the whole project at the end.
@Suite struct EarlyFindingsTests {
    /// Pages of 400 that overlap by 25 as the crawler's do, in the order they might arrive, with one definition
    /// changed between the two pages that read it (the later reading is the one kept) and one page never
    /// judged early; returns the crawl's result and each definition's origin.
    static func crawl(_ project: [EventDefinition]) -> (
        definitions: [EventDefinition], pages: [[EventDefinition]], origins: [PageOrigin], changed: String
    ) {
        var pages: [[EventDefinition]] = []
        var start = 0
        while start < project.count {
            pages.append(Array(project[start..<min(project.count, start + 425)]))
            start += 400
        }
        // The first page read a custom definition of the overlap before it lost its owner and description.
        let slot = (400..<425).first { project[$0].owner == nil && !project[$0].name.hasPrefix("$") } ?? 410
        var changed = project[slot]
        changed.owner = User(id: 5, email: "ana@example.com")
        changed.description = "Read before it was changed."
        pages[0][slot] = changed
        var kept: [String: (definition: EventDefinition, origin: PageOrigin)] = [:]
        for (number, page) in pages.enumerated() {
            for (slot, definition) in page.enumerated() {
                kept[definition.id] = (definition, PageOrigin(page: Int32(number), slot: Int32(slot)))
            }
        }
        let ordered = kept.values.sorted {
            $0.definition.name != $1.definition.name ? $0.definition.name < $1.definition.name : $0.definition.id < $1.definition.id
        }
        return (ordered.map(\.definition), pages, ordered.map(\.origin), changed.id)
    }

    /// Each page judged early, page 1 after `edit` changed each of its definitions.
    static func early(
        _ linter: Linter, _ pages: [[EventDefinition]], _ origins: [PageOrigin], editingPageOne edit: (EventDefinition) -> EventDefinition
    ) -> EarlyFindings {
        let early = EarlyFindings(origins: origins)
        for (number, page) in pages.enumerated() { early.pages[Int32(number)] = linter.lintPage(number == 1 ? page.map(edit) : page) }
        return early
    }

    func summary(_ result: LintResult) -> [String] {
        result.findings.map { "\($0.eventID) \($0.ruleID) \($0.severity) \($0.message) \($0.value ?? "-") \($0.group ?? "-")" }
            + ["\(result.inScopeCount) \(result.definitionsWithErrors) \(result.enabledRules)"]
    }

    @Test func pagesLintedEarlyGiveTheSameResultAsTheWholeProject() throws {
        let project = SyntheticProject(count: 3_000, seed: 5, includeHostileNames: true).definitions()
        let (definitions, pages, origins, changedID) = Self.crawl(project)
        let policy = try PolicyLoader().load(["default"])
        let linter = try Linter(policy: policy, now: Fixtures.now)
        #expect(linter.judgesPagesEarly)
        let early = EarlyFindings(origins: origins)
        for (number, page) in pages.enumerated() where number != 3 { early.pages[Int32(number)] = linter.lintPage(page) }
        let whole = try linter.lint(definitions)
        let paged = try linter.lint(definitions, early: early)
        #expect(summary(paged) == summary(whole))
        #expect(whole.findings.count > 1_000)
        // The kept reading of the changed definition has no owner, so the first page's reading must not count.
        #expect(definitions.first { $0.id == changedID }?.owner == nil)
        #expect(paged.findings.contains { $0.eventID == changedID && $0.ruleID == "owner_required" })
    }

    /// The linter takes a page's findings as they were made, not judging those rules again: a page judged with
    /// every definition owned leaves its definitions without owner findings.
    @Test func earlyFindingsAreTakenNotJudgedAgain() throws {
        let project = SyntheticProject(count: 1_200, seed: 6).definitions()
        let (definitions, pages, origins, _) = Self.crawl(project)
        let linter = try Linter(policy: try PolicyLoader().load(["default"]), now: Fixtures.now)
        let early = Self.early(linter, pages, origins) {
            var owned = $0
            owned.owner = User(id: 9, email: "o@example.com")
            return owned
        }
        let pageOne = Set(pages[1].map(\.id))
        let whole = try linter.lint(definitions)
        let paged = try linter.lint(definitions, early: early)
        func owners(_ result: LintResult) -> Int {
            result.findings.filter { $0.ruleID == "owner_required" && pageOne.contains($0.eventID) }.count
        }
        #expect(owners(whole) > 10)
        // Page 1's overlap with page 2 is kept from page 2, so those few are still judged owner-less.
        #expect(owners(paged) <= 25)
    }

    /// The collecting rules take what each page was prepared with (a name's template, its style) rather than
    /// working it out again: a page prepared from names with a number in them leaves its definitions with
    /// dynamic_name findings their own names would not give.
    @Test func preparedPagesAreTakenNotPreparedAgain() throws {
        let project = SyntheticProject(count: 1_200, seed: 6).definitions()
        let (definitions, pages, origins, _) = Self.crawl(project)
        let linter = try Linter(policy: try PolicyLoader().load(["default"]), now: Fixtures.now)
        let early = Self.early(linter, pages, origins) {
            var renamed = $0
            renamed.name = "user_123456_\($0.name)"
            return renamed
        }
        let pageOne = Set(pages[1].map(\.id))
        func dynamic(_ result: LintResult) -> Set<String> {
            Set(result.findings.filter { $0.ruleID == "dynamic_name" && pageOne.contains($0.eventID) }.map(\.eventID))
        }
        let whole = try linter.lint(definitions)
        let paged = try linter.lint(definitions, early: early)
        // Page 1's overlap with page 2 is kept from page 2, and PostHog's own events are out of scope.
        let custom = pages[1].prefix(400).filter { !$0.name.hasPrefix("$") }.count
        #expect(dynamic(paged).subtracting(dynamic(whole)).count >= custom - dynamic(whole).count - 25)
        #expect(dynamic(paged).count > dynamic(whole).count + 100)
    }

    /// Values prepared under another policy (a rule's options shape them) are worked out again.
    @Test func pagesPreparedUnderAnotherPolicyArePreparedAgain() throws {
        // Names with two- and three-digit numbers, which only `min_digits: 2` counts as values.
        let project =
            SyntheticProject(count: 1_200, seed: 6).definitions()
            + (0..<40).map { EventDefinition(id: "short-\($0)", name: "level_\(10 + $0 * 7)_reached_\($0 % 3)") }
        let (definitions, pages, origins, _) = Self.crawl(project)
        let linter = try Linter(policy: try PolicyLoader().load(text: "rules: { dynamic_name: error }", file: "a.yml"), now: Fixtures.now)
        let other = try Linter(
            policy: try PolicyLoader().load(text: "rules: { dynamic_name: { severity: error, min_digits: 2 } }", file: "b.yml"),
            now: Fixtures.now)
        #expect(linter.judgesPagesEarly)
        let early = EarlyFindings(origins: origins)
        for (number, page) in pages.enumerated() { early.pages[Int32(number)] = other.lintPage(page) }
        let whole = try linter.lint(definitions)
        #expect(summary(try linter.lint(definitions, early: early)) == summary(whole))
        #expect(summary(try other.lint(definitions)) != summary(whole), "the two policies judge differently")
    }

    @Test func pagesJudgedAsOfAnotherInstantAreJudgedAgain() throws {
        let project = SyntheticProject(count: 1_200, seed: 6).definitions()
        let (definitions, pages, origins, _) = Self.crawl(project)
        let policy = try PolicyLoader().load(["default"])
        let linter = try Linter(policy: policy, now: Fixtures.now)
        let later = try Linter(policy: policy, now: Fixtures.now.adding(days: 400))
        let early = EarlyFindings(origins: origins)
        for (number, page) in pages.enumerated() { early.pages[Int32(number)] = later.lintPage(page) }
        #expect(summary(try linter.lint(definitions, early: early)) == summary(try linter.lint(definitions)))
    }

    @Test func overridesJudgeEveryDefinitionAtTheEnd() throws {
        let policy = try PolicyLoader().load(
            text: "rules: { owner_required: error }\noverrides:\n  - when: { name_matches: ['^a'] }\n    rules: { owner_required: off }",
            file: "t.yml")
        #expect(!(try Linter(policy: policy, now: Fixtures.now)).judgesPagesEarly)
    }
}
