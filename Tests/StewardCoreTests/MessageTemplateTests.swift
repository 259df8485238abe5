import Foundation
import StewardCore
import StewardTestSupport
import Testing

/// Findings keep their messages as templates without the event name, shared between findings.
@Suite struct MessageTemplateTests {
    func finding(_ name: String, _ message: String) -> Finding {
        Finding(ruleID: "owner_required", severity: .error, eventID: "1", eventName: name, message: message)
    }

    @Test func aMessageReadsBackExactlyAsWritten() throws {
        let cases = [
            ("signed_up", "'signed_up' has no owner."),
            ("a", "'a' and 'a' again: a"),
            ("", "'' has no owner."),
            ("nowhere", "this message does not name it"),
            ("x\u{E000}y", "'x\u{E000}y' has the placeholder in its name"),
            ("plain", "'plain' looks like 'pla\u{E000}in'"),
            ("émoji 🎉", "'émoji 🎉' is not snake_case"),
        ]
        for (name, message) in cases {
            let finding = finding(name, message)
            #expect(finding.message == message)
            let data = try JSONEncoder().encode(finding)
            let decoded = try JSONDecoder().decode(Finding.self, from: data)
            #expect(decoded == finding)
            #expect(decoded.message == message)
        }
    }

    @Test func onlyAMessageThatNamesItsEventAndHoldsNoPlaceholderIsATemplate() {
        #expect(finding("signed_up", "'signed_up' has no owner.").messageTemplate == "'\u{E000}' has no owner.")
        #expect(finding("nowhere", "no name here").messageTemplate == nil)
        // Expanding would put the name where the message had its own U+E000.
        #expect(finding("plain", "'plain' looks like 'pla\u{E000}in'").messageTemplate == nil)
    }

    @Test func renamingTheEventKeepsTheMessage() {
        var finding = finding("old_name", "'old_name' has no owner.")
        finding.eventName = "new_name"
        #expect(finding.message == "'old_name' has no owner.")
        #expect(finding == self.finding("new_name", "'old_name' has no owner."))
        finding.message = "'new_name' has no owner."
        #expect(finding.messageTemplate == "'\u{E000}' has no owner.")
    }

    @Test func theLinterSharesOneTemplateStringBetweenFindings() throws {
        let definitions = (0..<50).map { EventDefinition.example("event_\($0)_done", owner: nil) }
        let policy = try PolicyLoader().load(text: "rules: { owner_required: error }", file: "p.yml")
        let findings = try Linter(policy: policy, now: Fixtures.now).lint(definitions).findings
        #expect(findings.count == 50)
        let storage = Set(
            findings.map { finding -> UInt in
                var template = finding.messageTemplate ?? ""
                return template.withUTF8 { UInt(bitPattern: $0.baseAddress) }
            })
        #expect(storage.count == 1, "every owner_required finding points at the same template string")
        #expect(findings.map(\.message) == definitions.sorted { $0.name < $1.name }.map { "'\($0.name)' has no owner." })
    }

    @Test func fitsSaysExactlyWhenAJoinedTemplateIsTheOneMakeWouldGive() {
        let suffix = "' differs from 15 other names only in a number. Template `a_#` covers 16 definitions."
        let names = [
            "step_5", "'quoted", "''", "5", "a_#", "x\u{E000}y", "", "invited /chart/5236268", "15", "' differs", "ab'", "b'",
            "émoji 🎉_2024",
            // Found only at the very end of the rest, as the whole rest, longer than it, and a byte that starts
            // many false candidates.
            "definitions.", suffix, suffix + "!", "e", "ers", "s.",
        ]
        for name in names {
            let whole = "'" + name + suffix
            let made = MessageTemplate.make(whole, naming: name)
            let fits = MessageTemplate.fits("'", naming: name, suffix)
            #expect(fits == (made == ("'" + MessageTemplate.placeholder + suffix, true)), "\(name)")
        }
        // The cases that must not fit: the name again in the rest, the name starting inside the prefix,
        // the placeholder anywhere, an empty name.
        #expect(!MessageTemplate.fits("'", naming: "5", suffix))
        #expect(!MessageTemplate.fits("'", naming: "''", suffix))
        #expect(!MessageTemplate.fits("'", naming: "x\u{E000}y", suffix))
        #expect(!MessageTemplate.fits("'", naming: "", suffix))
        #expect(MessageTemplate.fits("'", naming: "step_7", suffix))
    }

    @Test func aViolationBuiltAsATemplateMakesTheSameFindingAsItsWholeMessage() throws {
        // Names that share a template, with the name's digits also in the count ("15" in "differs from 15…").
        // Names that appear in their own message's words ("has", "owner", "no", "'") must be written out whole.
        let names =
            (0..<16).map { "job_\($0)_done" } + (0..<12).map { "'q\($0)'_1" } + ["user_12345_signed_up", "15"]
            + ["has", "owner", "no", "'", "Not Verified", "description", "snake case", "KebabName", "x\u{E000}y"]
        let definitions = names.map { EventDefinition.example($0, owner: nil, description: nil, verified: false) }
        let policy = try PolicyLoader().load(
            text:
                "rules: { dynamic_name: error, owner_required: error, description_required: warning, verified_required: info, naming_convention: warning }",
            file: "p.yml")
        let findings = try Linter(policy: policy, now: Fixtures.now).lint(definitions).findings
        #expect(
            Set(findings.map(\.ruleID)) == [
                "dynamic_name", "owner_required", "description_required", "verified_required", "naming_convention",
            ])
        #expect(findings.count >= 29 + names.count * 3)
        for finding in findings {
            let whole = Finding(
                ruleID: finding.ruleID, severity: finding.severity, eventID: finding.eventID, eventName: finding.eventName,
                message: finding.message, value: finding.value, group: finding.group, fix: finding.fix)
            #expect(finding == whole, "\(finding.eventName)")
            #expect(finding.messageTemplate == whole.messageTemplate)
            #expect(finding.message.hasPrefix("'\(finding.eventName)' "))
            if let template = finding.messageTemplate {
                #expect(MessageTemplate.expand(template, naming: finding.eventName) == finding.message)
            }
        }
        let shared = Set(findings.filter { $0.group == "job_#_done" }.compactMap(\.messageTemplate))
        #expect(
            shared == [
                "'\u{E000}' differs from 15 other names only in a number: a value in the name makes a new event per value; send it as a property instead. Template `job_#_done` covers 16 definitions."
            ])
    }

    @Test func stableHashIsFNV1aOverTheBytesAndASeparator() {
        // Fixed values: history compares fingerprints across versions, so the hash must never change.
        var hash = StableHash()
        hash.combine("a")
        #expect(hash.hex == "089bc907b544c769")
        var accented = StableHash()
        accented.combine("signed up é")
        #expect(accented.int64 == Int64(bitPattern: 0xfafa_c426_c838_681f))
    }
}
