import Foundation
import StewardTestSupport
import Testing

/// Event names chosen to forge CI log commands or to hide characters from a reader.
@Suite struct HostileNameTests {
    static let names = [
        "::error title=Forged::Steward audit passed", "::stop-commands::tok", "  ::warning file=x::forged", "\t::add-mask::x",
        "zero\u{200B}width", "\u{FEFF}bom_first", "rtl\u{202E}cod.exe", "join\u{2060}ed",
    ]

    /// Runs an audit of `names` with every name failing `name_pattern`, in the formats given.
    func audit(formats: String) async throws -> (StewardProcess.Result, URL) {
        let directory = Fixtures.temporaryDirectory("names")
        let definitions = Self.names.enumerated().map { index, name -> [String: Any] in ["id": "id-\(index)", "name": name] }
        let data = try JSONSerialization.data(withJSONObject: definitions)
        Fixtures.write(String(decoding: data, as: UTF8.self), to: "defs.json", in: directory)
        Fixtures.write("rules: { name_pattern: { severity: error, preset: snake_case } }\n", to: "steward.yml", in: directory)
        let result = try await StewardProcess.run(
            ["audit", "--from", "defs.json", "--no-history", "--format", formats, "--output-dir", "out"], in: directory)
        return (result, directory)
    }

    @Test func noLineOfTextOutputOrDiagnosticsStartsAWorkflowCommand() async throws {
        let (result, _) = try await audit(formats: "text")
        #expect(result.exitCode == 1, "\(result.standardError)")
        let lines = (result.standardOutput + result.standardError).split(separator: "\n", omittingEmptySubsequences: false)
        let forged = lines.filter { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("::") }
        #expect(forged.isEmpty, "\(forged)")
        // The names are still there, visibly escaped
        #expect(result.standardOutput.contains("\\u{3A}:error title=Forged::Steward audit passed"), "\(result.standardOutput)")
    }

    @Test func invisibleAndBidiCharactersAreShownInTextAndJUnit() async throws {
        let (result, directory) = try await audit(formats: "text,junit")
        let junit = try String(contentsOf: directory.appendingPathComponent("out/steward-report.junit.xml"), encoding: .utf8)
        for (raw, shown) in [("\u{200B}", "\\u{200B}"), ("\u{FEFF}", "\\u{FEFF}"), ("\u{202E}", "\\u{202E}"), ("\u{2060}", "\\u{2060}")] {
            #expect(!result.standardOutput.contains(raw) && result.standardOutput.contains(shown), "\(shown) in text")
            #expect(!junit.contains(raw) && junit.contains(shown), "\(shown) in JUnit")
        }
    }

    @Test func theGitHubFormatKeepsItsOwnCommandsAndNeutralisesTheNames() async throws {
        let (result, _) = try await audit(formats: "github")
        let commands = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(commands.count == Self.names.count + 1, "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("\n::stop-commands"))
    }
}
