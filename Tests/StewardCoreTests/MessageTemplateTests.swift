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
}
